"""The sessions of a course: made from the slot and the course's hours when a formation
proposal is accepted (skipping Belgian public holidays and the agency's closing days), the
session editor (move, add, cancel with confirmation) and the first session in seat offers.
A weekend course meets on Saturday and Sunday only."""

import datetime
import random

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import logged_in_client
from haven.core.models import Language
from haven.orientation import planning, services
from haven.orientation.formation.schedule import session_days, session_lengths
from haven.orientation.models import (
    Attendance,
    ClosingPeriod,
    Course,
    OfferState,
    Presence,
    SeatOffer,
    Session,
    SessionState,
    Slot,
)
from haven.orientation.tests.factories import CourseFactory, RoomFactory, TeacherFactory
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

THURSDAY = datetime.date(2019, 9, 5)
ARMISTICE = datetime.date(2019, 11, 11)  # a Monday, a Belgian public holiday
SATURDAY, SUNDAY = 5, 6


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def local_days(course: Course, *, state=SessionState.PLANNED) -> list[datetime.date]:
    return [timezone.localtime(s.starts_at).date() for s in course.sessions.filter(state=state).order_by("starts_at")]


# The rule, pure ----------------------------------------------------------------------------


def test_session_days_keep_to_the_weekdays_and_skip_closed_days():
    days = session_days(weekdays=(5, 6), first_day=THURSDAY, count=4, closed={datetime.date(2019, 9, 8)})
    assert days == [
        datetime.date(2019, 9, 7),
        datetime.date(2019, 9, 14),
        datetime.date(2019, 9, 15),
        datetime.date(2019, 9, 21),
    ]
    assert session_lengths(hours=62, session_hours=3) == [3] * 20 + [2]
    with pytest.raises(ValueError, match="Weekdays"):
        session_days(weekdays=(7,), first_day=THURSDAY, count=1, closed=())


# Accepting a proposal ------------------------------------------------------------------------


def test_accepting_a_proposal_creates_the_sessions_from_the_slot_and_the_hours(
    waiting_arabic_and_russian, course_coordinator
):
    """An evening course (Monday and Wednesday, 18:00–21:00) of 60 hours from Monday 2
    September 2019: twenty sessions, none in the autumn closing week, none on 11 November."""
    ClosingPeriod.objects.create(
        first_day=datetime.date(2019, 10, 28), last_day=datetime.date(2019, 11, 3), reason="Herfstvakantie"
    )
    result = planning.formation_propose(min_size=5, max_size=8)
    saved = planning.proposal_to_session(result.proposal)
    [course] = planning.formation_accept(
        courses=saved["courses"],
        starts_on=datetime.date(2019, 9, 2),
        by=course_coordinator,
        on=datetime.date(2019, 8, 30),
    )
    sessions = list(course.sessions.order_by("starts_at"))
    days = [timezone.localtime(session.starts_at).date() for session in sessions]
    assert len(sessions) == 20 and sum(session.hours for session in sessions) == course.hours == 60
    assert {day.weekday() for day in days} == {0, 2}
    assert {timezone.localtime(s.starts_at).time() for s in sessions} == {datetime.time(18)}
    assert ARMISTICE not in days
    assert not [day for day in days if datetime.date(2019, 10, 28) <= day <= datetime.date(2019, 11, 3)]
    assert days[0] == course.starts_on == datetime.date(2019, 9, 2)
    assert days[-1] == datetime.date(2019, 11, 18)  # two closed days and the holiday pushed it on
    # The offers are answered before the course begins: the day before the first session.
    assert set(SeatOffer.objects.filter(course=course).values_list("expires_on", flat=True)) == {
        datetime.date(2019, 9, 1)
    }


@pytest.fixture
def waiting_for_a_weekend(intake_user):
    for index in range(6):
        services.waiting_entry_create(
            person=PersonFactory(),
            languages=Language.objects.filter(code="ara"),
            slots=[Slot.WEEKEND],
            waiting_since=datetime.date(2019, 1, 7) + datetime.timedelta(days=index),
            by=intake_user,
        )
    TeacherFactory(name="Weekend Teacher", languages=["ara"], slots=[Slot.WEEKEND])
    RoomFactory(name="Lokaal W", capacity=12, slots=[Slot.WEEKEND])


