"""The output of the routing: a proposal, and the reasons that explain it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .facts import ModuleOption

#: Every reason code the engine produces, in the order they can appear in a proposal.
REASON_CODES: tuple[str, ...] = (
    "at_top_level",  # every skill at C2: nothing left to learn
    "not_literate",  # rule 1: reads and writes in no script
    "not_latin_script",  # rule 1: does not read and write the Latin script
    "work_follow_up",  # rule 2
    "low_schooling",  # rule 3: fewer than 9 years, or no diploma or primary school only
    "slow_learner",  # rule 3: the aptitude test found a slow pace
    "fast_and_higher_education",  # rule 4
    "regular",  # rule 5: none of the above
    "start_level",  # the level to start at, from the current levels
    "module_chosen",  # the module proposed
    "no_module",  # no module fits
)


@dataclass(frozen=True)
class Reason:
    """One reason for a proposal, with the facts it used (by LearnerFacts field name, or a
    derived name such as ``start_level``, ``module_id``)."""

    code: str  # one of REASON_CODES
    facts: Mapping[str, object]


@dataclass(frozen=True)
class Proposal:
    """Where the learner should go, and why.

    ``provider_kind`` is ``None`` when the outcome still depends on unknown facts (then
    ``missing`` names them) or when there is nothing left to learn (every skill at C2, reason
    ``at_top_level``, ``missing`` empty). ``pace`` and ``hours_per_level`` are ``None`` for
    VDAB (any of its modules' paces) and whenever ``provider_kind`` is. ``start_level`` is
    known whatever the other facts, except at the top level.
    """

    provider_kind: str | None
    pace: str | None
    hours_per_level: int | None
    start_level: str | None
    module: ModuleOption | None
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]  # names of LearnerFacts fields, in field order

    @property
    def undetermined(self) -> bool:
        """The route cannot be proposed yet: facts are missing."""
        return bool(self.missing)

    def codes(self) -> tuple[str, ...]:
        """The codes of the reasons, in order."""
        return tuple(reason.code for reason in self.reasons)
