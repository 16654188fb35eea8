"""Education's API: the same rules and access as the pages; refusals name the field."""

import json

import pytest

from haven.core.models import AccessLogEntry
from haven.education.models import SchoolReferral
from haven.education.tests.factories import SchoolReferralFactory

pytestmark = pytest.mark.django_db

REFERRAL = {
    "requested_on": "2019-03-04",
    "guardian_name": "Amal Qadri",
    "guardian_role": "parent",
    "home_language": "ara",
    "kind": "regular",
}


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_child_is_referred_and_placed_through_the_api(programme_staff_client, child, regular_school):
    response = _post(programme_staff_client, f"/api/education/people/{child.pk}/school-referrals", REFERRAL)
    assert response.status_code == 201, response.content
    referral_id = response.json()["id"]
    response = _post(
        programme_staff_client,
        f"/api/education/school-referrals/{referral_id}/placement",
        {"school_id": regular_school.pk, "placed_on": "2019-04-01"},
    )
    assert response.status_code == 200
    assert response.json()["state"] == "placed"


def test_an_adults_referral_is_a_problem_naming_the_person(programme_staff_client, adult):
    response = _post(programme_staff_client, f"/api/education/people/{adult.pk}/school-referrals", REFERRAL)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["person"]
    assert not SchoolReferral.objects.exists()


def test_the_list_traces_every_child_it_shows(programme_staff_client, programme_staff):
    referrals = SchoolReferralFactory.create_batch(2)
    response = programme_staff_client.get("/api/education/school-referrals")
    assert response.status_code == 200 and response.json()["count"] == 2
    traced = set(AccessLogEntry.objects.filter(user=programme_staff, action="list").values_list("person_id", flat=True))
    assert traced == {referral.person_id for referral in referrals}


def test_a_counsellor_is_refused_the_referrals(counsellor_client):
    assert counsellor_client.get("/api/education/school-referrals").status_code == 403
