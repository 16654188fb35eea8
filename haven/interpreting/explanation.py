"""Why dispatch chose an interpreter, and why it found nobody, in translated words.

The dispatch engine (:mod:`haven.interpreting.dispatch`) gives a reason code with facts
(`Why`) for each assignment and a reason code for each request it could not fill
(`Unfilled`); ``planning.dispatch_run`` keeps them as ``Assignment.why`` = {"code",
"facts"} and ``InterpretingRequest.unmet_reason``. Each code becomes one whole sentence in
the catalogue (English source, Dutch translation); the facts fill in its placeholders.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

WHY_TEXTS = {
    "only_candidate": gettext_noop(
        "The only interpreter who speaks the language, meets the request's conditions and is free at that time."
    ),
    "preferred_interpreter": gettext_noop("The partner asked for this interpreter, who is free at that time."),
    "best_plan": gettext_noop(
        "Part of the plan that fills the most requests, then needs the least travel, "
        "then spreads the hours most fairly among the interpreters."
    ),
    "fewest_hours": gettext_noop(
        "First come, first served: of the interpreters who could take it, the one "
        "with the fewest hours this week so far."
    ),
    "dispatcher_choice": gettext_noop("Chosen by the dispatcher."),
    "dispatcher_choice.by": gettext_noop("Chosen by the dispatcher (%(by)s)."),
}

UNMET_TEXTS = {
    "no_language": gettext_noop("No interpreter works in this language."),
    "no_dialect": gettext_noop("Interpreters speak the language, but none speaks the requested dialect."),
    "no_qualified": gettext_noop(
        "Interpreters speak the language, but none works in this modality or meets the required sex or certification."
    ),
    "not_available": gettext_noop(
        "No qualified interpreter is available at that time (outside their hours, or on leave)."
    ),
    "all_at_cap": gettext_noop("The interpreters available then have no hours left this week."),
    "all_busy": gettext_noop(
        "The interpreters available then have other jobs at that time, or cannot travel there in time."
    ),
    "suggest_video": gettext_noop(
        "Nobody can come on site, but an interpreter is free by video: suggest a video call to the partner."
    ),
}

PREFERENCE_LABELS = {
    "required_sex": gettext_noop("the required sex"),
    "certified": gettext_noop("certified"),
    "sworn": gettext_noop("sworn"),
    "preferred_interpreter": gettext_noop("the preferred interpreter"),
    "preferred_sex": gettext_noop("the preferred sex"),
}


def _hours(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}:{rest:02d}"


def why_sentences(why: Mapping | None) -> list[str]:
    """The reason for an assignment, then its facts (candidates, travel, the week's
    hours, the preferences met), each a translated sentence."""
    if not why:
        return []
    code = why.get("code", "")
    facts = why.get("facts") or {}
    if code == "dispatcher_choice":
        if facts.get("by"):
            return [_(WHY_TEXTS["dispatcher_choice.by"]) % {"by": facts["by"]}]
        return [_(WHY_TEXTS["dispatcher_choice"])]
    sentences = [_(WHY_TEXTS[code])] if code in WHY_TEXTS else []
    candidates = facts.get("candidates")
    if candidates and code != "only_candidate":
        sentences.append(
            ngettext(
                "%(count)s interpreter could take this job.", "%(count)s interpreters could take this job.", candidates
            )
            % {"count": candidates}
        )
    if facts.get("modality") == "video":
        sentences.append(_("By video: no travel."))
    elif facts.get("travel_from") == "home":
        sentences.append(
            ngettext(
                "%(minutes)s minute of travel from home.",
                "%(minutes)s minutes of travel from home.",
                facts.get("travel_minutes", 0),
            )
            % {"minutes": facts.get("travel_minutes", 0)}
        )
    elif facts.get("travel_from"):
        sentences.append(
            ngettext(
                "%(minutes)s minute of travel from the previous job.",
                "%(minutes)s minutes of travel from the previous job.",
                facts.get("travel_minutes", 0),
            )
            % {"minutes": facts.get("travel_minutes", 0)}
        )
    if facts.get("week_minutes") is not None:
        sentences.append(
            _("%(hours)s hours of work this week with this job.") % {"hours": _hours(facts["week_minutes"])}
        )
    met = [_(PREFERENCE_LABELS[code]) for code in facts.get("preferences_met") or () if code in PREFERENCE_LABELS]
    if met:
        sentences.append(_("Preferences met: %(preferences)s.") % {"preferences": ", ".join(met)})
    return sentences


def unmet_sentence(reason: str) -> str:
    """Why nobody could be found for a request."""
    if reason in UNMET_TEXTS:
        return _(UNMET_TEXTS[reason])
    return _("No interpreter was found.")


def unmet_label(reason: str) -> str:
    """A short column heading per reason, for the unmet-demand table."""
    labels = {
        "no_language": _("nobody speaks it"),
        "no_dialect": _("dialect"),
        "no_qualified": _("modality or conditions"),
        "not_available": _("not available"),
        "all_at_cap": _("hours used up"),
        "all_busy": _("all busy"),
        "suggest_video": _("video possible"),
    }
    return labels.get(reason, reason)
