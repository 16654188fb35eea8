"""The civic-orientation API: the same access rules as the pages (partners, managers and
outsiders see nothing, counsellors read and put people on the waiting list, the course
coordinator plans and enrols), a full course answered with 422, and withdrawal returning
the offer made to the next in line."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from haven.accounts.services import api_token_create
from haven.core.models import AccessLogEntry, Language
from haven.orientation import services
from haven.orientation.models import (
    Attendance,
    Course,
    Enrolment,
    EnrolmentState,
    OfferState,
    Session,
    Slot,
    WaitingEntry,
)
from haven.orientation.tests.factories import CourseFactory, former_participant
from haven.people.tests.factories import PersonFactory, caseload_add

pytestmark = pytest.mark.django_db
JSON = "application/json"
DAY = datetime.date(2019, 3, 4)


def _course(language="ara", slot=Slot.EVENING, capacity=12):
    return CourseFactory(language_id=language, slot=slot, capacity=capacity)


def _waiting(by, *, languages=("ara",), slots=(Slot.EVENING,), since=DAY):
    return services.waiting_entry_create(
        person=PersonFactory(),
        languages=Language.objects.filter(code__in=languages),
        slots=list(slots),
        waiting_since=since,
        by=by,
    )


def _call(client, method, url, body=None, **headers):
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, body or {}, content_type=JSON, **headers)


ENDPOINTS = [
    ("get", "/api/orientation/courses?language=ara&year=2019", None),
    ("get", "/api/orientation/courses/{course}", None),
    (
        "post",
        "/api/orientation/courses",
        {"language": "ara", "location": "Kongostraat", "slot": "day", "starts_on": "2019-09-02", "capacity": 12},
    ),
    ("get", "/api/orientation/courses/{course}/sessions", None),
    (
        "post",
        "/api/orientation/courses/{course}/sessions",
        {"starts_at": "2019-03-11T18:00:00+01:00", "ends_at": "2019-03-11T21:00:00+01:00"},
    ),
    ("post", "/api/orientation/courses/{course}/enrolments", {"person_id": "{person}"}),
    ("post", "/api/orientation/enrolments/{enrolment}/withdraw", None),
    ("put", "/api/orientation/sessions/{session}/attendance", {"presence": {"{enrolment}": "present"}}),
    ("get", "/api/orientation/waiting?language=ara", None),
    (
        "post",
        "/api/orientation/waiting",
        {"person_id": "{person}", "languages": ["ara"], "slots": ["day"], "waiting_since": "2019-02-01"},
    ),
    ("post", "/api/orientation/offers/{offer}/answer", {"accept": False}),
]
READS = [endpoint for endpoint in ENDPOINTS if endpoint[0] == "get"]
COORDINATOR_WRITES = [
    endpoint for endpoint in ENDPOINTS if endpoint[0] != "get" and endpoint[1] != "/api/orientation/waiting"
]


def _fill(value, api_records):
    if isinstance(value, str):
        filled = value.format(**api_records)
        return int(filled) if filled.isdigit() and value.startswith("{") else filled
    if isinstance(value, list):
        return [_fill(item, api_records) for item in value]
    if isinstance(value, dict):
        return {
            _fill(key, api_records) if key.startswith("{") else key: _fill(item, api_records)
            for key, item in value.items()
        }
    return value


def _request(client, api_records, method, url, body, **headers):
    return _call(client, method, url.format(**api_records), _fill(body, api_records) if body else None, **headers)


@pytest.mark.parametrize("persona", ["partner_client", "outsider_client", "manager_client"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: f"{endpoint[0]} {endpoint[1]}")
def test_personas_without_the_line_get_403_from_every_endpoint(request, persona, endpoint, api_records):
    before = (
        Enrolment.objects.count(),
        Attendance.objects.count(),
        AccessLogEntry.objects.count(),
        Course.objects.count(),
        WaitingEntry.objects.count(),
    )
    response = _request(request.getfixturevalue(persona), api_records, *endpoint)
    assert response.status_code == 403, response.content
    assert (
        Enrolment.objects.count(),
        Attendance.objects.count(),
        AccessLogEntry.objects.count(),
        Course.objects.count(),
        WaitingEntry.objects.count(),
    ) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: f"{endpoint[0]} {endpoint[1]}")
def test_the_course_coordinator_uses_every_endpoint(course_coordinator_client, endpoint, api_records):
    response = _request(course_coordinator_client, api_records, *endpoint)
    assert response.status_code in (200, 201), response.content


@pytest.mark.parametrize("endpoint", READS, ids=lambda endpoint: endpoint[1])
def test_a_counsellor_reads(counsellor_client, endpoint, api_records):
    assert _request(counsellor_client, api_records, *endpoint).status_code == 200


@pytest.mark.parametrize("endpoint", COORDINATOR_WRITES, ids=lambda endpoint: f"{endpoint[0]} {endpoint[1]}")
def test_a_counsellor_cannot_plan_or_enrol(counsellor_client, endpoint, api_records):
    assert _request(counsellor_client, api_records, *endpoint).status_code == 403


def test_a_counsellor_puts_a_client_on_the_waiting_list(counsellor_client, counsellor):
    person = PersonFactory()
    caseload_add(counsellor, person)
    response = _call(
        counsellor_client,
        "post",
        "/api/orientation/waiting",
        {
            "person_id": person.pk,
            "languages": ["ara", "fra"],
            "slots": ["day", "evening"],
            "waiting_since": "2019-02-01",
        },
    )
    assert response.status_code == 201, response.content
    assert sorted(response.json()["languages"]) == ["ara", "fra"]
    assert AccessLogEntry.objects.filter(person_id=person.pk, user=counsellor, channel="api").exists()
    assert not AccessLogEntry.objects.filter(user=counsellor).exclude(channel="api").exists()


def test_reading_the_waiting_list_is_logged_per_person(course_coordinator_client, course_coordinator):
    entries = [_waiting(course_coordinator, since=DAY.replace(year=year)) for year in (2017, 2018)]
    _waiting(course_coordinator, languages=("rus",))
    response = _call(course_coordinator_client, "get", "/api/orientation/waiting?language=ara")
    assert [item["id"] for item in response.json()] == [entry.pk for entry in entries]
    for entry in entries:
        assert AccessLogEntry.objects.filter(
            person_id=entry.person_id, user=course_coordinator, purpose="course", action="list", channel="api"
        ).exists()


def test_a_counsellor_reads_only_the_caseloads_part_of_the_waiting_list(
    counsellor_client, counsellor, course_coordinator
):
    mine, _other = [_waiting(course_coordinator, since=DAY.replace(year=year)) for year in (2017, 2018)]
    caseload_add(counsellor, mine.person)
    response = _call(counsellor_client, "get", "/api/orientation/waiting?language=ara")
    assert [item["id"] for item in response.json()] == [mine.pk]
    shown = AccessLogEntry.objects.filter(user=counsellor).values_list("person_id", "action", "purpose", "channel")
    assert list(shown) == [(mine.person_id, "list", "counselling", "api")]


def test_a_full_course_refuses_enrolment_with_422(course_coordinator_client, course_coordinator):
    course = _course(capacity=1)
    first = _call(
        course_coordinator_client,
        "post",
        f"/api/orientation/courses/{course.pk}/enrolments",
        {"person_id": former_participant(course_coordinator).pk},
    )
    assert first.status_code == 201
    response = _call(
        course_coordinator_client,
        "post",
        f"/api/orientation/courses/{course.pk}/enrolments",
        {"person_id": former_participant(course_coordinator).pk},
    )
    assert response.status_code == 422
    with translation.override("nl"):  # the interface language by default
        assert response.json()["detail"] == gettext("The course is full.")
    assert course.enrolments.count() == 1


def test_the_course_coordinator_cannot_enrol_or_list_someone_outside_civic_orientation(
    course_coordinator_client, course_coordinator
):
    # The coordinator's people are the participants and the waiting; a stranger is refused
    # (no breaking the glass for this role) and the attempt is logged.
    course, stranger = _course(capacity=5), PersonFactory()
    for url, body in (
        (f"/api/orientation/courses/{course.pk}/enrolments", {"person_id": stranger.pk}),
        (
            "/api/orientation/waiting",
            {"person_id": stranger.pk, "languages": ["ara"], "slots": ["day"], "waiting_since": "2019-02-01"},
        ),
    ):
        assert _call(course_coordinator_client, "post", url, body).status_code == 403
    assert not Enrolment.objects.filter(person=stranger).exists()
    assert not WaitingEntry.objects.filter(person=stranger).exists()
    assert set(AccessLogEntry.objects.filter(person_id=stranger.pk).values_list("action", flat=True)) == {"refused"}


def test_withdrawal_returns_the_offer_to_the_longest_waiting_match(course_coordinator_client, course_coordinator):
    course = _course(capacity=1)
    enrolment = services.enrolment_create(course=course, person=PersonFactory(), by=course_coordinator, enrolled_on=DAY)
    _waiting(course_coordinator, languages=("rus",), since=DAY.replace(year=2016))
    right = _waiting(course_coordinator, since=DAY.replace(year=2017))
    _waiting(course_coordinator, since=DAY.replace(year=2018))

    response = _call(course_coordinator_client, "post", f"/api/orientation/enrolments/{enrolment.pk}/withdraw")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["enrolment"]["state"] == EnrolmentState.WITHDRAWN
    assert body["offer"]["person"]["id"] == right.person_id and body["offer"]["state"] == OfferState.OPEN

    answer = _call(
        course_coordinator_client, "post", f"/api/orientation/offers/{body['offer']['id']}/answer", {"accept": True}
    )
    assert answer.status_code == 200
    assert answer.json()["enrolment"]["person"]["id"] == right.person_id


def test_attendance_is_recorded_per_session(course_coordinator_client, api_records):
    response = _call(
        course_coordinator_client,
        "put",
        f"/api/orientation/sessions/{api_records['session']}/attendance",
        {"presence": {str(api_records["enrolment"]): "excused"}},
    )
    assert response.status_code == 200 and response.json()["recorded"] == 1
    assert Attendance.objects.get(session_id=api_records["session"]).presence == "excused"
    wrong = _call(
        course_coordinator_client,
        "put",
        f"/api/orientation/sessions/{api_records['session']}/attendance",
        {"presence": {"999999": "present"}},
    )
    assert wrong.status_code == 422


def test_a_course_and_its_sessions_through_the_api_with_a_token(course_coordinator):
    from django.test import Client

    _token, key = api_token_create(user=course_coordinator, name="planning")
    client, headers = Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = _call(
        client,
        "post",
        "/api/orientation/courses",
        {"language": "ara", "location": "Kongostraat", "slot": "evening", "starts_on": "2019-09-02", "capacity": 14},
        **headers,
    )
    assert created.status_code == 201, created.content
    course_id = created.json()["id"]
    assert created.json()["places_left"] == 14
    session = _call(
        client,
        "post",
        f"/api/orientation/courses/{course_id}/sessions",
        {"starts_at": "2019-09-02T21:00:00+02:00", "ends_at": "2019-09-02T18:00:00+02:00"},
        **headers,
    )
    assert session.status_code == 422
    assert not Session.objects.filter(course_id=course_id).exists()


def test_a_refused_api_attempt_is_logged_on_the_api_channel(counsellor_client, counsellor):
    stranger = PersonFactory()
    response = _call(
        counsellor_client,
        "post",
        "/api/orientation/waiting",
        {"person_id": stranger.pk, "languages": ["ara"], "slots": ["day"], "waiting_since": "2019-02-01"},
    )
    assert response.status_code in (403, 404), response.content
    refused = AccessLogEntry.objects.filter(person_id=stranger.pk, user=counsellor, action="refused")
    assert list(refused.values_list("channel", flat=True)) == ["api"]
