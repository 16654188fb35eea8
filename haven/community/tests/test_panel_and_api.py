"""The person file's buddy-programme panel (a fixed number of queries) and the API under
/api/community/ (the same rules, problems naming the field, people traced)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from haven.accounts.services import api_token_create
from haven.community.models import Duo, PairRule
from haven.community.tests.factories import BuddyFactory, DuoFactory, ParticipantFactory
from haven.core.models import AccessLogEntry

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _file_queries(client, person) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/people/{person.pk}/?purpose=programme").status_code == 200
    return len(queries)


def test_the_panel_shows_the_programmes_with_a_fixed_number_of_queries(english, programme_staff_client, participant):
    DuoFactory(participant=participant)
    _file_queries(programme_staff_client, participant.person)
    one = _file_queries(programme_staff_client, participant.person)
    ParticipantFactory(person=participant.person)
    assert _file_queries(programme_staff_client, participant.person) == one <= 12 + (connection.vendor == "postgresql")
    page = programme_staff_client.get(f"/people/{participant.person.pk}/?purpose=programme").content.decode()
    assert participant.group.name in page and "Sign up for a buddy programme" in page


def test_the_panel_shows_a_buddy_and_their_duos(english, programme_staff_client, buddy):
    DuoFactory(buddy=buddy)
    page = programme_staff_client.get(f"/people/{buddy.person_id}/?purpose=programme").content.decode()
    assert 'id="community-buddy"' in page and "1 duo" in page


def _bearer(user) -> dict:
    _token, key = api_token_create(user=user, name="community")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_matches_a_group_fixes_a_pair_and_confirms(english, programme_staff, participant, buddy):
    client, auth = Client(enforce_csrf_checks=True), _bearer(programme_staff)
    other = BuddyFactory()
    group = participant.group
    proposed = client.post(f"/api/community/groups/{group.pk}/proposals", content_type=JSON, **auth)
    assert proposed.status_code == 201, proposed.content
    body = proposed.json()
    assert len(body["duos"]) == 1 and body["duos"][0]["reasons"] and body["total"] == body["worst"]
    assert body["unmatched"] == [
        {"side": "buddy", "id": body["unmatched"][0]["id"], "reasons": body["unmatched"][0]["reasons"]}
    ]
    chosen = other.pk if body["duos"][0]["buddy_id"] == buddy.pk else buddy.pk
    fixed = client.post(
        f"/api/community/groups/{group.pk}/pairs",
        json.dumps({"participant_id": participant.pk, "buddy_id": chosen, "kind": "fixed"}),
        content_type=JSON,
        **auth,
    )
    assert fixed.status_code == 200 and PairRule.objects.get().buddy_id == chosen
    again = client.post(f"/api/community/groups/{group.pk}/proposals", content_type=JSON, **auth).json()
    assert again["duos"][0]["buddy_id"] == chosen and again["duos"][0]["fixed"]
    confirmed = client.post(
        f"/api/community/proposals/{again['id']}/confirm", json.dumps({}), content_type=JSON, **auth
    )
    assert confirmed.status_code == 201, confirmed.content
    assert Duo.objects.get().buddy_id == chosen
    assert AccessLogEntry.objects.filter(channel="api", action="list", person_id=participant.person_id).exists()


def test_the_api_refuses_a_meeting_before_the_start_naming_the_field(english, programme_staff):
    duo = DuoFactory()
    client, auth = Client(), _bearer(programme_staff)
    refused = client.post(
        f"/api/community/duos/{duo.pk}/meetings", json.dumps({"held_on": "2019-02-01"}), content_type=JSON, **auth
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["held_on"] == ["A meeting falls on or after the day the duo started (01/03/2019)."]
    read = client.get(f"/api/community/duos/{duo.pk}", **auth)
    assert read.status_code == 200 and read.json()["newcomer"]["id"] == duo.participant.person_id


def test_the_api_lists_trace_everyone_shown(programme_staff):
    duo = DuoFactory()
    client, auth = Client(), _bearer(programme_staff)
    assert client.get("/api/community/duos", **auth).json()["count"] == 1
    traced = set(AccessLogEntry.objects.filter(action="list", channel="api").values_list("person_id", flat=True))
    assert traced == {duo.participant.person_id, duo.buddy.person_id}
    assert client.get("/api/community/participants?programme=tandem", **auth).json()["count"] == 0


def test_the_api_refuses_other_roles(counsellor):
    assert Client().get("/api/community/groups", **_bearer(counsellor)).status_code == 403
