"""Reads of the leisure line for pages, the API and the report. Each gives a queryset
that runs one query when evaluated (related rows joined), whatever the number of rows;
``tests/test_selectors.py`` holds them to it."""

from datetime import date

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from haven.leisure.models import ADULT_AGE, Event, EventTally, LeisureOutcome, Organisation, Referral

MINOR, ADULT = "minor", "adult"


def _day_number(field: str) -> F:
    """A date as the number yyyymmdd, which orders as the date does."""
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)  # type: ignore[return-value]


def with_age_group(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """The referrals with ``adult_from`` (the person's 18th birthday as yyyymmdd) and
    ``referred_key`` (the referral date so): the person was a minor on the referral date
    when ``adult_from > referred_key`` (``minor_q``). In the database, on any backend."""
    return referrals.annotate(
        adult_from=_day_number("person__birth_date") + ADULT_AGE * 10000,
        referred_key=_day_number("referred_on"),
    )


def minor_q() -> Q:
    """Minor on the referral date (on a queryset from ``with_age_group``)."""
    return Q(adult_from__gt=F("referred_key"))


def referrals(
    *,
    kind: str = "",
    outcome: str = "",
    age: str = "",
    organisation_id: int | None = None,
    year: int | None = None,
    due_on: date | None = None,
) -> QuerySet[Referral]:
    """Referrals, newest first, filtered by kind, outcome, age group on the referral date
    (``MINOR``/``ADULT``), organisation, year of the referral, or awaiting an outcome with
    a follow-up due by ``due_on`` (then soonest follow-up first). One query when
    evaluated, the person and the organisation included."""
    rows = Referral.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if outcome:
        rows = rows.filter(outcome=outcome)
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    if year:
        rows = rows.filter(referred_on__year=year)
    if age in (MINOR, ADULT):
        rows = with_age_group(rows)
        rows = rows.filter(minor_q()) if age == MINOR else rows.exclude(minor_q())
    rows = rows.select_related("person", "organisation")
    if due_on is not None:
        return rows.filter(outcome=LeisureOutcome.PENDING, follow_up_on__lte=due_on).order_by("follow_up_on", "id")
    return rows.order_by("-referred_on", "-id")


def organisations(*, kind: str = "", query: str = "", active_only: bool = False) -> QuerySet[Organisation]:
    """Organisations by name with their number of referrals (``referral_count``). One query."""
    rows = Organisation.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if active_only:
        rows = rows.filter(active=True)
    for word in query.split():
        rows = rows.filter(Q(name__icontains=word) | Q(contact_name__icontains=word))
    return rows.annotate(referral_count=Count("referrals")).order_by("name", "id")


def events(*, kind: str = "", year: int | None = None) -> QuerySet[Event]:
    """Events, latest first, with the people counted (``counted``: the sum of the tallies)
    and the schools or stands (``tally_count``). One query."""
    rows = Event.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.annotate(
        counted=Sum("tallies__count", output_field=IntegerField()), tally_count=Count("tallies")
    ).order_by("-held_on", "-id")


def event_tallies(event_id: int) -> QuerySet[EventTally]:
    """An event's schools or stands, by name, their organisation included. One query."""
    return EventTally.objects.filter(event_id=event_id).select_related("organisation").order_by("name", "id")
