"""Reads of the community line for pages, the API and the report. Each queryset runs one
query when evaluated (related rows joined), whatever the number of rows;
``tests/test_selectors.py`` holds them to it."""

from datetime import date

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Sum

from haven.community.models import (
    Buddy,
    CommunityEvent,
    CultureEdition,
    CultureHouse,
    Duo,
    EventPhoto,
    Group,
    MatchProposal,
    Meeting,
    Participant,
    PhotoConsent,
    ProposedPair,
)

WAITING, MATCHED, WITHDRAWN = "waiting", "matched", "withdrawn"


def groups(*, year: int | None = None) -> QuerySet[Group]:
    """Groups, latest start first, with their newcomers (``participant_count``), those still
    waiting (``waiting_count``) and their duos (``duo_count``). One query."""
    rows = Group.objects.all()
    if year:
        rows = rows.filter(starts_on__year=year)
    waiting = Participant.objects.filter(group=OuterRef("pk"), withdrawn_on__isnull=True, duos__isnull=True)
    return rows.annotate(
        participant_count=Count("participants", distinct=True),
        duo_count=Count("duos", distinct=True),
        has_waiting=Exists(waiting),
    ).order_by("-starts_on", "-id")


def participants(
    *, programme: str = "", group_id: int | None = None, status: str = "", year: int | None = None
) -> QuerySet[Participant]:
    """Newcomers signed up, newest first, by programme, group, status (waiting for a duo,
    matched, withdrawn) or year of sign-up. One query, the person, group and mother tongue joined."""
    rows = Participant.objects.all()
    if programme:
        rows = rows.filter(programme=programme)
    if group_id:
        rows = rows.filter(group_id=group_id)
    if year:
        rows = rows.filter(registered_on__year=year)
    if status == WITHDRAWN:
        rows = rows.filter(withdrawn_on__isnull=False)
    elif status == WAITING:
        rows = rows.filter(withdrawn_on__isnull=True).exclude(Exists(Duo.objects.filter(participant=OuterRef("pk"))))
    elif status == MATCHED:
        rows = rows.filter(Exists(Duo.objects.filter(participant=OuterRef("pk"))))
    return rows.select_related("person", "group", "mother_tongue").order_by("-registered_on", "-id")


def buddies(*, programme: str = "", active: bool = False) -> QuerySet[Buddy]:
    """Buddies, newest first, with their duos (``duo_count``) and whether one runs
    (``in_duo``); ``active``: consent in force. One query."""
    rows = Buddy.objects.all()
    if programme in ("samen_gentenaar", "tandem"):
        rows = rows.filter(**{programme: True})
    if active:
        rows = rows.filter(consent_withdrawn_on__isnull=True)
    return (
        rows.annotate(
            duo_count=Count("duos"),
            in_duo=Exists(Duo.objects.filter(buddy=OuterRef("pk"), ended_on__isnull=True)),
        )
        .select_related("person", "person__district")
        .order_by("-registered_on", "-id")
    )


def duos(
    *, programme: str = "", group_id: int | None = None, year: int | None = None, running: bool = False
) -> QuerySet[Duo]:
    """Duos, latest start first, with the meetings held (``held_count``). One query, both
    people joined."""
    rows = Duo.objects.all()
    if programme:
        rows = rows.filter(programme=programme)
    if group_id:
        rows = rows.filter(group_id=group_id)
    if year:
        rows = rows.filter(started_on__year=year)
    if running:
        rows = rows.filter(ended_on__isnull=True)
    return (
        rows.annotate(held_count=Count("meetings", filter=Q(meetings__status="held")))
        .select_related("participant__person", "buddy__person", "group")
        .order_by("-started_on", "-id")
    )


def meetings(duo_id: int) -> QuerySet[Meeting]:
    """A duo's meetings, latest first. One query."""
    return Meeting.objects.filter(duo_id=duo_id).order_by("-held_on", "-id")


def latest_proposal(group_id: int) -> MatchProposal | None:
    """The group's latest proposal with its pairs and their people: two queries (none more
    for any number of pairs)."""
    pairs = ProposedPair.objects.select_related(
        "participant__person", "participant__person__district", "buddy__person", "buddy__person__district"
    ).order_by("-score", "id")
    return (
        MatchProposal.objects.filter(group_id=group_id)
        .prefetch_related(Prefetch("pairs", queryset=pairs))
        .order_by("-made_at", "-id")
        .first()
    )


def culture_editions() -> QuerySet[CultureEdition]:
    """Editions, latest first, with their houses (``house_count``), evenings and attendance
    (``attendance``). One query."""
    return CultureEdition.objects.annotate(
        house_count=Count("houses", distinct=True),
        evening_count=Count("evenings", distinct=True),
        attendance=Sum("evenings__attendance", output_field=IntegerField()),
    ).order_by("-year")


def culture_houses() -> QuerySet[CultureHouse]:
    """The houses by name with the editions they took part in (``edition_count``). One query."""
    return CultureHouse.objects.annotate(edition_count=Count("editions")).order_by("name", "id")


def events(*, kind: str = "", year: int | None = None) -> QuerySet[CommunityEvent]:
    """Events, latest first. One query."""
    rows = CommunityEvent.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(held_on__year=year)
    return rows.order_by("-held_on", "-id")


# Event photos ------------------------------------------------------------------------


def photos_shown(on: date) -> QuerySet[EventPhoto]:
    """The photos that may be shown on ``on``: a file still held, and nobody in them whose
    consent is not in force that day (not yet given, or withdrawn). The query a page runs."""
    not_covered = PhotoConsent.objects.filter(photo=OuterRef("pk")).filter(
        Q(consent_given_on__gt=on) | Q(consent_withdrawn_on__lte=on)
    )
    return EventPhoto.objects.filter(file_removed_on__isnull=True).exclude(file="").filter(~Exists(not_covered))


def photos(on: date, *, event_id: int | None = None) -> QuerySet[EventPhoto]:
    """The photos shown on ``on``, newest first, with their event and their people (two
    queries when evaluated: the photos with their events, then every consent with its person)."""
    rows = photos_shown(on).select_related("event")
    if event_id:
        rows = rows.filter(event_id=event_id)
    consents = PhotoConsent.objects.select_related("person").order_by("person__family_name", "person__given_names")
    return rows.prefetch_related(Prefetch("consents", queryset=consents)).order_by(
        "-event__held_on", "-uploaded_at", "-id"
    )
