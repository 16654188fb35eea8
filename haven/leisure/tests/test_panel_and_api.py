"""The person file's leisure panel (a fixed number of queries) and the API under
/api/leisure/ (the same access rules, problems naming the field, people traced)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from haven.accounts.services import api_token_create
from haven.core.models import AccessLogEntry
from haven.leisure.models import Referral
from haven.leisure.tests.factories import EventFactory, OrganisationFactory, ReferralFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _file_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/people/{person.pk}/?purpose=programme")
    assert response.status_code == 200
    return len(queries)


def test_the_panel_shows_the_referrals_with_a_fixed_number_of_queries(english, programme_staff_client, adult):
    ReferralFactory(person=adult, activity="Zwemles")
    _file_queries(programme_staff_client, adult)  # the first read fills the process's caches
    one = _file_queries(programme_staff_client, adult)
    ReferralFactory.create_batch(3, person=adult, organisation=OrganisationFactory())
    assert (
        _file_queries(programme_staff_client, adult) == one <= 12 + (connection.vendor == "postgresql")
    )  # the access log's lock: one more statement there
    page = programme_staff_client.get(f"/people/{adult.pk}/?purpose=programme").content.decode()
    assert "Zwemles" in page and "Refer to leisure or volunteering" in page


def _bearer(user) -> dict:
    _token, key = api_token_create(user=user, name="leisure")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_refers_reads_and_records_the_outcome(programme_staff, adult, organisation):
    client, auth = Client(enforce_csrf_checks=True), _bearer(programme_staff)
    body = {
        "organisation_id": organisation.pk,
        "kind": "volunteering",
        "activity": "Onthaal",
        "referred_on": "2019-05-06",
        "follow_up_on": "2019-06-03",
    }
    created = client.post(f"/api/leisure/people/{adult.pk}/referrals", json.dumps(body), content_type=JSON, **auth)
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert created.json()["person"]["id"] == adult.pk
    read = client.get(f"/api/leisure/referrals/{referral_id}", **auth)
    assert read.status_code == 200
    assert AccessLogEntry.objects.filter(action="view", channel="api", person_id=adult.pk).count() == 1
    refused = client.patch(
        f"/api/leisure/referrals/{referral_id}", json.dumps({"outcome": "no_show"}), content_type=JSON, **auth
    )
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["outcome_on"]
    changed = client.patch(
        f"/api/leisure/referrals/{referral_id}",
        json.dumps({"outcome": "no_show", "outcome_on": "2019-06-03"}),
        content_type=JSON,
        **auth,
    )
    assert changed.json()["outcome"] == "no_show"


def test_the_api_refuses_a_follow_up_before_the_referral_naming_the_field(programme_staff, adult, organisation):
    client, auth = Client(enforce_csrf_checks=True), _bearer(programme_staff)
    body = {"organisation_id": organisation.pk, "activity": "Zwemles", "referred_on": "2019-05-06"}
    response = client.post(
        f"/api/leisure/people/{adult.pk}/referrals",
        json.dumps(body | {"follow_up_on": "2019-05-01"}),
        content_type=JSON,
        **auth,
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["follow_up_on"]
    response = client.post(
        f"/api/leisure/people/{adult.pk}/referrals",
        json.dumps(body | {"organisation_id": 999999}),
        content_type=JSON,
        **auth,
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["organisation_id"]
    assert not Referral.objects.exists()


def test_the_api_list_traces_every_person_on_the_page(programme_staff, adult, child):
    ReferralFactory(person=adult)
    ReferralFactory(person=child)
    client, auth = Client(), _bearer(programme_staff)
    listed = client.get("/api/leisure/referrals?age=minor", **auth).json()
    assert (listed["count"], [item["person"]["id"] for item in listed["items"]]) == (1, [child.pk])
    assert list(AccessLogEntry.objects.values_list("person_id", "action", "channel")) == [(child.pk, "list", "api")]


def test_the_api_counts_an_event_per_school(programme_staff):
    client, auth = Client(), _bearer(programme_staff)
    event = EventFactory()
    response = client.put(
        f"/api/leisure/events/{event.pk}/tallies",
        json.dumps({"name": "OKAN X", "count": 30}),
        content_type=JSON,
        **auth,
    )
    assert response.status_code == 200
    assert client.get("/api/leisure/events?year=2019", **auth).json()["items"][0]["counted"] == 30
    response = client.put(
        f"/api/leisure/events/{event.pk}/tallies", json.dumps({"name": "OKAN X", "count": 0}), content_type=JSON, **auth
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["count"]


def test_other_roles_are_refused_by_the_api(counsellor, adult):
    referral = ReferralFactory(person=adult)
    client, auth = Client(), _bearer(counsellor)
    assert client.get("/api/leisure/referrals", **auth).status_code == 403
    assert client.get(f"/api/leisure/referrals/{referral.pk}", **auth).status_code == 403


def test_the_api_corrects_an_event_and_refuses_a_bad_day_naming_the_field(programme_staff, counsellor):
    client, auth = Client(), _bearer(programme_staff)
    event = EventFactory(name="Markt", kind="market")
    payload = {"name": "Participatiemarkt Gent", "kind": "market", "held_on": "2019-10-10", "visitors": 120}
    response = client.put(f"/api/leisure/events/{event.pk}", json.dumps(payload), content_type=JSON, **auth)
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["visitors"]) == ("Participatiemarkt Gent", 120)
    response = client.put(
        f"/api/leisure/events/{event.pk}", json.dumps({**payload, "held_on": "2099-01-01"}), content_type=JSON, **auth
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["held_on"]
    assert client.put("/api/leisure/events/999999", json.dumps(payload), content_type=JSON, **auth).status_code == 404
    refused = client.put(
        f"/api/leisure/events/{event.pk}", json.dumps(payload), content_type=JSON, **_bearer(counsellor)
    )
    assert refused.status_code == 403