def test_a_weekend_course_formed_from_a_thursday_never_meets_on_a_thursday(waiting_for_a_weekend, course_coordinator):
    """The cause of the Thursday: sessions were laid weekly from the start date whatever the
    slot. Now the slot decides the weekdays, and the course starts on its first session."""
    saved = planning.proposal_to_session(planning.formation_propose(min_size=5, max_size=8).proposal)
    [course] = planning.formation_accept(
        courses=saved["courses"], starts_on=THURSDAY, by=course_coordinator, on=datetime.date(2019, 8, 1)
    )
    days = local_days(course)
    assert course.slot == Slot.WEEKEND and len(days) == 20
    assert {day.weekday() for day in days} == {SATURDAY, SUNDAY}
    assert course.starts_on == days[0] == datetime.date(2019, 9, 7)
    # Offered a month ahead: held the usual week.
    assert set(course.offers.values_list("expires_on", flat=True)) == {datetime.date(2019, 8, 8)}


def test_the_demo_builds_weekend_courses_on_saturdays_and_sundays_only(course_coordinator):
    """The demo drew a start date on any weekday and laid the sessions from it: its weekend
    courses met on Thursdays. Its courses now come from the same rule as formation's."""
    from haven.demo.orientation import OrientationBuilder

    seed = {
        "tables": {
            "civic_orientation_by_language": {"columns": [], "rows": []},
            "civic_orientation_other": {"rows": [["Parkoer", 0]]},
        }
    }
    builder = OrientationBuilder(
        rng=random.Random(7),
        seed_report=seed,
        staff={"course_coordinator": course_coordinator},
        population=None,
        integration=None,
    )
    teacher = TeacherFactory(languages=["ara"])
    courses = [builder._course(2019, "ara", 10, [teacher], []) for _ in range(12)]
    weekend = [course for course in courses if course.slot == Slot.WEEKEND]
    assert weekend, "the seeded draws include weekend courses"
    for course in courses:
        days = local_days(course)
        assert len(days) == 20 and days[0] == Course.objects.get(pk=course.pk).starts_on
        allowed = {SATURDAY, SUNDAY} if course.slot == Slot.WEEKEND else {0, 1, 2, 3, 4}
        assert {day.weekday() for day in days} <= allowed, course.slot
        assert not set(days) & set(services.closed_days(days[0], days[-1]))


def test_a_weekend_course_planned_by_hand_on_a_thursday_is_refused(course_coordinator, english):
    data = {
        "language": "ara",
        "slot": Slot.WEEKEND,
        "starts_on": THURSDAY.strftime("%d/%m/%Y"),
        "start_time": "09:00",
        "session_hours": 3,
        "sessions": 20,
        "capacity": 14,
        "location": "Kongostraat",
    }
    response = logged_in_client(course_coordinator).post("/orientation/courses/new/", data)
    assert response.status_code == 200 and not Course.objects.exists()
    assert response.context["form"].errors["starts_on"] == ["A weekend course meets on Saturday or Sunday."]
    response = logged_in_client(course_coordinator).post(
        "/orientation/courses/new/", {**data, "starts_on": "07/09/2019"}
    )
    assert response.status_code == 302
    assert {day.weekday() for day in local_days(Course.objects.get())} == {SATURDAY}


# The session editor ------------------------------------------------------------------------


@pytest.fixture
def evening_course():
    """An evening course of 60 hours from Monday 2 September 2019 (Monday and Wednesday)."""
    course = CourseFactory(starts_on=datetime.date(2019, 9, 2), location="Kongostraat")
    services.course_sessions_create(course=course, first_day=course.starts_on)
    return course


def _move(client, session, day, starts="18:00", ends="21:00", place="", **headers):
    prefix = f"move-{session.pk}"
    return client.post(
        f"/orientation/sessions/{session.pk}/move/",
        {f"{prefix}-day": day, f"{prefix}-starts_at": starts, f"{prefix}-ends_at": ends, f"{prefix}-place": place},
        **headers,
    )


def test_the_editor_lists_the_sessions_and_the_closed_days(evening_course, course_coordinator, english):
    page = logged_in_client(course_coordinator).get(f"/orientation/courses/{evening_course.pk}/sessions/")
    assert page.status_code == 200
    assert len(page.context["sessions"]) == 20
    assert page.context["hours_planned"] == 60
    assert ARMISTICE in dict(page.context["closed"])
    assert page.context["may_change"]


