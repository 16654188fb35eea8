"""Reads of the newcomer registry."""

import re
from collections.abc import Hashable, Mapping
from datetime import date, datetime
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import BooleanField, Case, F, Prefetch, Q, QuerySet, Value, When
from stdnum.be import nn

from haven.accounts.models import User
from haven.core.models import Language
from haven.core.pagination import BoundedPage, bounded_page
from haven.core.statements import compiled_first
from haven.people.models import HouseholdLink, Person, fold, fold_latin

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def _as_date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date only, no time zone to lose
        except ValueError:
            continue
    return None


# A fragment shorter than this matches the start of a name word only: a trigram index
# (PostgreSQL) finds three letters anywhere, but one or two only at a word's start.
TRIGRAM = 3


def _name_fragment(fragment: str) -> Q:
    """A folded fragment, or its Latin transliteration (the search name holds both forms of
    every name: models.search_name_of), so "karakashev" and "Каракашев" find each other.
    Each form is one LIKE on the same column, so the trigram index serves their OR."""
    condition = Q()
    for form in dict.fromkeys(form for form in (fragment, fold_latin(fragment)) if form):
        if len(form) >= TRIGRAM:
            condition |= Q(search_name__contains=form)
        else:
            condition |= Q(search_name__startswith=form) | Q(search_name__contains=f" {form}")
    return condition


def person_list(*, query: str = "") -> QuerySet[Person]:
    """People matching a search: a national register/BIS number, a birth date
    (27/11/1990 or 1990-11-27) or name fragments (accents, case and script ignored: a
    fragment matches as typed or in its Latin transliteration; every fragment must match;
    one of three letters or more anywhere in the name, a shorter one at the start of a
    word). Each kind is served by an index on PostgreSQL: the
    number's and the birth date's B-trees, the folded name's trigram index, and the
    list's order (family name, given names, id) for the unfiltered list."""
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
            people = people.filter(_name_fragment(fragment))
    return people


# A filtered list is read in one of two ways, chosen by how many people match. One
# statement reads at most SORT_MATCHES_BELOW matches through their own index (trigram,
# number, birth date) and sorts them: when fewer match, that sort is the page (2 ms per
# thousand matches at 1M people; PostgreSQL's planner, left to itself, would walk the order
# index for rare matches too, as it assumes them spread evenly: 0.2-0.5 s when they sort
# late). When that many or more match, they are dense enough to read in the list's order
# (the person_list_order index, which holds the folded name, so the walk never visits the
# table for a row that does not match) until the page is full; the matches already sorted
# bound that walk: the page's last row cannot sort after the sample's row at the same place.
# Measured in bench/people_search.py ("rare", "common", "fragment").
SORT_MATCHES_BELOW = 5_000

LIST_ORDER = ("family_name", "given_names", "id")


def _sorted_matches(people: QuerySet[Person], offset: int, limit: int) -> tuple[list[int], int, str | None]:
    """One statement: at most ``SORT_MATCHES_BELOW`` matches, sorted in the list's order;
    the ids of rows ``offset`` to ``offset + limit``, how many matches were read, and the
    family name of the last of those rows."""
    sample = people.order_by().values(match_id=F("id"), match_family=F("family_name"), match_given=F("given_names"))[
        :SORT_MATCHES_BELOW
    ]
    inner, params = sample.query.sql_with_params()
    statement = (
        f"SELECT m.match_id, m.match_family, COUNT(*) OVER () FROM ({inner}) m "
        "ORDER BY m.match_family, m.match_given, m.match_id LIMIT %s OFFSET %s"
    )
    with connections[people.db].cursor() as cursor:
        cursor.execute(statement, [*params, limit, offset])
        rows = cursor.fetchall()
    if not rows:
        return [], 0, None
    return [row[0] for row in rows], rows[0][2], rows[-1][1]


# The list's order, written so that no index can serve it (nulls first; none of the three is
# ever null): the matches are sorted, the order index is not walked.
_MATCHES_SORTED = (
    F("family_name").asc(nulls_first=True),
    F("given_names").asc(nulls_first=True),
    F("id").asc(nulls_first=True),
)


def _searched(people: QuerySet[Person]) -> bool:
    """Whether the list is a search: filtered by more than the restriction every reader but
    the privacy officer has (``policy.scope_people``), which the list's order index walk
    checks on the page's rows alone."""
    from haven.people.policy import UNRESTRICTED

    where = people.query.where
    return bool(where) and where != Person.objects.filter(UNRESTRICTED).query.where


def person_rows_counted(people: QuerySet[Person]) -> QuerySet[Person]:
    """A list of people in the list's order for a reader that counts it anyway (the API's
    ``PageMeta``): a filtered list is sorted from its matches, whose count reads them all
    in any case, and never walked in order (slow when rare matches sort late)."""
    return people.order_by(*_MATCHES_SORTED) if _searched(people) else people.order_by(*LIST_ORDER)


