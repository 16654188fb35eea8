"""Transit-site endpoints: the same access functions as the pages, writes through the
services, every read of a stay logged on its head of family with the purpose "programme"."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from haven.core.api import PageMeta, PersonRef, Year, page_of, person_ref, problem_from, problems
from haven.core.models import AccessChannel
from haven.people import access as people_access
from haven.transit_site import access, selectors, services
from haven.transit_site.models import ArrivalNotice, LanguageGroup, NoticeState, Stay
from haven.transit_site.services import ChildValues

router = Router(tags=["transit site"])

API = AccessChannel.API
PAGE_SIZE = 50
Month = Annotated[int, Field(ge=1, le=12, description="A month of the year.")]


class ChildIn(Schema):
    first_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    language_group: LanguageGroup = LanguageGroup.FRENCH


class ChildOut(Schema):
    id: int
    first_name: str
    birth_date: date
    language_group: LanguageGroup


class StayIn(Schema):
    person_id: int = Field(description="The head of family, a person of the registry.")
    household_size: int = Field(ge=1, le=50)
    caravans: int = Field(ge=1, le=25)
    arrival: date
    planned_departure: date
    departure: date | None = None
    deposit_paid: Decimal = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    fees_paid: Decimal = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    rules_signed: bool = False
    notes: str = Field("", max_length=10_000)
    children: list[ChildIn] = Field([], max_length=15)


class StayOut(Schema):
    id: int
    head: PersonRef
    household_size: int
    nationality: str
    caravans: int
    arrival: date
    planned_departure: date
    departure: date | None
    deposit_paid: Decimal
    fees_paid: Decimal
    rules_signed: bool
    children: list[ChildOut]


class StayPage(PageMeta):
    items: list[StayOut]


class DepartureIn(Schema):
    departure: date


class OccupancyDay(Schema):
    day: date
    caravans: int
    free: int
    lesson_day: bool


class LessonAttendanceIn(Schema):
    present: list[int] = Field(description="The ids of the children present.", max_length=200)


class LessonAttendanceOut(Schema):
    day: date
    present: int


class NoticePage(PageMeta):
    items: list["NoticeOut"]


class NoticeIn(Schema):
    family_name: str = Field(min_length=1, max_length=150)
    phone: str = Field("", max_length=30)
    caravans: int = Field(ge=1, le=25)
    announced_on: date | None = Field(None, description="Today when left out.")
    expected_arrival: date


class NoticeOut(Schema):
    id: int
    family_name: str
    phone: str
    caravans: int
    announced_on: date
    expected_arrival: date
    state: NoticeState


def _stay_out(stay: Stay) -> StayOut:
    return StayOut(
        id=stay.pk,
        head=person_ref(stay.head),
        household_size=stay.household_size,
        nationality=stay.nationality,
        caravans=stay.caravans,
        arrival=stay.arrival,
        planned_departure=stay.planned_departure,
        departure=stay.departure,
        deposit_paid=stay.deposit_paid,
        fees_paid=stay.fees_paid,
        rules_signed=stay.rules_signed,
        children=[
            ChildOut(
                id=child.pk,
                first_name=child.first_name,
                birth_date=child.birth_date,
                language_group=LanguageGroup(child.language_group),
            )
            for child in stay.children.all()
        ],
    )


def _notice_out(notice: ArrivalNotice) -> NoticeOut:
    return NoticeOut(
        id=notice.pk,
        family_name=notice.family_name,
        phone=notice.phone,
        caravans=notice.caravans,
        announced_on=notice.announced_on,
        expected_arrival=notice.expected_arrival,
        state=NoticeState(notice.state),
    )


@router.get("/stays", response={200: StayPage, **problems(422)}, summary="List the stays (paginated)")
def stay_list(request, year: Year | None = None, page: int = 1):
    site = access.site_for_user(request.auth)
    rows = selectors.stays(site=site, year=year, today=timezone.localdate()).prefetch_related("children")
    meta, current = people_access.people_page(
        request.auth, rows, page, person_field="head_id", purpose=access.programme_purpose(request.auth, None)
    )
    return StayPage(**meta, items=[_stay_out(stay) for stay in current])


@router.get("/stays/{stay_id}", response={200: StayOut, **problems(404, 422)}, summary="Read a stay")
def stay_read(request, stay_id: int):
    return _stay_out(access.stay_for_user(request.auth, stay_id, channel=API))


@router.post(
    "/stays",
    response={201: StayOut, **problems(404, body=True)},
    summary="Register a stay of a person of the registry as head of family (422 when the site is full)",
)
def stay_create(request, payload: StayIn):
    person = access.person_for_stay(request.auth, payload.person_id, write=True, channel=API)
    site = access.site_for_user(request.auth, "transit_site.add_stay")
    values = payload.dict(exclude={"person_id", "children"})
    children = [ChildValues(child.first_name, child.birth_date, child.language_group) for child in payload.children]
    try:
        stay = services.stay_create(
            site=site, head=person, values=values, children=children, by=request.auth, channel=API
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _stay_out(stay))


@router.post(
    "/stays/{stay_id}/departure",
    response={200: StayOut, **problems(404, body=True)},
    summary="The family leaves: record the departure",
)
def stay_depart(request, stay_id: int, payload: DepartureIn):
    stay = access.stay_for_user(request.auth, stay_id, write=True, channel=API)
    try:
        stay = services.stay_update(stay=stay, values={"departure": payload.departure}, by=request.auth, channel=API)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return _stay_out(stay)


@router.get(
    "/occupancy",
    response={200: list[OccupancyDay], **problems(422)},
    summary="A month's occupancy: caravans and free places per day",
)
def occupancy(request, year: Year, month: Month):
    site = access.site_for_user(request.auth)
    weeks = selectors.month_calendar(site, year, month)
    return [
        OccupancyDay(day=cell.day, caravans=cell.caravans, free=cell.free, lesson_day=cell.lesson_day)
        for week in weeks
        for cell in week
        if cell is not None
    ]


@router.put(
    "/attendance/{lesson_day}",
    response={200: LessonAttendanceOut, **problems(404, body=True)},
    summary="The children present at the lessons of a lesson day (the day's sheet is replaced)",
)
def attendance_record(request, lesson_day: date, payload: LessonAttendanceIn):
    site = access.attendance_for_user(request.auth, write=True)
    try:
        count = services.attendance_record(
            site=site, day=lesson_day, present=payload.present, by=request.auth, channel=API
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return LessonAttendanceOut(day=lesson_day, present=count)


@router.get(
    "/arrivals", response={200: NoticePage, **problems(422)}, summary="The arrivals list: waiting families (paginated)"
)
def notice_list(request, page: int = 1):
    site = access.site_for_user(request.auth, "transit_site.view_arrivalnotice")
    meta, current = page_of(selectors.notices(site), page, size=PAGE_SIZE)
    return NoticePage(**meta, items=[_notice_out(notice) for notice in current])


@router.post(
    "/arrivals",
    response={201: NoticeOut, **problems(body=True)},
    summary="A family announces its arrival while the site is full",
)
def notice_create(request, payload: NoticeIn):
    site = access.site_for_user(request.auth, "transit_site.add_arrivalnotice")
    values = payload.dict()
    values["announced_on"] = payload.announced_on or timezone.localdate()
    try:
        notice = services.notice_create(site=site, values=values, by=request.auth)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, _notice_out(notice))
