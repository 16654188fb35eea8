"""Dutch-practice endpoints under /api/dutch-practice/: the same access functions as the
pages, writes through the services (their refusals are 422 problems naming the field).

- the weekly series and their sessions (head counts; no person named), and a session
  logged (its volunteers and participants named by id, traced by the service);
- the directory's published opportunities (public-safe: organisations only), for any user;
- the newsletter's subscribers, for the programme staff only (address, language, dates)."""

from datetime import date, time
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from haven.core.api import PageMeta, Year, page_of, problems
from haven.core.models import AccessChannel
from haven.dutch_practice import access, selectors
from haven.dutch_practice.models import (
    ConversationSeries,
    ConversationSession,
    Opportunity,
    PracticeLevel,
    SeriesLevel,
    Volunteer,
)
from haven.dutch_practice.services import moments as services
from haven.people import access as people_access
from haven.people.models import Person

router = Router(tags=["dutch practice"])
WeekdayNumber = Annotated[int, Field(ge=0, le=6, description="0 is Monday, 6 is Sunday.")]
Price = Annotated[Decimal, Field(ge=0, le=9999, description="In euro.")]
API = AccessChannel.API


class DutchPracticeSeriesOut(Schema):
    id: int
    title: str
    weekday: int = Field(description="0 is Monday, 6 is Sunday.")
    starts_at: time
    ends_at: time
    place: str
    level: SeriesLevel
    active_from: date
    active_until: date | None
    session_count: int


class DutchPracticeSeriesPage(PageMeta):
    items: list[DutchPracticeSeriesOut]


class DutchPracticeSessionIn(Schema):
    held_on: date
    participant_count: int = Field(description="The head count (zero or more).")
    volunteer_ids: list[int] = Field(default_factory=list, description="The volunteers present (volunteer ids).")
    participant_ids: list[int] = Field(default_factory=list, description="Participants named (person ids), optional.")
    note: str = Field("", max_length=300)


class DutchPracticeSessionOut(Schema):
    id: int
    series_id: int
    series: str
    level: SeriesLevel
    held_on: date
    participant_count: int
    volunteer_count: int


class DutchPracticeSessionPage(PageMeta):
    items: list[DutchPracticeSessionOut]


class DutchPracticeOpportunityOut(Schema):
    id: int
    title: str
    organiser: str
    description: str
    district: str | None
    address: str
    weekdays: list[int] = Field(description="0 is Monday, 6 is Sunday.")
    starts_at: time | None
    ends_at: time | None
    level: PracticeLevel
    price: Decimal = Field(description="0 for a free opportunity.")
    target_group: str
    contact_email: str
    contact_phone: str
    valid_until: date | None


class DutchPracticeOpportunityPage(PageMeta):
    items: list[DutchPracticeOpportunityOut]


class DutchPracticeSubscriberOut(Schema):
    id: int
    email: str
    language: str
    subscribed_on: date
    confirmed_on: date | None
    unsubscribed_on: date | None


class DutchPracticeSubscriberPage(PageMeta):
    items: list[DutchPracticeSubscriberOut]


def _series_out(series: ConversationSeries) -> DutchPracticeSeriesOut:
    return DutchPracticeSeriesOut(
        id=series.pk,
        title=series.title,
        weekday=series.weekday,
        starts_at=series.starts_at,
        ends_at=series.ends_at,
        place=series.place,
        level=SeriesLevel(series.level),
        active_from=series.active_from,
        active_until=series.active_until,
        session_count=getattr(series, "session_count", 0) or 0,
    )


def _session_out(session: ConversationSession, volunteer_count: int | None = None) -> DutchPracticeSessionOut:
    return DutchPracticeSessionOut(
        id=session.pk,
        series_id=session.series_id,
        series=session.series.title,
        level=SeriesLevel(session.series.level),
        held_on=session.held_on,
        participant_count=session.participant_count,
        volunteer_count=volunteer_count if volunteer_count is not None else getattr(session, "volunteer_count", 0),
    )


def _opportunity_out(opportunity: Opportunity) -> DutchPracticeOpportunityOut:
    return DutchPracticeOpportunityOut(
        id=opportunity.pk,
        title=opportunity.title,
        organiser=opportunity.organiser,
        description=opportunity.description,
        district=opportunity.district.name if opportunity.district else None,
        address=opportunity.address,
        weekdays=[int(day) for day in opportunity.weekdays],
        starts_at=opportunity.starts_at,
        ends_at=opportunity.ends_at,
        level=PracticeLevel(opportunity.level),
        price=opportunity.price,
        target_group=opportunity.target_group,
        contact_email=opportunity.contact_email,
        contact_phone=opportunity.contact_phone,
        valid_until=opportunity.valid_until,
    )


