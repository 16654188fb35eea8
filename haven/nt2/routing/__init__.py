"""The routing of the Dutch-as-a-second-language (NT2) intake: a pure engine (standard library
only).

Given what the intake knows about a learner (:class:`LearnerFacts`) and the module runs on
offer (:class:`ModuleOption`), :func:`propose` returns a :class:`Proposal`: the row of the
routing table, the kind of provider, the track, the pace and its hours per level, the level to start at, a module, the reasons
(each with the facts it used) and, when the route cannot be decided yet, the missing facts::

    proposal = propose(LearnerFacts(literate=False, work_follow_up=True), today=date(2025, 9, 1))
    proposal.provider_kind     # "cbe": literacy comes first, even for a job seeker
    proposal.row               # 1
    proposal.codes()           # ("routing_row", "start_level", "no_module")

Routing table
    The table is data: :data:`ROUTING_TABLE` in ``table.py``, numbered rows of a profile
    (literacy, schooling, aptitude, goal) and where it sends the learner (provider kind,
    track, pace, and whether a Latin-script module comes first), with its source named there.
    The first row that applies decides; the reason ``routing_row`` carries the row (number and
    columns, so that the explanation quotes it) and the learner's facts it used. In short:

    1. not literate in any script → CBE, literacy track (``alpha``, 600 h per level);
    2./3. followed up by VDAB for work → VDAB, job-oriented course (any pace);
    4./5. low schooling (fewer than 9 years, or no diploma beyond primary) → CBE, slow (240 h);
    6./7. a slow learner → CBE, slow;
    8./9. eligible for higher education, fast, wanting Dutch to study or to work → UCT, fast (90 h);
    10./11. another fast learner → CVO, fast;
    12./13. an average learner → CVO, regular (120 h).

    Of each pair, the first row is for a learner literate in the Latin script, the second for
    one literate in another script (Arabic, Tigrinya, ...): the same course, after a short
    Latin-script module. The literacy track is for learners literate in no script only.

Unknown facts
    Conditions are three-valued (Kleene logic): a known fact settles a condition whatever the
    unknown ones would say, and a row applies only when every row before it is known not to,
    or is undecided but would send the learner to the same place (provider kind, track, pace,
    Latin-script module): a slow learner with unknown schooling goes to the CBE at the slow
    pace whether row 4 or row 6 applies, and the row quoted is the one known to apply.
    When a row before the first one that applies is undecided and would send the learner
    elsewhere, the route is undecided:
    ``provider_kind``, ``pace`` and ``hours_per_level`` are None and ``missing`` names, in
    LearnerFacts field order, the unknown facts of every undecided row up to the first row
    that applies (all of them, so the intake can ask them at once). The facts are read this
    way:

    - ``literate`` False settles literacy (the literacy track) whatever ``latin_script`` says;
      ``latin_script`` True implies literate. A learner who does not read the Latin script
      may read another one, so ``latin_script`` False with ``literate`` unknown asks
      ``literate``; ``literate`` True with ``latin_script`` unknown asks ``latin_script``.
    - ``work_follow_up`` None counts as False: the intake ticks it or not, so it is never
      missing.
    - Schooling is low as soon as one of ``years_of_schooling`` and ``highest_diploma``
      says so, whatever the other (6 years with an upper-secondary diploma is low; 12 years
      with primary school only is low). It is not low when one is known and does not say so
      and the other is unknown (9 years or more with the diploma unknown; a lower-secondary
      or higher diploma with the years unknown). With both unknown, both are missing.
    - Eligibility for higher education needs the diploma even when the years are known: 12
      years of schooling and a fast learner, diploma unknown, is undecided with
      ``highest_diploma`` missing; so is the learning goal for such a learner.
    - ``learning_pace`` unknown leaves the rows after low schooling undecided.

Start level
    The level above the lowest current level over the four skills; "below A1" (``BELOW_A1``,
    a level test that found no Dutch yet) is a result, the lowest, so the start is A1. A
    skill without a result (not tested) leaves the lowest level unknown, so the start is A1
    too, and the explanation names the untested skills. Levels A2/B1/A2/A2 start at B1. The
    start level does not depend on the routing facts, so an undecided proposal has one too.
    With every skill at C2 there is nothing left to learn: the proposal has no provider kind,
    no start level, the single reason ``at_top_level`` and nothing missing, whatever the
    other facts.

Module
    Where the row puts a Latin-script module first: a Latin-script module (pace ``latin``) of
    any provider, with a place left and starting today or later. Otherwise, among the modules
    of the proposal's provider kind, at the start level, of its pace (any pace of a level for
    VDAB), with a place left and starting today or later. Either way the earliest start, then
    the most places left, then the lowest id. Reason ``module_chosen`` (its id, provider and
    start, and ``latin_script_module`` for a Latin-script module) or ``no_module`` (what was
    looked for). An undecided proposal has no module and neither reason.

Reasons
    In order: ``at_top_level`` alone, or ``routing_row``, then ``start_level``, then
    ``module_chosen`` or ``no_module``. :data:`REASON_CODES` lists them all;
    ``haven.nt2.explanation`` turns each into a translated sentence.
"""

from __future__ import annotations

from .engine import choose_latin_script_module, choose_module, propose, route
from .facts import (
    BELOW_A1,
    HOURS_PER_LEVEL,
    LEARNING_GOALS,
    LEVELS,
    SKILLS,
    TEST_RESULTS,
    Diploma,
    LearnerFacts,
    ModuleOption,
    Pace,
    ProviderKind,
)
from .proposal import REASON_CODES, Proposal, Reason
from .table import ROUTING_TABLE, Aptitude, Goal, Literacy, Row, Schooling, Track, row_numbered

__all__ = [
    "BELOW_A1",
    "HOURS_PER_LEVEL",
    "LEARNING_GOALS",
    "LEVELS",
    "REASON_CODES",
    "ROUTING_TABLE",
    "SKILLS",
    "TEST_RESULTS",
    "Aptitude",
    "Diploma",
    "Goal",
    "LearnerFacts",
    "Literacy",
    "ModuleOption",
    "Pace",
    "Proposal",
    "ProviderKind",
    "Reason",
    "Row",
    "Schooling",
    "Track",
    "choose_latin_script_module",
    "choose_module",
    "propose",
    "route",
    "row_numbered",
]
