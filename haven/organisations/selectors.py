"""Reads of the organisations line for pages, the API and the proposals. Each promises
its number of queries when evaluated, whatever the number of rows;
``tests/test_selectors.py`` holds them to it."""

from datetime import date, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from haven.accounts.models import User
from haven.core.models import Language
from haven.organisations import matching
from haven.organisations.models import (
    BOOKED_STATES,
    Ambassador,
    Association,
    CoachingContact,
    CoachingTrajectory,
    NetworkEvent,
    PartnerOrganisation,
    SupportContact,
    TestimonyRequest,
    TestimonyState,
    TrainingSession,
)

ACTIVE, TRAINING, STOPPED = "active", "training", "stopped"
RECENT = timedelta(days=365)
PROGRAMME_STAFF = "programme_staff"


def staff_users() -> QuerySet[User]:
    """The active programme staff, by name (trainers, contacts). One query."""
    return User.objects.filter(is_active=True, groups__name=PROGRAMME_STAFF).order_by(
        "last_name", "first_name", "username"
    )


def _words(rows: QuerySet, query: str, *fields: str) -> QuerySet:
    for word in query.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(condition)
    return rows


def partners(*, query: str = "", active_only: bool = False) -> QuerySet[PartnerOrganisation]:
    """Organisations by name with their sessions and coaching trajectories counted. One query."""
    rows = _words(PartnerOrganisation.objects.all(), query, "name", "contact_name")
    if active_only:
        rows = rows.filter(active=True)
    return rows.annotate(
        session_count=Count("sessions", distinct=True), trajectory_count=Count("trajectories", distinct=True)
    ).order_by("name", "id")


def trainings(*, topic: str = "", organisation_id: int | None = None, year: int | None = None) -> QuerySet:
    """Training sessions, latest first, with their organisation and trainer. One query."""
    rows = TrainingSession.objects.select_related("organisation", "trainer")
    if topic:
        rows = rows.filter(topic=topic)
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.order_by("-held_on", "-id")


def coachings(*, organisation_id: int | None = None, open_only: bool = False) -> QuerySet[CoachingTrajectory]:
    """Coaching trajectories, latest start first, with the organisation, the number of
    contacts and the last contact's date. One query."""
    rows = CoachingTrajectory.objects.select_related("organisation")
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    if open_only:
        rows = rows.filter(ended_on__isnull=True)
    return rows.annotate(contact_count=Count("contacts"), last_contact_on=Max("contacts__held_on")).order_by(
        "-started_on", "-id"
    )


def coaching_contacts(trajectory_id: int) -> QuerySet[CoachingContact]:
    """A trajectory's contacts, latest first, with the staff member. One query."""
    return (
        CoachingContact.objects.filter(trajectory_id=trajectory_id).select_related("staff").order_by("-held_on", "-id")
    )


def ambassadors(*, status: str = "", theme: str = "", language: str = "", query: str = "") -> QuerySet[Ambassador]:
    """Ambassadors by name with their person, languages and testimonies given
    (``given_count``). Two queries: the ambassadors, their languages."""
    rows = Ambassador.objects.select_related("person")
    if status == ACTIVE:
        rows = rows.filter(certified_on__isnull=False, stopped_on__isnull=True)
    elif status == TRAINING:
        rows = rows.filter(certified_on__isnull=True, stopped_on__isnull=True)
    elif status == STOPPED:
        rows = rows.filter(stopped_on__isnull=False)
    if theme:  # the JSON list as text holds the code in quotes, on both databases
        rows = rows.annotate(themes_text=Cast("themes", TextField())).filter(themes_text__contains=f'"{theme}"')
    if language:
        rows = rows.filter(person__languages__code=language)
    rows = _words(rows, query, "person__given_names", "person__family_name")
    return (
        rows.annotate(given_count=Count("testimonies", filter=Q(testimonies__state=TestimonyState.GIVEN)))
        .prefetch_related(Prefetch("person__languages", queryset=Language.objects.order_by("code")))
        .order_by("person__family_name", "person__given_names", "id")
    )