def test_moving_a_session_refuses_a_holiday_a_closing_day_a_clash_and_the_wrong_weekday(
    evening_course, course_coordinator
):
    client = logged_in_client(course_coordinator)
    session = evening_course.sessions.order_by("starts_at")[3]  # Wednesday 11 September
    ClosingPeriod.objects.create(
        first_day=datetime.date(2019, 12, 23), last_day=datetime.date(2020, 1, 3), reason="Kerstsluiting"
    )
    # In Dutch (the default language) with the Dutch name of the holiday …
    refused = _move(client, session, "11/11/2019")
    assert refused.status_code == 422
    assert "11/11/2019" in refused.context["form"].errors["day"][0]
    assert "Wapenstilstand" in refused.context["form"].errors["day"][0]
    # … and in English (the user's switch) with the English one.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = _move(client, session, "11/11/2019")
    assert refused.context["form"].errors["day"] == ["No session on 11/11/2019: Armistice Day."]
    # … and in English with the English one.
    refused = _move(client, session, "30/12/2019")
    assert refused.context["form"].errors["day"] == ["No session on 30/12/2019: Kerstsluiting."]
    refused = _move(client, session, "02/09/2019", starts="19:00", ends="22:00")
    assert refused.context["form"].errors["starts_at"] == ["This overlaps the course's session of 02/09/2019 18:00."]
    refused = _move(client, session, "14/09/2019")  # a Saturday
    assert refused.context["form"].errors["day"] == ["A day or evening course meets from Monday to Friday."]
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == datetime.date(2019, 9, 11)

    moved = _move(client, session, "12/09/2019", starts="18:30", ends="21:30", place="Wijkcentrum Rabot")
    assert moved.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at, session.place) == (
        at(datetime.date(2019, 9, 12), 18, 30),
        at(datetime.date(2019, 9, 12), 21, 30),
        "Wijkcentrum Rabot",
    )


def test_a_session_is_added_and_a_weekend_session_never_goes_to_a_thursday(course_coordinator, english):
    course = CourseFactory(slot=Slot.WEEKEND, starts_on=datetime.date(2019, 9, 7))
    services.course_sessions_create(course=course, first_day=course.starts_on)
    client = logged_in_client(course_coordinator)
    url = f"/orientation/courses/{course.pk}/sessions/"
    thursday = {"new-day": "19/09/2019", "new-starts_at": "09:00", "new-ends_at": "12:00"}
    refused = client.post(url, thursday)
    assert refused.status_code == 422
    assert refused.context["form"].errors["day"] == ["A weekend course meets on Saturday or Sunday."]
    weekend = _move(client, course.sessions.first(), THURSDAY.strftime("%d/%m/%Y"), starts="09:00", ends="12:00")
    assert weekend.context["form"].errors["day"] == ["A weekend course meets on Saturday or Sunday."]
    added = client.post(url, {**thursday, "new-day": "16/11/2019"})
    assert added.status_code == 302
    assert course.sessions.count() == 21
    assert {day.weekday() for day in local_days(course)} == {SATURDAY, SUNDAY}


def test_cancelling_asks_for_confirmation_first(evening_course, course_coordinator, counsellor):
    session = evening_course.sessions.order_by("starts_at").first()
    url = f"/orientation/sessions/{session.pk}/cancel/"
    assert logged_in_client(counsellor).post(url, {"confirm": "yes"}).status_code == 403
    assert logged_in_client(counsellor).get(f"/orientation/sessions/{session.pk}/move/").status_code == 403
    client = logged_in_client(course_coordinator)
    asked = client.get(url, HTTP_HX_REQUEST="true")
    assert asked.status_code == 200 and b'name="confirm" value="yes"' in asked.content
    assert asked.content.lstrip().startswith(b"<tr")  # htmx: the row becomes the question
    assert client.post(url).status_code == 200  # no confirmation: asked again, nothing cancelled
    session.refresh_from_db()
    assert session.state == SessionState.PLANNED
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.CANCELLED
    # The course now begins on its second session; attendance cannot be recorded on a cancelled one.
    evening_course.refresh_from_db()
    assert evening_course.starts_on == datetime.date(2019, 9, 4)
    with pytest.raises(services.ValidationError):
        services.attendance_record(session=session, presence={}, by=course_coordinator)


def test_a_session_with_attendance_neither_moves_nor_cancels(evening_course, course_coordinator):
    session = evening_course.sessions.order_by("starts_at").first()
    enrolment = services.enrolment_create(
        course=evening_course, person=PersonFactory(), by=course_coordinator, enrolled_on=datetime.date(2019, 8, 1)
    )
    services.attendance_record(session=session, presence={enrolment.pk: Presence.PRESENT}, by=course_coordinator)
    with pytest.raises(services.ValidationError):
        services.session_cancel(session=session, by=course_coordinator)
    with pytest.raises(services.ValidationError):
        services.session_move(
            session=session,
            starts_at=at(datetime.date(2019, 9, 3), 18),
            ends_at=at(datetime.date(2019, 9, 3), 21),
            place="",
            by=course_coordinator,
        )
    assert Attendance.objects.filter(session=session).count() == 1