@router.get(
    "/series", response={200: DutchPracticeSeriesPage, **problems(422)}, summary="List the weekly conversation moments"
)
def series_list(request, page: int = 1):
    access.practice_for_user(request.auth, "dutch_practice.view_conversationseries")
    meta, current = page_of(selectors.series_list(), page)
    return DutchPracticeSeriesPage(**meta, items=[_series_out(series) for series in current])


@router.get(
    "/sessions",
    response={200: DutchPracticeSessionPage, **problems(422)},
    summary="List the sessions of the conversation moments (head counts, paginated)",
)
def session_list(
    request, series_id: int | None = None, year: Year | None = None, level: SeriesLevel | None = None, page: int = 1
):
    access.practice_for_user(request.auth)
    meta, current = page_of(selectors.sessions(series_id=series_id, year=year, level=level or ""), page)
    return DutchPracticeSessionPage(**meta, items=[_session_out(session) for session in current])


def _volunteers(ids: list[int]) -> list[Volunteer]:
    found = {volunteer.pk: volunteer for volunteer in Volunteer.objects.select_related("person").filter(pk__in=ids)}
    if set(ids) - set(found):
        raise ValidationError({"volunteer_ids": _("There is no volunteer with this id.")})
    return [found[pk] for pk in dict.fromkeys(ids)]


def _participants(request, ids: list[int]) -> list[Person]:
    people = []
    for person_id in dict.fromkeys(ids):
        if not Person.objects.filter(pk=person_id).exists():
            raise ValidationError({"participant_ids": _("There is no person with this id.")})
        people.append(
            people_access.person_for_record(
                request.auth,
                person_id,
                purpose=access.practice_purpose(request.auth, None),
                permission="dutch_practice.add_conversationsession",
                starts="programme",
                write=True,
                channel=API,
            )
        )
    return people


@router.post(
    "/series/{series_id}/sessions",
    response={201: DutchPracticeSessionOut, **problems(404, body=True)},
    summary="Log a session of a conversation moment (day, volunteers present, head count)",
)
def session_log(request, series_id: int, payload: DutchPracticeSessionIn):
    access.practice_for_user(request.auth, "dutch_practice.add_conversationsession")
    series = access.series_for_user(request.auth, series_id)
    session = services.session_log(
        series=series,
        held_on=payload.held_on,
        volunteers=_volunteers(payload.volunteer_ids),
        participant_count=payload.participant_count,
        participants=_participants(request, payload.participant_ids),
        note=payload.note,
        by=request.auth,
        channel=API,
    )
    return Status(201, _session_out(session, volunteer_count=len(set(payload.volunteer_ids))))


@router.get(
    "/opportunities",
    response={200: DutchPracticeOpportunityPage, **problems(422)},
    summary="List the published practice opportunities (as the public page shows them)",
)
def opportunity_list(
    request,
    district_id: int | None = None,
    weekday: WeekdayNumber | None = None,
    level: Literal["a1", "a2", "b1", "b2"] | None = None,
    free: bool = False,
    max_price: Price | None = None,
    page: int = 1,
):
    # Public-safe (the public page shows the same): any logged-in user, no permission needed.
    rows = selectors.public_opportunities(
        today=timezone.localdate(),
        district_id=district_id,
        weekday=weekday,
        level=level or "",
        free_only=free,
        max_price=max_price,
    )
    meta, current = page_of(rows, page)
    return DutchPracticeOpportunityPage(**meta, items=[_opportunity_out(opportunity) for opportunity in current])


@router.get(
    "/subscribers",
    response={200: DutchPracticeSubscriberPage, **problems(422)},
    summary="List the newsletter's subscriptions (programme staff)",
)
def subscriber_list(request, q: str = "", state: Literal["", "subscribed", "pending", "ended"] = "", page: int = 1):
    access.practice_for_user(request.auth, "dutch_practice.view_subscriber")
    meta, current = page_of(selectors.subscribers(query=q, state=state, today=timezone.localdate()), page)
    return DutchPracticeSubscriberPage(
        **meta,
        items=[
            DutchPracticeSubscriberOut(
                id=subscriber.pk,
                email=subscriber.email,
                language=subscriber.language,
                subscribed_on=subscriber.subscribed_on,
                confirmed_on=subscriber.confirmed_on,
                unsubscribed_on=subscriber.unsubscribed_on,
            )
            for subscriber in current
        ],
    )
