"""A routing proposal in plain, translated words, for the pages.

The routing engine (:mod:`haven.nt2.routing`) is pure and gives reasons as codes with the
facts they used; here each reason becomes one translated sentence, with the facts filled
in (diplomas, paces and provider kinds by their labels), and each missing fact a label.
A routing keeps its reasons as codes and facts (JSON), never as sentences: they are put into
words when read, in the reader's language. The reason ``routing_row`` carries its row of the
routing table (number and columns), so the sentence quotes the row as it was when proposed.

The source strings are English; the Dutch catalogue translates them. The messages are
marked with ``gettext_noop`` by that name (so ``makemessages`` finds them) and translated when asked,
in the language active then, with dates in its short format (09/12/2026 in Dutch).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from haven.nt2.models import LearningGoal, Skill
from haven.nt2.routing import BELOW_A1, Aptitude, Diploma, Goal, Literacy, Pace, ProviderKind, Reason, Schooling, Track

PROVIDER_KIND_LABELS = {
    ProviderKind.CBE: gettext_noop("a centre for basic education (CBE)"),
    ProviderKind.CVO: gettext_noop("an adult education centre (CVO)"),
    ProviderKind.UCT: gettext_noop("a university language centre"),
    ProviderKind.VDAB: gettext_noop("the public employment service (VDAB)"),
    ProviderKind.OTHER: gettext_noop("another provider"),
}
PACE_LABELS = {
    Pace.ALPHA: gettext_noop("literacy track (600 hours per level)"),
    Pace.SLOW: gettext_noop("slow pace (240 hours per level)"),
    Pace.REGULAR: gettext_noop("regular pace (120 hours per level)"),
    Pace.FAST: gettext_noop("fast pace (at most 90 hours per level)"),
}
# The columns of the routing table, as the quote of a row shows them.
LITERACY_LABELS = {
    Literacy.NONE: gettext_noop("not literate in any script"),
    Literacy.OTHER_SCRIPT: gettext_noop("literate in another script (not the Latin script)"),
    Literacy.LATIN: gettext_noop("literate in the Latin script"),
}
SCHOOLING_LABELS = {
    Schooling.ANY: gettext_noop("any schooling"),
    Schooling.LOW: gettext_noop("low schooling (fewer than 9 years, or no diploma beyond primary school)"),
    Schooling.NOT_LOW: gettext_noop("9 or more years of schooling (beyond primary school)"),
    Schooling.HIGHER_EDUCATION: gettext_noop("eligible for higher education (upper-secondary or higher diploma)"),
}
APTITUDE_LABELS = {
    Aptitude.ANY: gettext_noop("any aptitude"),
    Aptitude.SLOW: gettext_noop("slow aptitude"),
    Aptitude.REGULAR: gettext_noop("average aptitude"),
    Aptitude.FAST: gettext_noop("fast aptitude"),
}
GOAL_LABELS = {
    Goal.ANY: gettext_noop("any goal"),
    Goal.WORK_VIA_VDAB: gettext_noop("a job seeker followed up by VDAB"),
    Goal.STUDY_OR_WORK: gettext_noop("wants Dutch to study or to work"),
}
TRACK_LABELS = {
    Track.LITERACY: gettext_noop("literacy track"),
    Track.COURSE: gettext_noop("regular course"),
    Track.JOB: gettext_noop("job-oriented course"),
}
ROW_PACE_LABELS = {
    Pace.ALPHA: gettext_noop("600 hours per level"),
    Pace.SLOW: gettext_noop("slow pace (240 hours per level)"),
    Pace.REGULAR: gettext_noop("standard pace (120 hours per level)"),
    Pace.FAST: gettext_noop("fast pace (at most 90 hours per level)"),
}
ROW_ANY_PACE = gettext_noop("at the pace of its modules")
# The learner's facts a row used, as the sentence after the quote shows them.
FACT_TEXTS = {
    ("literate", True): gettext_noop("reads and writes"),
    ("literate", False): gettext_noop("reads and writes in no script"),
    ("latin_script", True): gettext_noop("reads and writes the Latin script"),
    ("latin_script", False): gettext_noop("does not read and write the Latin script"),
    ("work_follow_up", True): gettext_noop("followed up by VDAB for work"),
    ("work_follow_up", False): gettext_noop("not followed up by VDAB for work"),
}
FACT_VALUE_TEXTS = {
    "highest_diploma": gettext_noop("highest diploma: %(value)s"),
    "learning_pace": gettext_noop("aptitude: %(value)s"),
    "learning_goal": gettext_noop("learning goal: %(value)s"),
}
LEARNING_PACE_LABELS = {
    Pace.SLOW: gettext_noop("slow learner"),
    Pace.REGULAR: gettext_noop("average learner"),
    Pace.FAST: gettext_noop("fast learner"),
}
DIPLOMA_LABELS = {
    Diploma.NONE: gettext_noop("none"),
    Diploma.PRIMARY: gettext_noop("primary school"),
    Diploma.LOWER_SECONDARY: gettext_noop("lower secondary"),
    Diploma.UPPER_SECONDARY: gettext_noop("upper secondary"),
    Diploma.HIGHER: gettext_noop("higher education"),
}

# One message per reason code; where the facts a reason carries vary, one per variant
# (chosen in reason_text), so every sentence is whole in the catalogue. "module_chosen"
# has a plural, so its message is in reason_text. The codes from "not_literate" to
# "regular" are those of the engine before the routing table was data: routings proposed
# then keep them, and still read.
REASON_TEXTS = {
    "at_top_level": gettext_noop("Every skill is at level C2: there is no higher level to learn."),
    "routing_row": gettext_noop(
        "Row %(row)s of the routing table: %(row_literacy)s; %(row_schooling)s; %(row_aptitude)s; "
        "%(row_goal)s → %(row_provider_kind)s, %(row_track)s, %(row_pace)s."
    ),
    "routing_row.latin": gettext_noop(
        "Row %(row)s of the routing table: %(row_literacy)s; %(row_schooling)s; %(row_aptitude)s; "
        "%(row_goal)s → %(row_provider_kind)s, %(row_track)s, %(row_pace)s, after a Latin-script module."
    ),
    "routing_row.facts": gettext_noop("Recorded at the intake: %(facts)s."),
    "not_literate": gettext_noop(
        "Does not read and write in any script: the literacy track at a centre for basic education."
    ),
    "not_latin_script": gettext_noop(
        "Does not read and write the Latin script: the literacy track at a centre for basic education."
    ),
    "work_follow_up": gettext_noop(
        "Wants a job-oriented course and is followed up by VDAB for work: a course of the public employment service."
    ),
    "low_schooling": gettext_noop(
        "Low schooling (%(years_of_schooling)s years of schooling, fewer than 9; "
        "highest diploma: %(highest_diploma)s): the slow pace at a centre for "
        "basic education."
    ),
    "low_schooling.years": gettext_noop(
        "Low schooling (%(years_of_schooling)s years of schooling, fewer "
        "than 9): the slow pace at a centre for basic education."
    ),
    "low_schooling.diploma": gettext_noop(
        "Low schooling (highest diploma: %(highest_diploma)s): the slow pace at a centre for basic education."
    ),
    "slow_learner": gettext_noop(
        "A slow learner (aptitude test, or the estimate at the intake): the slow pace at a centre for basic education."
    ),
    "fast_and_higher_education": gettext_noop(
        "Eligible for higher education (highest diploma: "
        "%(highest_diploma)s) and a fast learner (aptitude test, or "
        "the estimate at the intake): the fast pace at a university "
        "language centre."
    ),
    "regular": gettext_noop("None of the other routes applies: the regular pace at an adult education centre."),
    "start_level": gettext_noop(
        "Starts at level %(start_level)s, the level above %(lowest_level)s, the "
        "lowest current level over the four skills."
    ),
    "start_level.below_a1": gettext_noop(
        "Starts at level %(start_level)s: all four skills are tested, and the lowest is below A1."
    ),
    "start_level.untested": gettext_noop("Starts at level %(start_level)s: no level test yet for %(untested)s."),
    "no_module": gettext_noop(
        "No module found: level %(level)s, %(pace)s, at %(provider_kind)s, with a "
        "place left and starting on %(today)s or later."
    ),
    "no_module.any_pace": gettext_noop(
        "No module found: level %(level)s, at %(provider_kind)s, with a place left and starting on %(today)s or later."
    ),
    "no_module.latin": gettext_noop(
        "No Latin-script module found with a place left and starting on %(today)s or later."
    ),
}

MISSING_TEXTS = {
    "literate": gettext_noop("literacy (reads and writes in any script)"),
    "latin_script": gettext_noop("literacy in the Latin script"),
    "years_of_schooling": gettext_noop("years of schooling"),
    "highest_diploma": gettext_noop("highest diploma"),
    "learning_pace": gettext_noop("learning pace (aptitude test or estimate at the intake)"),
    "work_follow_up": gettext_noop("follow-up by VDAB for work"),
    "learning_goal": gettext_noop("learning goal"),
    "levels": gettext_noop("current level per skill (level tests)"),
}


def reason_text(reason: Reason) -> str:
    """The reason as one translated sentence; :class:`KeyError` for an unknown code."""
    facts: Mapping[str, object] = reason.facts
    key = reason.code
    if key == "routing_row":
        return _routing_row_text(facts)
    if key == "low_schooling":
        if facts.get("highest_diploma") is None:
            key = "low_schooling.years"
        elif facts.get("years_of_schooling") is None:
            key = "low_schooling.diploma"
    elif key == "start_level" and facts.get("lowest_level") is None:
        return _(REASON_TEXTS["start_level.untested"]) % {
            "start_level": facts["start_level"],
            "untested": _untested_skills(cast(Mapping[str, object], facts["levels"])),
        }
    elif key == "start_level" and facts.get("lowest_level") == BELOW_A1:
        key = "start_level.below_a1"
    elif key == "no_module" and facts.get("latin_script_module"):
        key = "no_module.latin"
    elif key == "no_module" and facts.get("pace") is None:
        key = "no_module.any_pace"
    elif key == "module_chosen" and facts.get("latin_script_module"):
        return ngettext(
            "Proposed Latin-script module: %(provider_name)s, starting on %(starts_on)s (%(places_left)s place left).",
            "Proposed Latin-script module: %(provider_name)s, starting on %(starts_on)s (%(places_left)s places left).",
            cast(int, facts["places_left"]),
        ) % _shown(facts)
    elif key == "module_chosen":
        return ngettext(
            "Proposed module: %(provider_name)s, starting on %(starts_on)s (%(places_left)s place left).",
            "Proposed module: %(provider_name)s, starting on %(starts_on)s (%(places_left)s places left).",
            cast(int, facts["places_left"]),
        ) % _shown(facts)
    return _(REASON_TEXTS[key]) % _shown(facts)


def _routing_row_text(facts: Mapping[str, object]) -> str:
    """The quote of the row, then the learner's facts it used."""
    pace = facts["row_pace"]
    shown = {
        "row": facts["row"],
        "row_literacy": _(LITERACY_LABELS[Literacy(cast(str, facts["row_literacy"]))]),
        "row_schooling": _(SCHOOLING_LABELS[Schooling(cast(str, facts["row_schooling"]))]),
        "row_aptitude": _(APTITUDE_LABELS[Aptitude(cast(str, facts["row_aptitude"]))]),
        "row_goal": _(GOAL_LABELS[Goal(cast(str, facts["row_goal"]))]),
        "row_provider_kind": _(PROVIDER_KIND_LABELS[ProviderKind(cast(str, facts["row_provider_kind"]))]),
        "row_track": _(TRACK_LABELS[Track(cast(str, facts["row_track"]))]),
        "row_pace": _(ROW_PACE_LABELS[Pace(cast(str, pace))]) if pace else _(ROW_ANY_PACE),
    }
    key = "routing_row.latin" if facts.get("row_latin_script_module") else "routing_row"
    quote = _(REASON_TEXTS[key]) % shown
    used = [text for name, value in facts.items() if not name.startswith("row") and (text := _fact_text(name, value))]
    if not used:
        return quote
    return quote + " " + _(REASON_TEXTS["routing_row.facts"]) % {"facts": "; ".join(used)}