# Seat offers and the first session ---------------------------------------------------------


def test_seat_offers_name_the_first_session_and_expire_before_it(evening_course, course_coordinator, english):
    """A seat freed eight days before the course: held until the day before its first
    session (not the usual week), and the page and the message name that session."""
    enrolment = services.enrolment_create(
        course=evening_course, person=PersonFactory(), by=course_coordinator, enrolled_on=datetime.date(2019, 8, 1)
    )
    services.waiting_entry_create(
        person=PersonFactory(),
        languages=Language.objects.filter(code="ara"),
        slots=[Slot.EVENING],
        waiting_since=datetime.date(2019, 1, 7),
        by=course_coordinator,
    )
    offer = services.enrolment_withdraw(enrolment=enrolment, on=datetime.date(2019, 8, 29), by=course_coordinator)
    assert offer is not None and offer.expires_on == datetime.date(2019, 9, 1)
    page = logged_in_client(course_coordinator).get(f"/orientation/courses/{evening_course.pk}/")
    assert b"begins on Monday 02/09/2019, 18:00\xe2\x80\x9321:00, at Kongostraat" in page.content

    # The first session moves earlier: the open offer's expiry follows it.
    services.session_move(
        session=evening_course.sessions.order_by("starts_at").first(),
        starts_at=at(datetime.date(2019, 8, 30), 18),
        ends_at=at(datetime.date(2019, 8, 30), 21),
        place="",
        by=course_coordinator,
    )
    offer.refresh_from_db()
    assert offer.expires_on == datetime.date(2019, 8, 29)
    evening_course.refresh_from_db()
    assert evening_course.starts_on == datetime.date(2019, 8, 30)


def test_the_withdrawal_message_names_the_first_session(evening_course, course_coordinator, english):
    enrolment = services.enrolment_create(
        course=evening_course, person=PersonFactory(), by=course_coordinator, enrolled_on=datetime.date(2019, 8, 1)
    )
    services.waiting_entry_create(
        person=PersonFactory(),
        languages=Language.objects.filter(code="ara"),
        slots=[Slot.EVENING],
        waiting_since=datetime.date(2019, 1, 7),
        by=course_coordinator,
    )
    response = logged_in_client(course_coordinator).post(
        f"/orientation/enrolments/{enrolment.pk}/withdraw/", {"purpose": "course"}, follow=True
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert "The course begins on Monday 02/09/2019, 18:00–21:00 at Kongostraat." in text
    assert SeatOffer.objects.filter(course=evening_course, state=OfferState.OPEN).count() == 1


def test_an_offer_for_a_course_that_has_begun_is_held_the_whole_week():
    assert services.offer_expiry(offered_on=datetime.date(2019, 9, 10), first_day=datetime.date(2019, 9, 2)) == (
        datetime.date(2019, 9, 17)
    )
    assert services.offer_expiry(offered_on=datetime.date(2019, 9, 1), first_day=datetime.date(2019, 9, 2)) == (
        datetime.date(2019, 9, 1)
    )
    assert services.offer_expiry(offered_on=datetime.date(2019, 9, 1), first_day=None) == datetime.date(2019, 9, 8)


def test_the_api_refuses_a_session_on_a_holiday(api_records, course_coordinator):
    """The API adds sessions through the same service, with the same rules."""
    client = logged_in_client(course_coordinator)
    response = client.post(
        f"/api/orientation/courses/{api_records['course']}/sessions",
        {"starts_at": at(ARMISTICE, 18).isoformat(), "ends_at": at(ARMISTICE, 21).isoformat()},
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert not Session.objects.filter(starts_at=at(ARMISTICE, 18)).exists()


def test_a_course_s_sessions_are_made_in_one_insert_whatever_their_number(django_assert_num_queries):
    """The demo and formation make many courses: their sessions cost the same few queries
    for 10 sessions as for 40: one insert and the start moved to the first session (and the
    savepoint around them), the closed days read once beforehand."""
    closed = services.closed_days(datetime.date(2019, 1, 1), datetime.date(2021, 12, 31))
    for hours in (30, 120):
        course = CourseFactory(hours=hours, starts_on=datetime.date(2019, 9, 5))  # a Thursday: the start moves
        with django_assert_num_queries(4) as captured:
            made = services.course_sessions_create(course=course, first_day=course.starts_on, closed=closed)
        assert len(made) == hours // 3
        assert len([query for query in captured.captured_queries if "INSERT" in query["sql"]]) == 1
