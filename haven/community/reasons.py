"""The matching engine's reasons in words: each code (``haven.community.matching``) as a
translated sentence with its facts (languages, interests, district, free moments, ages)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from haven.community.matching import Reason
from haven.community.models.profile import Interest, slot_label
from haven.core.reference import language_name
from haven.people.models import Sex

# Codes that forbid a pair (the engine's hard rules) and the coordinator's exclusion.
HARD = frozenset({"too_far", "no_common_time", "sex_preference_refused", "mother_tongue_missing", "excluded"})


def _languages(codes: Iterable[Any]) -> str:
    return ", ".join(language_name(str(code)) for code in codes)


def _interests(codes: Iterable[Any]) -> str:
    labels = dict(Interest.choices)
    return ", ".join(str(labels.get(str(code), code)) for code in codes)


def _sex(code: Any) -> str:
    return str(dict(Sex.choices).get(str(code), code))


def _count(params: dict[str, Any]) -> int:
    return int(params.get("count", 0))


def _language(params: dict[str, Any]) -> dict[str, str]:
    return {"language": language_name(str(params.get("language", "")))}


def _preference(params: dict[str, Any]) -> dict[str, str]:
    side = _("the newcomer") if params.get("side", "newcomer") == "newcomer" else _("the buddy")
    return {"side": side, "sex": _sex(params.get("sex"))}


def _travels(params: dict[str, Any]) -> str:
    if not params.get("district"):
        return _("They may meet outside their own district: one of them travels.")
    return _("They live in different districts; one of them travels (%(district)s).") % {"district": params["district"]}


def _common_time(params: dict[str, Any]) -> str:
    slots = params.get("slots") or ()
    if not slots:
        return _("At least one of them is free at any moment.")
    return _("Free at the same moments: %(slots)s.") % {"slots": ", ".join(slot_label(str(s)) for s in slots)}


def _age(params: dict[str, Any], close: bool) -> str:
    difference = int(params.get("difference", 0))
    if close:
        text = ngettext(
            "Close in age (%(difference)d year apart).", "Close in age (%(difference)d years apart).", difference
        )
    else:
        text = ngettext("%(difference)d year apart in age.", "%(difference)d years apart in age.", difference)
    return text % {"difference": difference}


# Each code's sentence from its facts: a table, read by ``reason_text``.
WORDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "mother_tongue": lambda p: _("The buddy speaks the newcomer's mother tongue (%(language)s).") % _language(p),
    "mother_tongue_missing": lambda p: (
        _("The buddy does not speak the newcomer's mother tongue (%(language)s).") % _language(p)
    ),
    "shared_languages": lambda p: (
        _("They share a language: %(languages)s.") % {"languages": _languages(p.get("languages", ()))}
    ),
    "no_shared_language": lambda p: _("They share no language besides Dutch to practise."),
    "interests": lambda p: _("Shared interests: %(interests)s.") % {"interests": _interests(p.get("interests", ()))},
    "same_district": lambda p: _("Both live in %(district)s.") % {"district": p.get("district", "")},
    "travels": _travels,
    "too_far": lambda p: _("Different districts and neither travels."),
    "common_time": _common_time,
    "no_common_time": lambda p: _("They have no free moment in common."),
    "age_close": lambda p: _age(p, True),
    "age_far": lambda p: _age(p, False),
    "sex_preference_met": lambda p: _("The preference of %(side)s (%(sex)s) is met.") % _preference(p),
    "sex_preference_unmet": lambda p: (
        _("The preference of %(side)s (%(sex)s) is not met (not a must).") % _preference(p)
    ),
    "sex_preference_refused": lambda p: (
        _("The preference of %(side)s (%(sex)s) is a must and is not met.") % _preference(p)
    ),
    "fixed": lambda p: _("Fixed by the coordinator."),
    "excluded": lambda p: _("Excluded by the coordinator."),
    "taken": lambda p: (
        ngettext(
            "The %(count)d buddy who would fit is in a better duo.",
            "The %(count)d buddies who would fit are in better duos.",
            _count(p),
        )
        % {"count": _count(p)}
    ),
    "taken_newcomers": lambda p: (
        ngettext(
            "The %(count)d newcomer who would fit has a better duo.",
            "The %(count)d newcomers who would fit have better duos.",
            _count(p),
        )
        % {"count": _count(p)}
    ),
    "no_candidates": lambda p: _("There is nobody on the other side to match with."),
    "refused_by": lambda p: (
        ngettext("%(count)d candidate refused: %(why)s", "%(count)d candidates refused: %(why)s", _count(p))
        % {"count": _count(p), "why": _hard(str(p.get("code", "")))}
    ),
}


def _hard(code: str) -> str:
    """A hard rule in a few words, for the unmatched's counts."""
    words = {
        "too_far": _("different districts and neither travels."),
        "no_common_time": _("no free moment in common."),
        "sex_preference_refused": _("a preference for the other's sex that is a must."),
        "mother_tongue_missing": _("the mother tongue is not spoken."),
        "excluded": _("excluded by the coordinator."),
    }
    return str(words.get(code, code))


def reason_text(code: str, params: dict[str, Any]) -> str:
    """One reason as a sentence in the active language (the code itself when unknown)."""
    words = WORDS.get(code)
    return words(params) if words else code


def reasons_as_json(reasons: Sequence[Reason]) -> list[list[Any]]:
    """Reasons as stored: [code, {param: value}] with tuples as lists."""
    return [
        [reason.code, {name: list(v) if isinstance(v, tuple) else v for name, v in reason.params}] for reason in reasons
    ]


def reasons_words(stored: Iterable[Sequence[Any]]) -> list[str]:
    """Stored reasons ([code, params]) as sentences in the active language."""
    return [reason_text(str(code), dict(params or {})) for code, params in stored]
