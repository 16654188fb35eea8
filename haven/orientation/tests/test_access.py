"""The access decisions of civic orientation, the same on the pages and in the API."""

import pytest

from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.people.tests.factories import PersonFactory, caseload_add

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _enrol_page(client, records):
    return client.get(f"/orientation/courses/{records['course']}/enrol/")


def _enrol_api(client, records):
    body = {"person_id": records["entry_person"]}
    return client.post(f"/api/orientation/courses/{records['course']}/enrolments", body, content_type=JSON)


@pytest.mark.parametrize("persona", ["counsellor_client", "team_coordinator_client", "intake_client"])
def test_enrolling_is_refused_alike_on_the_page_and_in_the_api(request, persona, records):
    client = request.getfixturevalue(persona)
    assert _enrol_page(client, records).status_code == 403
    assert _enrol_api(client, records).status_code == 403


def test_the_course_coordinator_enrols_on_the_page_and_in_the_api(course_coordinator_client, records):
    assert _enrol_page(course_coordinator_client, records).status_code == 200
    assert _enrol_api(course_coordinator_client, records).status_code == 201


def test_putting_a_client_on_the_waiting_list_keeps_the_purpose_given(counsellor_client, counsellor):
    client_person = PersonFactory()
    caseload_add(counsellor, client_person)
    url = f"/orientation/people/{client_person.pk}/waiting/?purpose={AccessPurpose.CORRECTION}"
    assert counsellor_client.get(url).status_code == 200
    response = counsellor_client.post(url, {"languages": ["ara"], "slots": ["evening"], "waiting_since": "04/03/2019"})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{client_person.pk}/?purpose={AccessPurpose.CORRECTION}"
    update = AccessLogEntry.objects.get(person_id=client_person.pk, action=AccessAction.UPDATE)
    assert update.purpose == AccessPurpose.CORRECTION


def test_without_a_purpose_the_waiting_list_is_written_for_the_roles_own(counsellor_client, counsellor):
    client_person = PersonFactory()
    caseload_add(counsellor, client_person)
    response = counsellor_client.post(
        f"/orientation/people/{client_person.pk}/waiting/",
        {"languages": ["ara"], "slots": ["evening"], "waiting_since": "04/03/2019"},
    )
    assert response["Location"] == f"/people/{client_person.pk}/?purpose={AccessPurpose.COUNSELLING}"
    update = AccessLogEntry.objects.get(person_id=client_person.pk, action=AccessAction.UPDATE)
    assert update.purpose == AccessPurpose.COUNSELLING
