"""The output of the routing: a proposal, and the reasons that explain it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .facts import ModuleOption

#: Every reason code the engine produces, in the order they can appear in a proposal.
REASON_CODES: tuple[str, ...] = (
    "at_top_level",  # every skill at C2: nothing left to learn
    "routing_row",  # the row of the routing table that applies, with the facts it used
    "start_level",  # the level to start at, from the current levels
    "module_chosen",  # the module proposed (a Latin-script module where the row puts one first)
    "no_module",  # no module fits
)


@dataclass(frozen=True)
class Reason:
    """One reason for a proposal, with the facts it used (by LearnerFacts field name, or a
    derived name such as ``row``, ``start_level``, ``module_id``)."""

    code: str  # one of REASON_CODES
    facts: Mapping[str, object]


@dataclass(frozen=True)
class Proposal:
    """Where the learner should go, and why.

    ``provider_kind`` is ``None`` when the outcome still depends on unknown facts (then
    ``missing`` names them) or when there is nothing left to learn (every skill at C2, reason
    ``at_top_level``, ``missing`` empty). ``pace`` and ``hours_per_level`` are ``None`` for
    VDAB (any of its modules' paces) and whenever ``provider_kind`` is. ``start_level`` is
    known whatever the other facts, except at the top level. ``row`` is the number of the
    routing table's row that decided, ``track`` its track (literacy, course, job), and
    ``latin_script_module`` whether a Latin-script module comes first (then ``module`` is that
    module, and ``pace`` the pace of the course after it).
    """

    provider_kind: str | None
    pace: str | None
    hours_per_level: int | None
    start_level: str | None
    module: ModuleOption | None
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]  # names of LearnerFacts fields, in field order
    row: int | None = None
    track: str | None = None
    latin_script_module: bool = False

    @property
    def undetermined(self) -> bool:
        """The route cannot be proposed yet: facts are missing."""
        return bool(self.missing)

    def codes(self) -> tuple[str, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)