def person_page(people: QuerySet[Person], number: int, size: int) -> BoundedPage[Person]:
    """Page ``number`` of a list of people (``person_list`` narrowed by ``people_visible``),
    never counted: the unfiltered list in one query, read from the order index; a filtered
    one (see ``SORT_MATCHES_BELOW``) in two, its matches sorted then the page's rows by
    their ids, or, with many matches, in three: the page's ids from the list's order index,
    walked up to where the sorted matches say the page ends, then the rows."""
    number = max(1, number)
    if not _searched(people):
        return bounded_page(people.order_by(*LIST_ORDER), number, size)
    offset = (number - 1) * size
    ids, matches, last_family = _sorted_matches(people, offset, size + 1)
    if not ids and number > 1:  # past the end of the sorted matches: a stale page number, or a deep page
        _ids, matches, _last = _sorted_matches(people, 0, 1)
        if matches < SORT_MATCHES_BELOW:
            return person_page(people, 1, size)
    if not (matches and matches < SORT_MATCHES_BELOW):
        # Many matches: the page's ids from the order index alone (an index-only scan: the
        # index holds the folded name the filter reads), up to the sample's bound.
        walk = people.order_by(*LIST_ORDER)
        if len(ids) == size + 1:
            walk = walk.filter(family_name__lte=last_family)
        ids = list(walk.values_list("pk", flat=True)[offset : offset + size + 1])
        if not ids and number > 1:
            return person_page(people, 1, size)
    found = people.in_bulk(ids)
    rows = [found[pk] for pk in ids if pk in found]
    return BoundedPage(rows[:size], number=number, size=size, more=len(rows) > size)


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


_RELATIVE = ("id", "given_names", "family_name", "birth_date")


def person_file_row(
    *, person_id: int, related: Q | None, annotations: Mapping[str, Any], key: Hashable
) -> Person | None:
    """The whole person file in one query: the person with their district and preferred
    language, the languages they speak and their household (as JSON arrays of the row,
    ``panel_rows``), whether one of the reader's relationships covers them (``related``:
    the policy's filter, ``policy.related_people_q``; None when the reader may open
    anyone), and the panels' ``annotations``. The languages and the household links are
    then read as ``prefetch_related`` would have left them; ``person.related`` is the
    relationship answer for ``policy.decide``. None when there is no such person.

    The statement is compiled once per process for ``key`` (all that shapes it besides the
    person: the reader, their relationships, the panels' columns; ``haven.core.statements``):
    building and compiling it cost Django three times what the database takes to run it."""
    from haven.people.panel_rows import ordered, prefetched, rows_decode, rows_of

    person = cast(
        Person | None,
        compiled_first(
            ("people.person_file_row", key), lambda value: _file_rows(value, related, annotations), person_id
        ),
    )
    if person is None:
        return None
    person.related = True if related is None else bool(person.file_related)  # type: ignore[attr-defined]
    languages = sorted(row["language_id"] for row in rows_of(person.file_languages))  # type: ignore[attr-defined]
    prefetched(person, "languages", [Language(code=code) for code in languages])
    for name, relation, relative in (
        ("child_links", "file_children", "child"),
        ("parent_links", "file_parents", "parent"),
    ):
        links = ordered(rows_of(getattr(person, relation)), [f"{relative}__birth_date", "id"])
        prefetched(person, name, rows_decode(HouseholdLink, links, related=[relative]))
    return person


def _file_rows(person_id: int, related: Q | None, annotations: Mapping[str, Any]) -> QuerySet[Person]:
    from haven.people.panel_rows import json_rows

    columns: dict[str, Any] = {
        "file_languages": json_rows(Person.languages.through.objects.all(), ["language_id"]),
        "file_children": json_rows(
            HouseholdLink.objects.all(),
            ["id", "parent_id", "child_id", *(f"child__{name}" for name in _RELATIVE)],
            person_field="parent",
        ),
        "file_parents": json_rows(
            HouseholdLink.objects.all(),
            ["id", "child_id", "parent_id", *(f"parent__{name}" for name in _RELATIVE)],
            person_field="child",
        ),
        **annotations,
    }
    if related is not None:
        columns["file_related"] = Case(
            When(related, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    return (
        Person.objects.select_related("district", "preferred_language")
        .annotate(**columns)
        .filter(pk=person_id)
        .order_by()
    )


def newcomers_settled(*, year: int) -> QuerySet[Person]:
    """People whose first registration in the municipality falls in ``year``."""
    return Person.objects.filter(first_registration_date__year=year)


def person_recently_opened(*, user: User | AnonymousUser, limit: int = 8) -> list[Person]:
    """The files this user opened last (from their own access-log entries), newest first.
    Two queries: the user's last 200 openings, newest first, straight from the partial
    index core_access_opened (a backward index scan, no sort, whatever the size of the log
    or of the user's history), then the people."""
    from haven.core.models import OPENED_ACTIONS, AccessLogEntry

    if not user.is_authenticated:  # an anonymous visitor opened nothing
        return []
    recent_ids: list[int] = []
    opened = AccessLogEntry.objects.filter(user=user, action__in=OPENED_ACTIONS).order_by("-at", "-id")
    for person_id in opened.values_list("person_id", flat=True)[:200]:
        if person_id not in recent_ids:
            recent_ids.append(person_id)
        if len(recent_ids) == limit:
            break
    from haven.people.policy import UNRESTRICTED, user_policy

    found = Person.objects.all() if user_policy(user).sees_restricted else Person.objects.filter(UNRESTRICTED)
    people = found.in_bulk(recent_ids)
    return [people[person_id] for person_id in recent_ids if person_id in people]
