"""The civic-orientation pages: who reaches them, enrolment from the waiting list up to the
places, withdrawal offering the seat to the right person, the attendance screen in a fixed
number of queries, completion, offers, demand and the person-file panel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from haven.core.models import AccessLogEntry, Language
from haven.orientation import services
from haven.orientation.models import (
    Attendance,
    Enrolment,
    EnrolmentState,
    OfferState,
    SeatOffer,
    Slot,
    WaitingState,
)
from haven.orientation.tests.factories import CourseFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, caseload_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DAY = datetime.date(2019, 3, 4)


def _course(language="ara", slot=Slot.EVENING, capacity=12, starts_on=DAY):
    return CourseFactory(language_id=language, slot=slot, capacity=capacity, starts_on=starts_on)


def _waiting(by, *, languages=("ara",), slots=(Slot.EVENING,), since=DAY, person=None):
    return services.waiting_entry_create(
        person=person or PersonFactory(),
        languages=Language.objects.filter(code__in=languages),
        slots=list(slots),
        waiting_since=since,
        by=by,
    )


def _session(course, day=0):
    starts = timezone.make_aware(datetime.datetime.combine(datetime.date(2019, 3, 4 + day), datetime.time(18, 0)))
    return services.session_create(course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))


def _enrolled(course, count, by):
    return [
        services.enrolment_create(course=course, person=PersonFactory(), by=by, enrolled_on=DAY)
        for _index in range(count)
    ]


PAGES = [
    ("get", "/orientation/", None),
    ("get", "/orientation/?language=ara&slot=evening&year=2019", None),
    ("get", "/orientation/courses/{course}/", None),
    ("get", "/orientation/courses/{course}/enrol/", None),
    ("post", "/orientation/courses/{course}/enrol/", {"waiting": "{waiting}", "enrolled_on": "04/03/2019"}),
    ("get", "/orientation/sessions/{session}/attendance/", None),
    ("post", "/orientation/sessions/{session}/attendance/", {"presence-{enrolment}": "present"}),
    ("get", "/orientation/enrolments/{enrolment}/complete/", None),
    ("post", "/orientation/enrolments/{enrolment}/complete/", {"completed_on": "01/06/2019", "actions_completed": "2"}),
    ("post", "/orientation/enrolments/{enrolment}/withdraw/", {}),
    ("post", "/orientation/offers/{offer}/answer/", {"answer": "decline"}),
    ("get", "/orientation/people/{person}/waiting/", None),
    (
        "post",
        "/orientation/people/{person}/waiting/",
        {"languages": ["ara"], "slots": ["day"], "waiting_since": "01/02/2019"},
    ),
    ("get", "/orientation/demand/", None),
]
COORDINATOR_ONLY = [page for page in PAGES if page[0] == "post" and "waiting/" not in page[1]] + [
    ("get", "/orientation/courses/{course}/enrol/", None),
    ("get", "/orientation/enrolments/{enrolment}/complete/", None),
]


def _fill(value, records):
    if isinstance(value, str):
        return value.format(**records)
    if isinstance(value, list):
        return [_fill(item, records) for item in value]
    return value


def _request(client, records, method, template, data):
    url = template.format(**records)
    if method == "get":
        return client.get(url)
    return client.post(url, {_fill(key, records): _fill(value, records) for key, value in (data or {}).items()})


@pytest.mark.parametrize("persona", ["partner_client", "outsider_client", "manager_client"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page[0]} {page[1]}")
def test_personas_without_the_line_get_403_everywhere(request, persona, page, records):
    client = request.getfixturevalue(persona)
    before = (Enrolment.objects.count(), Attendance.objects.count(), AccessLogEntry.objects.count())
    response = _request(client, records, *page)
    assert response.status_code == 403
    assert (Enrolment.objects.count(), Attendance.objects.count(), AccessLogEntry.objects.count()) == before


@pytest.mark.parametrize("page", COORDINATOR_ONLY, ids=lambda page: f"{page[0]} {page[1]}")
def test_a_counsellor_cannot_change_courses(counsellor_client, page, records):
    assert _request(counsellor_client, records, *page).status_code == 403


@pytest.mark.parametrize(
    "page", [page for page in PAGES if page[0] == "get" and page not in COORDINATOR_ONLY], ids=lambda page: page[1]
)
def test_a_counsellor_reads_the_course_pages(counsellor_client, counsellor, page, records):
    caseload_add(counsellor, Person.objects.get(pk=records["person"]))  # a client of the counsellor's
    assert _request(counsellor_client, records, *page).status_code == 200


@pytest.mark.parametrize("page", PAGES, ids=lambda page: f"{page[0]} {page[1]}")
def test_the_course_coordinator_reaches_every_page(course_coordinator_client, page, records):
    assert _request(course_coordinator_client, records, *page).status_code in (200, 302)


def test_the_navigation_shows_civic_orientation_to_the_line_only(counsellor_client, partner_client):
    assert "Civic orientation" in counsellor_client.get("/").content.decode()
    assert "Civic orientation" not in partner_client.get("/").content.decode()


def test_the_coordinator_enrols_a_matching_waiting_person(course_coordinator_client, course_coordinator):
    course = _course(capacity=2)
    matching = _waiting(course_coordinator, since=DAY.replace(year=2018))
    other_slot = _waiting(course_coordinator, slots=(Slot.DAY,))
    other_language = _waiting(course_coordinator, languages=("rus",))
    page = course_coordinator_client.get(f"/orientation/courses/{course.pk}/enrol/").content.decode()
    assert matching.person.family_name in page
    assert other_slot.person.family_name not in page and other_language.person.family_name not in page

    response = course_coordinator_client.post(
        f"/orientation/courses/{course.pk}/enrol/", {"waiting": matching.pk, "enrolled_on": "04/03/2019"}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(course=course).person == matching.person
    matching.refresh_from_db()
    assert matching.state == WaitingState.ENROLLED


def test_a_full_course_refuses_enrolment_through_the_page(course_coordinator_client, course_coordinator):
    course = _course(capacity=1)
    _enrolled(course, 1, course_coordinator)
    entry = _waiting(course_coordinator)
    response = course_coordinator_client.post(
        f"/orientation/courses/{course.pk}/enrol/", {"waiting": entry.pk, "enrolled_on": "04/03/2019"}
    )
    assert response.status_code == 422
    assert "The course is full." in response.content.decode()
    assert course.enrolments.count() == 1


def test_withdrawal_shows_the_coordinator_the_offer_to_the_longest_waiting_match(
    course_coordinator_client, course_coordinator
):
    course = _course(capacity=1)
    enrolment = _enrolled(course, 1, course_coordinator)[0]
    _waiting(course_coordinator, slots=(Slot.DAY,), since=DAY.replace(year=2016))  # other slot
    right = _waiting(course_coordinator, since=DAY.replace(year=2017))
    _waiting(course_coordinator, since=DAY.replace(year=2018))

    response = course_coordinator_client.post(f"/orientation/enrolments/{enrolment.pk}/withdraw/", follow=True)

    offer = SeatOffer.objects.get(course=course)
    assert offer.waiting == right and offer.state == OfferState.OPEN
    page = response.content.decode()
    # The name as the page renders it: escaped, so an apostrophe in a drawn name is &#x27;.
    assert escape(f"The seat is offered to {right.person} ({right.person.reference})") in page
    assert offer.expires_on.strftime("%m/%d/%Y") in page or offer.expires_on.strftime("%d/%m/%Y") in page
    assert 'id="offers"' in page
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.WITHDRAWN


def test_the_coordinator_records_an_accepted_offer(course_coordinator_client, course_coordinator):
    course = _course(capacity=1)
    enrolment = _enrolled(course, 1, course_coordinator)[0]
    entry = _waiting(course_coordinator)
    offer = services.enrolment_withdraw(enrolment=enrolment, on=timezone.localdate(), by=course_coordinator)
    response = course_coordinator_client.post(f"/orientation/offers/{offer.pk}/answer/", {"answer": "accept"})
    assert response.status_code == 302
    assert course.enrolments.get(state=EnrolmentState.ENROLLED).person == entry.person


def _attendance_page(client, session):
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/orientation/sessions/{session.pk}/attendance/")
    assert response.status_code == 200
    return len(context.captured_queries), response


def _attendance_post(client, session, enrolments, *, everyone=None):
    data = {
        f"presence-{enrolment.pk}": everyone or ("absent" if index % 3 == 0 else "present")
        for index, enrolment in enumerate(enrolments)
    }
    with CaptureQueriesContext(connection) as context:
        response = client.post(f"/orientation/sessions/{session.pk}/attendance/", data)
    assert response.status_code == 302
    return len(context.captured_queries)


def test_the_attendance_screen_runs_a_fixed_number_of_queries(course_coordinator_client, course_coordinator):
    small, large = _course(capacity=3), _course(capacity=25)
    small_people, large_people = _enrolled(small, 3, course_coordinator), _enrolled(large, 25, course_coordinator)
    small_session, large_session = _session(small), _session(large)

    small_get, _response = _attendance_page(course_coordinator_client, small_session)
    large_get, response = _attendance_page(course_coordinator_client, large_session)
    assert small_get == large_get
    assert response.content.decode().count('value="excused"') == 25

    small_post = _attendance_post(course_coordinator_client, small_session, small_people)
    large_post = _attendance_post(course_coordinator_client, large_session, large_people)
    assert small_post == large_post
    assert Attendance.objects.filter(session=large_session).count() == 25
    # Corrected afterwards (every row changes): still fixed, and the screen shows what is recorded.
    small_again = _attendance_post(course_coordinator_client, small_session, small_people, everyone="excused")
    large_again = _attendance_post(course_coordinator_client, large_session, large_people, everyone="excused")
    assert small_again == large_again
    assert Attendance.objects.filter(session=large_session, presence="excused").count() == 25
    assert _attendance_page(course_coordinator_client, large_session)[0] == large_get


def test_the_course_page_shows_attendance_rate_and_places_left(course_coordinator_client, course_coordinator):
    course = _course(capacity=4)
    first, second = _enrolled(course, 2, course_coordinator)
    for day, presence in enumerate(["present", "absent"]):
        services.attendance_record(
            session=_session(course, day), presence={first.pk: "present", second.pk: presence}, by=course_coordinator
        )
    page = course_coordinator_client.get(f"/orientation/courses/{course.pk}/").content.decode()
    assert "100%" in page and "50%" in page
    assert "2 of 4 places left" in page
    # The participant list opens no file: one "list" entry per participant shown.
    assert AccessLogEntry.objects.filter(person_id=first.person_id, purpose="course", action="list").exists()


def test_completion_with_two_actions_passes_the_course(course_coordinator_client, course_coordinator):
    enrolment = _enrolled(_course(), 1, course_coordinator)[0]
    response = course_coordinator_client.post(
        f"/orientation/enrolments/{enrolment.pk}/complete/",
        {"completed_on": "01/06/2019", "actions_completed": "2", "evaluation": "Library card, sports club."},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.state == EnrolmentState.COMPLETED and enrolment.actions_completed == 2


def test_a_counsellor_puts_a_client_on_the_waiting_list(counsellor_client, counsellor):
    person = PersonFactory()
    caseload_add(counsellor, person)
    response = counsellor_client.post(
        f"/orientation/people/{person.pk}/waiting/",
        {"languages": ["ara", "fra"], "slots": ["day", "evening"], "waiting_since": "01/02/2019"},
    )
    assert response.status_code == 302
    entry = person.mo_waiting.get()
    assert sorted(entry.languages.values_list("code", flat=True)) == ["ara", "fra"]
    change = AccessLogEntry.objects.get(person_id=person.pk, user=counsellor, action="update")
    assert change.fields == ["mo_waiting"]
    # Every entry carries a purpose the counsellor's role may give (the access policy).
    entries = AccessLogEntry.objects.filter(person_id=person.pk, user=counsellor)
    purposes = set(entries.values_list("purpose", flat=True))
    assert purposes <= {"counselling", "correction"}


def test_demand_counts_waiting_people_inflow_and_places(course_coordinator_client, course_coordinator):
    today = timezone.localdate()
    _waiting(course_coordinator, since=today - datetime.timedelta(days=40))
    _waiting(course_coordinator, since=today)
    _course(capacity=10, starts_on=today + datetime.timedelta(days=30))

    def count(client):
        with CaptureQueriesContext(connection) as context:
            response = client.get("/orientation/demand/?language=ara")
        return len(context.captured_queries), response

    queries, response = count(course_coordinator_client)
    page = response.content.decode()
    assert "<td>40</td>" in page and "<td>10</td>" in page
    for _index in range(5):
        _waiting(course_coordinator, since=today - datetime.timedelta(days=100))
    assert count(course_coordinator_client)[0] == queries


def test_the_person_file_panel_lists_waiting_and_enrolments_in_fixed_queries(
    counsellor_client, counsellor, course_coordinator
):
    person = PersonFactory()
    caseload_add(counsellor, person)
    _waiting(course_coordinator, person=person)

    def panel():
        with CaptureQueriesContext(connection) as context:
            response = counsellor_client.get(f"/people/{person.pk}/?purpose=counselling")
        assert response.status_code == 200
        return len(context.captured_queries), response.content.decode()

    panel()  # once before: the session remembers the purpose on the first visit only
    first, page = panel()
    assert "Civic orientation" in page and "Waiting since" in page
    for index in range(3):
        course = _course()
        enrolment = services.enrolment_create(course=course, person=person, by=course_coordinator, enrolled_on=DAY)
        services.attendance_record(
            session=_session(course, index), presence={enrolment.pk: "present"}, by=course_coordinator
        )
    second, page = panel()
    assert second == first
    assert page.count("100%") >= 3
