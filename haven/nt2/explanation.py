"""A routing proposal in plain, translated words, for the pages.

The routing engine (:mod:`haven.nt2.routing`) is pure and gives reasons as codes with the
facts they used; here each reason becomes one translated sentence, with the facts filled
in (diplomas, paces and provider kinds by their labels), and each missing fact a label.

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

from haven.nt2.routing import Diploma, Pace, ProviderKind, Reason

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
DIPLOMA_LABELS = {
    Diploma.NONE: gettext_noop("none"),
    Diploma.PRIMARY: gettext_noop("primary school"),
    Diploma.LOWER_SECONDARY: gettext_noop("lower secondary"),
    Diploma.UPPER_SECONDARY: gettext_noop("upper secondary"),
    Diploma.HIGHER: gettext_noop("higher education"),
}

# One message per reason code; where the facts a reason carries vary, one per variant
# (chosen in reason_text), so every sentence is whole in the catalogue. "module_chosen"
# has a plural, so its message is in reason_text.
REASON_TEXTS = {
    "at_top_level": gettext_noop("Every skill is at level C2: there is no higher level to learn."),
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
    "start_level.untested": gettext_noop(
        "Starts at level %(start_level)s: not every skill has a level yet (a skill not tested counts as no level)."
    ),
    "no_module": gettext_noop(
        "No module found: level %(level)s, %(pace)s, at %(provider_kind)s, with a "
        "place left and starting on %(today)s or later."
    ),
    "no_module.any_pace": gettext_noop(
        "No module found: level %(level)s, at %(provider_kind)s, with a place left and starting on %(today)s or later."
    ),
}

MISSING_TEXTS = {
    "literate": gettext_noop("literacy (reads and writes in any script)"),
    "latin_script": gettext_noop("literacy in the Latin script"),
    "years_of_schooling": gettext_noop("years of schooling"),
    "highest_diploma": gettext_noop("highest diploma"),
    "learning_pace": gettext_noop("learning pace (aptitude test or estimate at the intake)"),
    "work_follow_up": gettext_noop("follow-up by VDAB for work"),
    "levels": gettext_noop("current level per skill (level tests)"),
}


def reason_text(reason: Reason) -> str:
    """The reason as one translated sentence; :class:`KeyError` for an unknown code."""
    facts: Mapping[str, object] = reason.facts
    key = reason.code
    if key == "low_schooling":
        if facts.get("highest_diploma") is None:
            key = "low_schooling.years"
        elif facts.get("years_of_schooling") is None:
            key = "low_schooling.diploma"
    elif key == "start_level" and facts.get("lowest_level") is None:
        key = "start_level.untested"
    elif key == "no_module" and facts.get("pace") is None:
        key = "no_module.any_pace"
    elif key == "module_chosen":
        return ngettext(
            "Proposed module: %(provider_name)s, starting on %(starts_on)s (%(places_left)s place left).",
            "Proposed module: %(provider_name)s, starting on %(starts_on)s (%(places_left)s places left).",
            cast(int, facts["places_left"]),
        ) % _shown(facts)
    return _(REASON_TEXTS[key]) % _shown(facts)


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
