"""The person file's ambassador panel (a fixed number of queries), the start page's
panel, and the API under /api/organisations/ (the same rules, problems naming the
field, ambassadors traced)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from haven.accounts.services import api_token_create
from haven.core.models import AccessLogEntry
from haven.organisations.tests.factories import AmbassadorFactory, RequestedTestimonyFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _file_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/people/{person.pk}/?purpose=programme")
    assert response.status_code == 200
    return len(queries)


def test_the_panel_shows_the_ambassador_with_a_fixed_number_of_queries(english, programme_staff_client, ambassador):
    RequestedTestimonyFactory(ambassador=ambassador, state="given", requester="Atheneum Voskenslaan")
    _file_queries(programme_staff_client, ambassador.person)
    one = _file_queries(programme_staff_client, ambassador.person)
    for day in ("2019-10-08", "2019-10-09", "2019-10-10"):
        RequestedTestimonyFactory(ambassador=ambassador, state="given", held_on=day)
    assert _file_queries(programme_staff_client, ambassador.person) == one <= 12 + (connection.vendor == "postgresql")
    page = programme_staff_client.get(f"/people/{ambassador.person_id}/?purpose=programme").content.decode()
    assert "Atheneum Voskenslaan" in page and "Open the ambassador" in page


def test_the_start_page_counts_the_requests_waiting(english, programme_staff_client):
    RequestedTestimonyFactory.create_batch(2)
    page = programme_staff_client.get("/").content.decode()
    assert "2 requests wait for an ambassador" in page


def _bearer(user) -> dict:
    _token, key = api_token_create(user=user, name="organisations")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_proposes_confirms_and_refuses_giving_before_the_day(programme_staff, ambassador):
    client, auth = Client(enforce_csrf_checks=True), _bearer(programme_staff)
    body = {
        "requester": "Hogeschool Gent, lerarenopleiding",
        "received_on": "2019-04-01",
        "held_on": "2099-05-07",
        "place": "Gent",
        "audience": "teachers_in_training",
        "theme": "school_career",
        "listeners": 30,
    }
    created = client.post("/api/organisations/testimonies", json.dumps(body), content_type=JSON, **auth)
    assert created.status_code == 422 and list(created.json()["errors"]) == ["held_on"]  # beyond a year: no
    body["held_on"] = "2019-05-07"
    created = client.post("/api/organisations/testimonies", json.dumps(body), content_type=JSON, **auth)
    assert created.status_code == 201, created.content
    testimony_id = created.json()["id"]
    proposals = client.get(f"/api/organisations/testimonies/{testimony_id}/proposals", **auth).json()
    assert [item["ambassador_id"] for item in proposals] == [ambassador.pk]
    url = f"/api/organisations/testimonies/{testimony_id}"
    refused = client.post(url + "/propose", json.dumps({"ambassador_id": 999999}), content_type=JSON, **auth)
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["ambassador_id"]
    proposed = client.post(url + "/propose", json.dumps({"ambassador_id": ambassador.pk}), content_type=JSON, **auth)
    assert proposed.json()["state"] == "proposed" and proposed.json()["ambassador"]["id"] == ambassador.person_id
    confirmed = client.post(url + "/confirm", "{}", content_type=JSON, **auth)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["state"] == "confirmed"
    paid = client.post(
        url + "/pay", json.dumps({"allowance": "35", "allowance_paid_on": "2019-06-01"}), content_type=JSON, **auth
    )
    assert paid.status_code == 422 and list(paid.json()["errors"]) == ["allowance_paid_on"]
    assert client.post(url + "/give", json.dumps({}), content_type=JSON, **auth).json()["state"] == "given"


def test_the_api_lists_ambassadors_and_traces_them(programme_staff, ambassador):
    AmbassadorFactory(stopped_on="2019-01-01")
    client, auth = Client(), _bearer(programme_staff)
    listed = client.get("/api/organisations/ambassadors?status=active", **auth).json()
    assert (listed["count"], listed["items"][0]["person"]["id"]) == (1, ambassador.person_id)
    assert list(AccessLogEntry.objects.values_list("person_id", "action", "channel")) == [
        (ambassador.person_id, "list", "api")
    ]


def test_the_api_adds_an_association_and_refuses_a_wrong_enterprise_number(programme_staff):
    client, auth = Client(), _bearer(programme_staff)
    body = {"name": "Vereniging Al Amal", "enterprise_number": "BE0403.170.701", "recognition": "recognised"}
    created = client.post("/api/organisations/associations", json.dumps(body), content_type=JSON, **auth)
    assert created.status_code == 201 and created.json()["enterprise_number"] == "0403170701"
    body = {"name": "Vereniging B", "enterprise_number": "0403.170.702"}
    refused = client.post("/api/organisations/associations", json.dumps(body), content_type=JSON, **auth)
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["enterprise_number"]


def test_other_roles_are_refused_by_the_api(counsellor):
    client, auth = Client(), _bearer(counsellor)
    assert client.get("/api/organisations/ambassadors", **auth).status_code == 403
    assert client.get("/api/organisations/testimonies", **auth).status_code == 403