def requests(
    *, state: str = "", year: int | None = None, ambassador_id: int | None = None, theme: str = ""
) -> QuerySet[TestimonyRequest]:
    """Testimony requests, latest day first, with their ambassador (and person) and the
    language wanted. One query."""
    rows = TestimonyRequest.objects.select_related("ambassador__person", "language")
    if state:
        rows = rows.filter(state=state)
    if year:
        rows = rows.filter(held_on__year=year)
    if ambassador_id:
        rows = rows.filter(ambassador_id=ambassador_id)
    if theme:
        rows = rows.filter(theme=theme)
    return rows.order_by("-held_on", "-id")


def proposals(testimony: TestimonyRequest, *, limit: int = 10) -> list[tuple[matching.Fit, Ambassador]]:
    """The ambassadors who can take the testimony, best fit first (``matching.rank``),
    each with its ambassador (person included). Three queries: the ambassadors certified
    by the day with their testimonies of the last year, their languages, the day's bookings."""
    on = testimony.held_on
    rows = list(
        Ambassador.objects.filter(certified_on__lte=on)
        .exclude(stopped_on__lte=on)
        .select_related("person")
        .annotate(
            recent=Count(
                "testimonies",
                filter=Q(testimonies__state=TestimonyState.GIVEN, testimonies__held_on__gte=on - RECENT),
            )
        )
        .prefetch_related(Prefetch("person__languages", queryset=Language.objects.only("code")))
        .order_by("person__family_name", "person__given_names", "id")
    )
    booked = set(
        TestimonyRequest.objects.filter(held_on=on, state__in=BOOKED_STATES)
        .exclude(pk=testimony.pk)
        .values_list("ambassador_id", flat=True)
    )
    by_id = {row.pk: row for row in rows}
    need = matching.Need(
        held_on=on, theme=testimony.theme, language=testimony.language_id, outside_ghent=testimony.outside_ghent
    )
    ranked = matching.rank(need, [_candidate(row, on if row.pk in booked else None) for row in rows])
    return [(fit, by_id[fit.candidate.id]) for fit in ranked[:limit]]


def _candidate(row: Ambassador, booked_on: date | None) -> matching.Candidate:
    return matching.Candidate(
        id=row.pk,
        certified_on=row.certified_on,
        stopped_on=row.stopped_on,
        consent_given_on=row.consent_given_on,
        consent_withdrawn_on=row.consent_withdrawn_on,
        themes=frozenset(row.themes),
        weekdays=frozenset(row.weekdays),
        languages=frozenset(language.code for language in row.person.languages.all()),
        travels=row.travels_outside_ghent,
        booked_days=frozenset([booked_on]) if booked_on else frozenset(),
        recent=getattr(row, "recent", 0),
    )


def associations(*, query: str = "", recognition: str = "", women_focus: bool | None = None) -> QuerySet[Association]:
    """Associations by name with their support contacts counted and the last one's date. One query."""
    rows = _words(Association.objects.all(), query, "name", "contact_name")
    if recognition:
        rows = rows.filter(recognition=recognition)
    if women_focus is not None:
        rows = rows.filter(women_focus=women_focus)
    return rows.annotate(contact_count=Count("contacts"), last_contact_on=Max("contacts__held_on")).order_by(
        "name", "id"
    )


def support_contacts(
    *, year: int | None = None, kind: str = "", association_id: int | None = None
) -> QuerySet[SupportContact]:
    """Support contacts, latest first, with the association and the staff member. One query."""
    rows = SupportContact.objects.select_related("association", "staff")
    if year:
        rows = rows.filter(held_on__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if association_id:
        rows = rows.filter(association_id=association_id)
    return rows.order_by("-held_on", "-id")


def network_events(*, year: int | None = None) -> QuerySet[NetworkEvent]:
    """Network events, latest first, with the associations present counted. One query."""
    rows = NetworkEvent.objects.all()
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.annotate(association_count=Count("associations")).order_by("-held_on", "-id")
