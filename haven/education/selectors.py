"""Reads for education's pages and API. Each promises its number of queries (a page of
a list: the count and the page); the tests hold them to it."""

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from haven.education.models import (
    FutureDays,
    FutureDaysRegistration,
    FutureDaysSession,
    OkanPlaces,
    ParticipantState,
    PreTrackCohort,
    PreTrackParticipant,
    ReferralState,
    School,
    SchoolContact,
    SchoolReferral,
    StudyDossier,
)


def school_referrals(*, state: str = "", kind: str = "") -> QuerySet[SchoolReferral]:
    """Referrals with their child, home language and school found, newest first: one query."""
    rows = SchoolReferral.objects.select_related("person", "home_language", "school")
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-requested_on", "-id")


def open_referrals(*, kind: str = "") -> QuerySet[SchoolReferral]:
    """The open referrals, the longest waiting first, with the number of schools
    contacted: one query."""
    rows = (
        SchoolReferral.objects.filter(state=ReferralState.OPEN)
        .select_related("person", "home_language")
        .annotate(contacted=Count("contacts"))
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("requested_on", "id")


def referral_contacts(referral: SchoolReferral) -> list[SchoolContact]:
    """The schools contacted for a referral, in order: one query."""
    return list(referral.contacts.select_related("school").order_by("contacted_on", "id"))


def schools(*, okan_only: bool = False) -> QuerySet[School]:
    """Schools by name with their OKAN places per school year (newest first): two queries."""
    rows = School.objects.prefetch_related(
        Prefetch("okan_places", queryset=OkanPlaces.objects.order_by("-school_year"))
    )
    if okan_only:
        rows = rows.filter(okan=True)
    return rows.order_by("name")


def okan_schools() -> QuerySet[School]:
    """The active OKAN schools (for choices): one query."""
    return School.objects.filter(okan=True, active=True).order_by("name")


def future_days_events() -> QuerySet[FutureDays]:
    """The Toekomstdagen by year, with their sessions, pupils present and schools: one query."""
    return FutureDays.objects.annotate(
        session_count=Count("sessions", distinct=True),
        pupils=Coalesce(Sum("sessions__registrations__pupils_present"), Value(0), output_field=IntegerField()),
        school_count=Count(
            "sessions__registrations__school",
            distinct=True,
            filter=Q(sessions__registrations__pupils_present__gt=0),
        ),
    ).order_by("-year")


def future_days_sessions(event: FutureDays) -> list[FutureDaysSession]:
    """An event's sessions with their registrations and schools: two queries."""
    return list(
        event.sessions.prefetch_related(
            Prefetch("registrations", queryset=FutureDaysRegistration.objects.select_related("school"))
        ).order_by("held_on", "id")
    )


def study_dossiers(*, outcome: str = "", partner: str | None = None) -> QuerySet[StudyDossier]:
    """Study-choice dossiers with their person and number of conversations: one query."""
    rows = StudyDossier.objects.select_related("person").annotate(conversation_count=Count("conversations"))
    if outcome:
        rows = rows.filter(outcome=outcome)
    if partner is not None:
        rows = rows.filter(partner=partner)
    return rows.order_by("-opened_on", "-id")


def cohorts() -> QuerySet[PreTrackCohort]:
    """The pre-track's cohorts with their participants started, dropped and graduated: one query."""
    return PreTrackCohort.objects.annotate(
        started=Count("participants"),
        dropped=Count("participants", filter=Q(participants__state=ParticipantState.DROPPED)),
        graduated=Count("participants", filter=Q(participants__state=ParticipantState.GRADUATED)),
    ).order_by("-academic_year")


def cohort_participants(cohort: PreTrackCohort) -> QuerySet[PreTrackParticipant]:
    """A cohort's participants with their person and modules: two queries."""
    return (
        cohort.participants.select_related("person").prefetch_related("modules").order_by("person__family_name", "id")
    )