def _fact_text(name: str, value: object) -> str:
    """One fact of the learner in words ("" for an unknown one)."""
    if value is None:
        return ""
    if (name, value) in FACT_TEXTS:
        return _(FACT_TEXTS[(name, cast(bool, value))])
    if name == "years_of_schooling":
        years = cast(int, value)
        return ngettext("%(count)s year of schooling", "%(count)s years of schooling", years) % {"count": years}
    if name == "highest_diploma":
        shown = _(DIPLOMA_LABELS[Diploma(cast(str, value))])
    elif name == "learning_pace":
        shown = _(LEARNING_PACE_LABELS[Pace(cast(str, value))])
    elif name == "learning_goal":
        shown = str(LearningGoal(cast(str, value)).label)
    else:
        raise KeyError(name)
    return _(FACT_VALUE_TEXTS[name]) % {"value": shown}


def _untested_skills(levels: Mapping[str, object]) -> str:
    """The skills without a level test, by their translated names."""
    return ", ".join(str(Skill(skill).label) for skill, level in levels.items() if level is None)


def reason_words(code: str, facts: Mapping[str, object]) -> str:
    """The sentence of a stored reason, or its code when the explanation does not know it
    (a reason stored by a newer or older engine): a page never fails on it."""
    try:
        return reason_text(Reason(code, facts or {}))
    except (KeyError, TypeError, ValueError):
        return code


def missing_words(name: str) -> str:
    try:
        return missing_text(name)
    except KeyError:
        return name


def missing_text(name: str) -> str:
    """The translated label of a missing fact (a LearnerFacts field name)."""
    return _(MISSING_TEXTS[name])


def _shown(facts: Mapping[str, object]) -> dict[str, object]:
    """The facts as the sentences show them: codes by their translated labels."""
    labels: dict[str, Mapping[Any, str]] = {
        "provider_kind": PROVIDER_KIND_LABELS,
        "pace": PACE_LABELS,
        "highest_diploma": DIPLOMA_LABELS,
    }
    shown = dict(facts)
    for name, names in labels.items():
        if shown.get(name) is not None:
            shown[name] = _(names[cast(str, shown[name])])
    for name in ("starts_on", "today"):  # dates in the active language's short format
        value = shown.get(name)
        if isinstance(value, str):
            value = date.fromisoformat(value)  # as stored on a routing (JSON)
        if isinstance(value, date):
            shown[name] = date_format(value, "SHORT_DATE_FORMAT")
    return shown
