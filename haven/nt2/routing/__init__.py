"""The routing of the Dutch-as-a-second-language (NT2) intake: a pure engine (standard library
only).

Given what the intake knows about a learner (:class:`LearnerFacts`) and the module runs on
offer (:class:`ModuleOption`), :func:`propose` returns a :class:`Proposal`: the kind of
provider, the pace and its hours per level, the level to start at, a module, the reasons
(each with the facts it used) and, when the route cannot be decided yet, the missing facts::

    proposal = propose(LearnerFacts(literate=False, work_follow_up=True), today=date(2025, 9, 1))
    proposal.provider_kind     # "cbe": literacy comes first, even for a job seeker
    proposal.codes()           # ("not_literate", "start_level", "no_module")

Routing table
    The agency's order; the first line that applies decides:

    1. not literate at all (``literate`` is False) or not literate in the Latin script
       (``latin_script`` is False) → CBE, literacy track (``alpha``, 600 h per level);
    2. followed up by VDAB for work (``work_follow_up`` is True) → VDAB, any pace (``pace``
       and ``hours_per_level`` are None);
    3. low schooling (``years_of_schooling`` < 9, or ``highest_diploma`` none or primary) or a
       slow learner (``learning_pace`` "slow") → CBE, slow (240 h);
    4. eligible for higher education (``highest_diploma`` upper secondary or higher) and a
       fast learner (``learning_pace`` "fast") → university language centre, fast (90 h);
    5. otherwise → CVO, regular (120 h).

    Every condition of the line that decides and holds becomes a reason, in the order above
    (a learner with 6 years of schooling who is also a slow learner gets ``low_schooling``
    and ``slow_learner``; one who is not literate at all and not in the Latin script gets
    ``not_literate`` and ``not_latin_script``). Line 5 gives ``regular`` with the known
    facts that ruled out lines 1 to 4.

Unknown facts
    Conditions are three-valued (Kleene logic): a known fact settles a condition whatever the
    unknown ones would say, and a line applies only when every line before it is known not
    to. When a line before the first one that applies is undecided, the route is undecided:
    ``provider_kind``, ``pace`` and ``hours_per_level`` are None and ``missing`` names, in
    LearnerFacts field order, the unknown facts of every undecided line up to the first line
    that applies (all of them, so the intake can ask them at once). Even when every possible
    outcome has the same provider kind (CBE alpha or CBE slow), the route stays undecided:
    the pace differs. The facts are read this way:

    - ``latin_script`` True implies literate; ``literate`` False implies no Latin script and
      settles line 1 with ``latin_script`` unknown. ``latin_script`` is the question that
      settles line 1, so with both unknown (or ``literate`` True) only ``latin_script`` is
      missing; ``literate`` never is. Contradictory facts (``literate`` False with
      ``latin_script`` True, e.g. from two conversations) are not refused: ``literate``
      False applies line 1, and the reason shows it.
    - ``work_follow_up`` None counts as False: the intake ticks it or not, so it is never
      missing.
    - Schooling is low as soon as one of ``years_of_schooling`` and ``highest_diploma``
      says so, whatever the other (6 years with an upper-secondary diploma is low; 12 years
      with primary school only is low). It is not low when one is known and does not say so
      and the other is unknown (9 years or more with the diploma unknown; a lower-secondary
      or higher diploma with the years unknown). With both unknown, both are missing.
    - Line 4 needs the diploma even when the years are known: 12 years of schooling and a
      fast learner, diploma unknown, is undecided with ``highest_diploma`` missing.
    - ``learning_pace`` unknown leaves line 3 undecided unless schooling is low, and line 4
      undecided for a holder of an upper-secondary or higher diploma.

Start level
    The level above the lowest current level over the four skills; a skill without a level
    (not tested) counts as no level, so the start is A1. Levels A2/B1/A2/A2 start at B1. The
    start level does not depend on the routing facts, so an undecided proposal has one too.
    With every skill at C2 there is nothing left to learn: the proposal has no provider kind,
    no start level, the single reason ``at_top_level`` and nothing missing, whatever the
    other facts.

Module
    Among the modules of the proposal's provider kind, at the start level, of its pace (any
    pace for VDAB), with a place left and starting today or later: the earliest start, then
    the most places left, then the lowest id. Reason ``module_chosen`` (its id, provider and
    start) or ``no_module`` (kind, level and pace looked for). An undecided proposal has no
    module and neither reason.

Reasons
    In order: ``at_top_level`` alone, or the routing reasons (``not_literate``,
    ``not_latin_script``, ``work_follow_up``, ``low_schooling``, ``slow_learner``,
    ``fast_and_higher_education``, ``regular``), then ``start_level``, then ``module_chosen``
    or ``no_module``. :data:`REASON_CODES` lists them all; ``haven.nt2.explanation`` turns
    each into a translated sentence.
"""

from __future__ import annotations

from .engine import ROUTES, choose_module, propose, route
from .facts import (
    HOURS_PER_LEVEL,
    LEVELS,
    SKILLS,
    Diploma,
    LearnerFacts,
    ModuleOption,
    Pace,
    ProviderKind,
)
from .proposal import REASON_CODES, Proposal, Reason

__all__ = [
    "HOURS_PER_LEVEL",
    "LEVELS",
    "REASON_CODES",
    "ROUTES",
    "SKILLS",
    "Diploma",
    "LearnerFacts",
    "ModuleOption",
    "Pace",
    "Proposal",
    "ProviderKind",
    "Reason",
    "choose_module",
    "propose",
    "route",
]
