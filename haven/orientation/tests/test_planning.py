"""Course formation through Haven: the waiting list, teachers and rooms go to the engine,
and an accepted proposal becomes courses with seat offers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import logged_in_client
from haven.orientation import planning
from haven.orientation.models import Course, OfferState, SeatOffer, Slot, WaitingEntry, WaitingState

pytestmark = pytest.mark.django_db
SINCE = datetime.date(2019, 1, 7)


def test_a_proposal_serves_those_a_course_can_be_formed_for(waiting_arabic_and_russian):
    result = planning.formation_propose(min_size=5, max_size=8)
    assert result.waiting == 13
    assert result.proposal.served == 8 and result.greedy_served <= result.proposal.served
    assert result.proposal.optimal
    [course] = result.proposal.courses
    assert (course.language, course.slot) == ("ara", Slot.EVENING)
    # The eight longest waiters of the ten.
    longest = list(
        WaitingEntry.objects.filter(languages__code="ara").order_by("waiting_since").values_list("pk", flat=True)[:8]
    )
    assert sorted(course.learner_ids) == sorted(longest)


def test_accepting_creates_the_courses_and_offers_their_seats(waiting_arabic_and_russian, course_coordinator):
    result = planning.formation_propose(min_size=5, max_size=8)
    saved = planning.proposal_to_session(result.proposal)
    [course] = planning.formation_accept(
        courses=saved["courses"],
        starts_on=datetime.date(2019, 9, 2),
        by=course_coordinator,
        on=datetime.date(2019, 8, 1),
    )
    assert course.language_id == "ara" and course.room.name == "Lokaal 1" and course.teacher.name == "Nadia Lesgever"
    offers = SeatOffer.objects.filter(course=course, state=OfferState.OPEN)
    assert offers.count() == 8
    assert WaitingEntry.objects.filter(state=WaitingState.OFFERED).count() == 8
    # Accepting the same proposal again is refused: those people are no longer waiting.
    with pytest.raises(ValidationError):
        planning.formation_accept(
            courses=saved["courses"],
            starts_on=datetime.date(2019, 9, 2),
            by=course_coordinator,
            on=datetime.date(2019, 8, 1),
        )
    assert Course.objects.count() == 1


def test_the_formation_page_proposes_and_accepts_for_the_coordinator_only(
    waiting_arabic_and_russian, course_coordinator, counsellor
):
    assert logged_in_client(counsellor).get("/orientation/formation/").status_code == 403
    client = logged_in_client(course_coordinator)
    page = client.post(
        "/orientation/formation/", {"action": "propose", "min_size": 5, "max_size": 8, "starts_on": "02/09/2019"}
    )
    assert page.status_code == 200
    assert page.context["result"].proposal.served == 8
    accepted = client.post("/orientation/formation/", {"action": "accept"})
    assert accepted.status_code == 302
    assert SeatOffer.objects.filter(state=OfferState.OPEN).count() == 8


def test_a_coordinator_plans_a_course_with_weekly_sessions(course_coordinator, counsellor):
    data = {
        "language": "ara",
        "slot": Slot.EVENING,
        "starts_on": "02/09/2019",
        "start_time": "18:00",
        "session_hours": 3,
        "sessions": 20,
        "capacity": 14,
        "location": "Kongostraat",
    }
    assert logged_in_client(counsellor).post("/orientation/courses/new/", data).status_code == 403
    response = logged_in_client(course_coordinator).post("/orientation/courses/new/", data)
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.language_id, course.hours, course.capacity) == ("ara", 60, 14)
    sessions = list(course.sessions.all())
    assert len(sessions) == 20
    assert sessions[1].starts_at - sessions[0].starts_at == datetime.timedelta(days=7)
    # An invalid form keeps what was typed and says what is wrong.
    again = logged_in_client(course_coordinator).post("/orientation/courses/new/", {**data, "capacity": 0})
    assert again.status_code == 200 and again.context["form"].errors["capacity"]
