"""API rate limits (haven.core.throttling): per token, per user over all credentials, and
the stricter one for the operations that show people; 429 with Retry-After and a problem
body in the user's language."""

import pytest
from django.test import Client
from django.utils import translation

from haven.accounts.services import api_token_create


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def tiny_rates(settings):
    settings.HAVEN_API_RATE = "3/h"
    settings.HAVEN_API_USER_RATE = "5/h"
    settings.HAVEN_API_PERSON_RATE = "100/h"
    return settings


@pytest.mark.django_db
def test_a_token_is_throttled_after_its_rate(tiny_rates, counsellor):
    _token, key = api_token_create(user=counsellor, name="reader")
    client = Client()
    for _ in range(3):
        assert client.get("/api/people", headers=_bearer(key)).status_code == 200

    response = client.get("/api/people", headers=_bearer(key))

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    body = response.json()
    assert body["detail"]
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_the_problem_is_in_the_users_language(tiny_rates, counsellor):
    _token, key = api_token_create(user=counsellor, name="reader")
    details = {}
    for language in ("en", "nl"):
        client = Client()
        client.cookies["haven_language"] = language
        response = None
        for _ in range(4):
            response = client.get("/api/people", headers=_bearer(key))
        assert response.status_code == 429
        details[language] = response.json()["detail"]
    for language, detail in details.items():
        with translation.override(language):
            assert detail == translation.gettext("Too many requests; try again later.")


@pytest.mark.django_db
def test_the_user_limit_counts_over_all_tokens_and_the_session(tiny_rates, counsellor):
    _first, first = api_token_create(user=counsellor, name="one")
    _second, second = api_token_create(user=counsellor, name="two")
    client = Client()
    for _ in range(3):
        assert client.get("/api/people", headers=_bearer(first)).status_code == 200
    for _ in range(2):
        assert client.get("/api/people", headers=_bearer(second)).status_code == 200
    # The second token has 1 of its own left, but the user has used 5 of 5.
    assert client.get("/api/people", headers=_bearer(second)).status_code == 429
    session = Client()
    session.force_login(counsellor)
    assert session.get("/api/people").status_code == 429


@pytest.mark.django_db
def test_other_users_are_not_affected(tiny_rates, counsellor, intake_user):
    _token, key = api_token_create(user=counsellor, name="reader")
    for _ in range(4):
        Client().get("/api/people", headers=_bearer(key))
    other = Client()
    other.force_login(intake_user)
    assert other.get("/api/people").status_code == 200


@pytest.mark.django_db
def test_person_reads_have_their_own_stricter_limit(settings, counsellor):
    settings.HAVEN_API_RATE = "100/h"
    settings.HAVEN_API_USER_RATE = "100/h"
    settings.HAVEN_API_PERSON_RATE = "2/h"
    client = Client()
    client.force_login(counsellor)
    assert client.get("/api/people").status_code == 200
    assert client.get("/api/people").status_code == 200
    assert client.get("/api/people").status_code == 429
    # Operations that show no people keep to the general limit.
    response = client.get("/api/orientation/courses")
    assert response.status_code != 429


@pytest.mark.django_db
def test_an_empty_rate_switches_a_limit_off(settings, counsellor):
    settings.HAVEN_API_RATE = ""
    settings.HAVEN_API_USER_RATE = ""
    settings.HAVEN_API_PERSON_RATE = ""
    client = Client()
    client.force_login(counsellor)
    assert all(client.get("/api/people").status_code == 200 for _ in range(5))


def test_defaults():
    from haven import settings as project_settings

    assert project_settings.HAVEN_API_RATE == "1000/h"
    assert project_settings.HAVEN_API_USER_RATE == "2000/h"
    assert project_settings.HAVEN_API_PERSON_RATE == "300/h"
