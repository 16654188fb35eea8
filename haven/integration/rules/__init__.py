"""The civic-integration target-group rules: a pure engine (standard library only).

Given what is known about a person (:class:`Facts`), the date the question is asked and the
region of the municipality (:class:`Question`), :func:`decide` picks the rule set and returns
a :class:`Decision`: the status (``verplicht``, ``rechthebbend``, ``onbepaald`` or
``niet in aanmerking``), the steps that explain it and, if undetermined, the missing facts::

    decision = decide(Question(Facts(birth_date=date(2009, 5, 1)), date(2024, 6, 1)))
    decision.status            # Status.NOT_ELIGIBLE: known to be 15, nothing else needed
    decision.explanation()     # ["Status: niet in aanmerking (rule set 2022).", "[fired] ..."]

The specification is docs/domain.md, "Civic-integration rules"; the rules themselves are in
:mod:`.flanders`, how they combine in :mod:`.ruleset`. Where the specification leaves a gap,
these are the choices made:

Rule sets
    "2016-2022" applies to questions asked from 1 January 2014 (the decree's entry into
    force; questions about earlier years get the best approximation rather than nothing) up
    to and including 28 February 2022, "2022" from 1 March 2022. Only the Flemish Region has
    rule sets: Brussels, Wallonia or a date before 2014 raise :class:`NoRuleSet`.
    :meth:`RuleSet.decide` applies one rule set whatever the date, for comparisons.

Status
    Not eligible if an exclusion holds or an entitlement requirement fails; obligated if
    entitled, an obligation ground holds and no exemption does; entitled if entitled and an
    exemption holds or no ground does. A person who fails the entitlement conditions (a
    Belgian born in Belgium, someone not yet registered in the municipality) is
    ``niet in aanmerking``: the statuses are exhaustive.

Unknown facts (``onbepaald``)
    Conditions are three-valued (Kleene logic): a known fact settles a rule whatever the
    unknown ones would say, and a settled part settles the status (a person known to be 15
    is not eligible however little else is known; a known EU citizen is at most entitled, so
    the facts of the obligation grounds are not asked). ``missing`` lists, in Facts field
    order, the unknown facts of every rule whose value is still needed. A fact whose
    relevance itself depends on an unknown fact is asked once that is known: the asylum
    procedure's start only of a known asylum seeker, the title's duration only of a known
    limited title, ``first_residence_title`` only once the title is known to be of more than
    3 months, ``born_abroad``/``parent_born_abroad`` only of a known Belgian, the family-member
    fact only of a known foreigner, the first registration date for a move only when the
    person is known to have moved. Otherwise every unknown fact the status depends on is
    listed, so the intake can ask them at once.

Steps (the explanation)
    In evaluation order (exclusions, requirements, grounds, exemptions), only the rules the
    status rests on: the exclusions that fired (not eligible), or the rules of a failed
    requirement group (all "not applicable"); for an entitled or obligated person the
    requirements that fired, then the grounds that fired and the exemptions that fired (or,
    obligated, every exemption as "not applicable"; entitled without an exemption, every
    ground as "not applicable"); for an undetermined status, in addition, the rules still
    "unknown" with the facts they need. Each step names the facts it used (None = unknown)
    and derived values (``age``, ``eighteenth_birthday``, the end of a period, ``asked_on``).

Who is Belgian, who is an EU citizen
    Belgian by ``nationality == "BE"``; with the nationality unknown, by the residence title
    (``belgian`` or a foreigner's title). Nationality "BE" with a foreigner's title, or
    another nationality with the title ``belgian``, raises :class:`InconsistentFacts`. A
    Belgian holds no residence title, so the title rules do not apply to one and the title is
    never missing for one. "EU citizen" means a citizen, on the day asked, of another EU
    member state, of an EEA state or of Switzerland (:mod:`.countries`: dated lists with
    their sources; the United Kingdom counts up to and including 31 December 2020, the end
    of the transition period after its withdrawal on 31 January 2020); a Belgian is not one.
    The family-member exemption applies to foreigners only.

Registers and titles
    Register ``none`` excludes; the waiting register counts as a register (asylum seekers
    past 4 months are entitled under "2016-2022"). Asylum seekers are recognised by the
    residence title ``asylum_seeker``. A title for a temporary purpose excludes whatever its
    recorded duration (the title kind itself means "at most one year"). Legal stay for
    entitlement: an unlimited or limited title, or (2016-2022 only) an asylum seeker past 4
    months. An asylum seeker's document is not a "residence title of more than 3 months":
    such a person is entitled, not obligated, unless another ground holds.

Periods and ages
    Months are calendar months (:func:`add_months`; a missing day becomes the month's last
    day, 31 January + 1 month = 28/29 February). A period "no more than N months" includes
    its last day: registered 12 months ago exactly still counts, 12 months and 1 day does
    not; the 5 years of a move (60 months, first registration in Belgium to the question) and
    the 12 months of a minor turning 18 (first registration in Belgium to the 18th birthday,
    registered before that birthday) likewise. The asylum exclusion lasts while the day asked
    is before start + 4 months: at 3 months 30 days excluded, at 4 months not. A title of
    "more than 3 months" is ``residence_title_months > 3`` (whole months: 4 means 3 months
    and some days); an unlimited title always is. Ages are calendar years on the day asked:
    18 on the 18th birthday, 65 on the 65th; someone born on 29 February has a birthday on
    1 March in other years.
"""

from __future__ import annotations

from datetime import date

from .countries import (
    EEA_EFTA_STATES,
    EU_MEMBER_STATES,
    FREE_MOVEMENT,
    SWITZERLAND,
    DatedCountries,
    Membership,
    eu_eea_swiss_citizen,
    eu_eea_swiss_on,
)
from .dates import add_months, age_on, birthday
from .decision import FIRED, NOT_APPLICABLE, UNKNOWN, Decision, Step
from .facts import (
    Facts,
    InconsistentFacts,
    Question,
    Region,
    Register,
    ResidenceTitle,
    Status,
)
from .flanders import RULE_SET_2016, RULE_SET_2022
from .ruleset import Kind, Rule, RuleSet

RULE_SETS: tuple[RuleSet, ...] = (RULE_SET_2016, RULE_SET_2022)


class NoRuleSet(LookupError):
    """No rule set covers this date in this region."""


def rule_set_for(asked_on: date, region: Region | str) -> RuleSet:
    """The rule set valid on ``asked_on`` in ``region``; :class:`NoRuleSet` if there is none."""
    region = Region(region)
    for rule_set in RULE_SETS:
        if rule_set.applies_to(asked_on, region):
            return rule_set
    raise NoRuleSet(f"no target-group rule set for {region.value} on {asked_on.isoformat()}")


def decide(question: Question) -> Decision:
    """The status for the question, by the rule set valid on its date in its region."""
    return rule_set_for(question.asked_on, question.region).decide(question)


__all__ = [
    "EEA_EFTA_STATES",
    "EU_MEMBER_STATES",
    "FIRED",
    "FREE_MOVEMENT",
    "NOT_APPLICABLE",
    "RULE_SETS",
    "SWITZERLAND",
    "UNKNOWN",
    "DatedCountries",
    "Decision",
    "Facts",
    "InconsistentFacts",
    "Kind",
    "Membership",
    "NoRuleSet",
    "Question",
    "Region",
    "Register",
    "ResidenceTitle",
    "Rule",
    "RuleSet",
    "Status",
    "Step",
    "add_months",
    "age_on",
    "birthday",
    "decide",
    "eu_eea_swiss_citizen",
    "eu_eea_swiss_on",
    "rule_set_for",
]
