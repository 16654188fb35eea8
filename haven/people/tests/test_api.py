"""The people API: two ways in (the browser session with CSRF for writes, and bearer
tokens), the same rules as the pages, and an OpenAPI schema that describes it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from haven.accounts.models import ApiToken
from haven.accounts.services import api_token_create
from haven.core.models import AccessLogEntry
from haven.people.models import Person
from haven.people.tests.factories import person_api_payload

JSON = "application/json"


@pytest.fixture
def csrf_client(intake_user):
    """A browser session (the desk's) that, like a real browser, must send the CSRF token on writes."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake_user)
    return client


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_session_reads_work_without_a_csrf_token(csrf_client, caseload, person):
    assert csrf_client.get("/api/people").status_code == 200
    response = csrf_client.get(f"/api/people/{person.pk}?purpose=registration")
    assert response.status_code == 200
    assert response.json()["family_name"] == "Mansour"


def test_session_post_without_a_csrf_token_is_refused(csrf_client):
    response = csrf_client.post("/api/people", person_api_payload(), content_type=JSON)
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_session_patch_without_a_csrf_token_is_refused(csrf_client, person):
    response = csrf_client.patch(f"/api/people/{person.pk}", {"notes": "Changed"}, content_type=JSON)
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.notes == ""
    assert not AccessLogEntry.objects.exists()


def test_session_search_without_a_csrf_token_is_refused(csrf_client, person):
    # Search is a POST too (the terms stay out of URLs), so it needs the token like any write.
    assert csrf_client.post("/api/people/search", {"q": "mansour"}, content_type=JSON).status_code == 403


def test_session_writes_with_the_csrf_token_are_accepted(csrf_client, caseload, person):
    csrf_client.get("/people/")  # a page with a form sets the CSRF cookie
    token = {"HTTP_X_CSRFTOKEN": csrf_client.cookies["csrftoken"].value}
    created = csrf_client.post("/api/people", person_api_payload(), content_type=JSON, **token)
    assert created.status_code == 201
    changed = csrf_client.patch(f"/api/people/{person.pk}", {"notes": "Changed"}, content_type=JSON, **token)
    assert changed.status_code == 200
    assert changed.json()["notes"] == "Changed"


@pytest.fixture
def token_client():
    # No session; CSRF enforced as for any real client, which a bearer token does not need.
    return Client(enforce_csrf_checks=True)


def test_bearer_token_reads(token_client, counsellor, caseload, person):
    _token, key = api_token_create(user=counsellor, name="case management export")
    response = token_client.get(f"/api/people/{person.pk}?purpose=counselling", **_bearer(key))
    assert response.status_code == 200
    assert response.json()["id"] == person.pk
    entry = AccessLogEntry.objects.get(action="view")
    assert (entry.user, entry.channel) == (counsellor, "api")


def test_bearer_token_writes_without_a_csrf_token(token_client, intake_user, person):
    # The intake desk's token: its role registers and searches the whole registry.
    _token, key = api_token_create(user=intake_user, name="intake kiosk")
    created = token_client.post("/api/people", person_api_payload(), content_type=JSON, **_bearer(key))
    assert created.status_code == 201
    changed = token_client.patch(
        f"/api/people/{person.pk}", {"phone": "09 123 45 67"}, content_type=JSON, **_bearer(key)
    )
    assert changed.status_code == 200
    searched = token_client.post("/api/people/search", {"q": "haddad"}, content_type=JSON, **_bearer(key))
    assert [item["id"] for item in searched.json()["items"]] == [created.json()["id"]]
    assert {entry.user for entry in AccessLogEntry.objects.all()} == {intake_user}


def test_bearer_token_use_is_recorded(token_client, counsellor):
    token, key = api_token_create(user=counsellor, name="export")
    assert token.last_used_at is None
    token_client.get("/api/people", **_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_expired_token_gets_401(token_client, counsellor, person):
    _token, key = api_token_create(user=counsellor, name="old", expires_at=timezone.now() - datetime.timedelta(days=1))
    assert token_client.get("/api/people", **_bearer(key)).status_code == 401
    assert token_client.get(f"/api/people/{person.pk}?purpose=counselling", **_bearer(key)).status_code == 401
    assert not AccessLogEntry.objects.exists()


def test_a_token_that_has_not_expired_yet_works(token_client, counsellor):
    _token, key = api_token_create(user=counsellor, name="new", expires_at=timezone.now() + datetime.timedelta(days=1))
    assert token_client.get("/api/people", **_bearer(key)).status_code == 200


@pytest.mark.parametrize("key", ["hvn_unknown", "", "hvn_" + "x" * 43])
def test_an_unknown_token_gets_401(token_client, counsellor, key):
    api_token_create(user=counsellor, name="the real one")
    assert token_client.get("/api/people", **_bearer(key)).status_code == 401
    response = token_client.post("/api/people", person_api_payload(), content_type=JSON, **_bearer(key))
    assert response.status_code in (401, 403)
    assert not Person.objects.exists()


def test_the_token_of_a_deactivated_user_gets_401(token_client, counsellor):
    _token, key = api_token_create(user=counsellor, name="export")
    counsellor.is_active = False
    counsellor.save()
    assert token_client.get("/api/people", **_bearer(key)).status_code == 401


def test_only_the_digest_of_a_token_is_stored(counsellor):
    token, key = api_token_create(user=counsellor, name="export")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.prefix, stored.name)
    assert key.startswith(stored.prefix)


def test_a_token_gives_no_more_than_its_users_roles(token_client, partner_user, person):
    _token, key = api_token_create(user=partner_user, name="partner")
    assert token_client.get("/api/people", **_bearer(key)).status_code == 403
    assert token_client.get(f"/api/people/{person.pk}?purpose=audit", **_bearer(key)).status_code == 403
    assert token_client.post("/api/people", person_api_payload(), content_type=JSON, **_bearer(key)).status_code == 403


def test_openapi_schema_lists_the_people_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/people"]) >= {"get", "post"}
    assert "post" in paths["/api/people/search"]
    assert set(paths["/api/people/{person_id}"]) >= {"get", "patch"}
    read = paths["/api/people/{person_id}"]["get"]
    assert "purpose" in {parameter["name"] for parameter in read["parameters"]}
    assert "409" in paths["/api/people"]["post"]["responses"]


def test_the_file_through_the_api_has_the_household_and_languages(counsellor_client, caseload):
    mother, son, _link = caseload
    mother.languages.set(["ara", "fra"])
    body = counsellor_client.get(f"/api/people/{mother.pk}?purpose=counselling").json()
    assert (body["reference"], body["children"], body["parents"]) == (mother.reference, [son.pk], [])
    assert sorted(body["languages"]) == ["ara", "fra"]
    assert counsellor_client.get(f"/api/people/{son.pk}?purpose=counselling").json()["parents"] == [mother.pk]


def test_reading_a_file_that_does_not_exist_gives_404_and_logs_nothing(counsellor_client):
    assert counsellor_client.get("/api/people/999999?purpose=counselling").status_code == 404
    assert counsellor_client.patch("/api/people/999999", {"notes": "x"}, content_type=JSON).status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"languages": ["xxx"]}, "languages"),
        ({"preferred_language": "zzz"}, "preferred_language"),
        ({"district": "Atlantis"}, "district"),
        ({"nationality": "QQ"}, "nationality"),
    ],
)
def test_api_refuses_unknown_reference_data_on_the_field(intake_client, payload, field):
    response = intake_client.post("/api/people", person_api_payload(**payload), content_type=JSON)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Person.objects.exists()


def test_api_patch_changes_only_the_fields_sent(counsellor_client, caseload, person):
    person.languages.set(["ara"])
    response = counsellor_client.patch(
        f"/api/people/{person.pk}", {"languages": ["ara", "nld"], "phone": "09 1"}, content_type=JSON
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.family_name, person.phone) == ("Mansour", "09 1")
    assert sorted(language.code for language in person.languages.all()) == ["ara", "nld"]
    assert AccessLogEntry.objects.get().fields == ["languages", "phone"]
