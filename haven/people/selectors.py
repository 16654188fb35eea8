"""Reads of the newcomer registry."""

import re
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from stdnum.be import nn

from haven.accounts.models import User
from haven.people.models import HouseholdLink, Person, fold

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def _as_date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only, no time zone to lose
        except ValueError:
            continue
    return None


def person_list(*, query: str = "") -> QuerySet[Person]:
    """People matching a search: a national register/BIS number, a birth date
    (27/11/1990 or 1990-11-27) or name fragments (accents and case ignored, every
    fragment must match)."""
    people = Person.objects.select_related("district", "preferred_language")
    query = (query or "").strip()
    if not query:
        return people
    digits = nn.compact(query)
    if digits.isdigit() and len(digits) == 11:
        return people.filter(national_number=digits)
    birth_date = _as_date(query)
    if birth_date is not None:
        return people.filter(birth_date=birth_date)
    for fragment in re.split(r"[\s,]+", fold(query)):
        if fragment:
            people = people.filter(search_name__contains=fragment)
    return people


def person_file(*, person_id: int) -> QuerySet[Person]:
    """A person with everything the identity and household panels show, in a fixed
    number of queries."""
    return (
        Person.objects.filter(pk=person_id)
        .select_related("district", "preferred_language")
        .prefetch_related(
            "languages",
            Prefetch(
                "child_links", queryset=HouseholdLink.objects.select_related("child").order_by("child__birth_date")
            ),
            Prefetch(
                "parent_links", queryset=HouseholdLink.objects.select_related("parent").order_by("parent__birth_date")
            ),
        )
    )


def newcomers_settled(*, year: int) -> QuerySet[Person]:
    """People whose first registration in the municipality falls in ``year``."""
    return Person.objects.filter(first_registration_date__year=year)


def person_recently_opened(*, user: User | AnonymousUser, limit: int = 8) -> list[Person]:
    """The files this user opened last (from their own access-log entries), newest first."""
    from haven.core.models import AccessLogEntry

    if not user.is_authenticated:  # an anonymous visitor opened nothing
        return []
    recent_ids: list[int] = []
    opened = AccessLogEntry.objects.filter(user=user, action__in=["view", "create", "update"]).order_by("-at", "-id")
    for person_id in opened.values_list("person_id", flat=True)[:200]:
        if person_id not in recent_ids:
            recent_ids.append(person_id)
        if len(recent_ids) == limit:
            break
    people = Person.objects.in_bulk(recent_ids)
    return [people[person_id] for person_id in recent_ids if person_id in people]
