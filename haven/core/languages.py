"""Which languages a list offers, and in what order.

There are three lists, one per kind of question:

- ``Offer.SPOKEN`` — the languages a person speaks or knows (the registry, the NT2 intake):
  the languages the agency works in first, then every other living language, since a
  newcomer may speak Tigre or Wolof. Dutch is one of them.
- ``Offer.WORKING`` — a language the agency works *in* (a course's teaching language, the
  waiting list, translations and their library, filters): the active languages only.
- ``Offer.INTERPRETING`` — the language an interpreter interprets from, into Dutch: the
  active languages but Dutch.

Ancient, extinct and constructed languages (Avestan, Latin, Volapük) are in no list: the
model refuses to make them active and ``SPOKEN`` leaves them out. Names and order come from
``reference`` (CLDR, in the interface language); each list costs one query.
"""

from enum import Enum

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.core import reference
from haven.core.models import Language


class Offer(Enum):
    SPOKEN = "spoken"
    WORKING = "working"
    INTERPRETING = "interpreting"


WORKING_GROUP = gettext_lazy("Languages the agency works in")
OTHER_GROUP = gettext_lazy("Other languages")


def offered_languages(offer: Offer) -> QuerySet[Language]:
    """The languages a form may accept for this offer (its field's queryset)."""
    if offer is Offer.SPOKEN:
        # The table's non-living rows are the few an old database loaded (core migration
        # 0003; the model refuses new ones): name them rather than test every row.
        return Language.objects.exclude(code__in=reference.non_living_codes())
    languages = Language.objects.filter(active=True)
    if offer is Offer.INTERPRETING:
        languages = languages.exclude(code=reference.DUTCH)
    return languages


def language_groups(offer: Offer, language: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """The offer's languages as (group label, [(code, name), …]) sorted by name in the
    interface language: the languages the agency works in, then (for ``SPOKEN``) the others."""
    rows = list(offered_languages(offer).values_list("code", "active"))
    working = [code for code, active in rows if active]
    groups = [(str(WORKING_GROUP), reference.language_choices(working, language))]
    others = [code for code, active in rows if not active and reference.is_living(code)]
    if others:
        groups.append((str(OTHER_GROUP), reference.language_choices(others, language)))
    return groups


def interpreting_refusal(language: Language | str | None) -> str | None:
    """Why this language cannot be booked for interpreting, in words; None when it can.
    Interpreting is always into Dutch, and only in the languages the agency works in."""
    if language is None:
        return None
    code = language if isinstance(language, str) else language.pk
    name = reference.language_name(code)
    if code == reference.DUTCH:
        return _("Dutch is the language interpreted into: choose the language of the person who needs the interpreter.")
    if not reference.is_living(code):
        return _("%(language)s is not a living language: the agency does not interpret it.") % {"language": name}
    if isinstance(language, Language) and not language._state.adding:
        active = language.active  # as loaded
    else:
        active = Language.objects.filter(pk=code, active=True).exists()
    if not active:
        return _("The agency does not work in %(language)s: choose one of the languages offered.") % {"language": name}
    return None
