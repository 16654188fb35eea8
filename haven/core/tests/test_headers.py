"""Security headers (haven.core.headers, django-csp): Content-Security-Policy without
inline script or style, Permissions-Policy, Referrer-Policy, and no-store on every response
to a logged-in user and every API response."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from haven.accounts.services import api_token_create
from haven.people.tests.factories import PersonFactory

ROOT = Path(settings.BASE_DIR)


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def assert_secure_headers(response, *, stored: bool | None):
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cache_control = response.headers.get("Cache-Control", "")
    if stored:
        assert "no-store" not in cache_control
    elif stored is False:
        assert "no-store" in cache_control and "private" in cache_control


@pytest.mark.django_db
def test_login_page(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert_secure_headers(response, stored=None)  # Django's LoginView is never cached anyway


@pytest.mark.django_db
def test_person_page(counsellor_client, counsellor):
    person = PersonFactory()
    response = counsellor_client.get(f"/people/{person.pk}/", {"purpose": "counselling"})
    assert response.status_code in (200, 403)  # the policy may refuse this file; the headers hold either way
    assert_secure_headers(response, stored=False)


@pytest.mark.django_db
def test_every_page_of_a_logged_in_user_is_not_stored(counsellor_client):
    assert_secure_headers(counsellor_client.get("/"), stored=False)
    assert_secure_headers(counsellor_client.get("/people/"), stored=False)


@pytest.mark.django_db
def test_api_response_with_a_token(counsellor):
    _token, key = api_token_create(user=counsellor, name="headers")
    response = Client().get("/api/people", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert_secure_headers(response, stored=False)


@pytest.mark.django_db
def test_api_refusal_is_not_stored_either(client):
    response = client.get("/api/people")
    assert response.status_code == 401
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_health_stays_cacheable_and_has_the_policy(client):
    response = client.get("/health/")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Content-Security-Policy" in response.headers


def test_no_inline_script_style_or_handler_in_any_template():
    """The policy allows no inline script or style: templates keep to files in static/.
    (The PDF documents' templates are rendered by WeasyPrint, not a browser, and may.)"""
    templates = list(ROOT.glob("templates/**/*.html")) + list(ROOT.glob("haven/*/templates/**/*.html"))
    assert templates
    offenders = []
    for path in templates:
        if "/documents/" in str(path):
            continue
        text = path.read_text()
        offenders += [
            f"{path.relative_to(ROOT)}: {pattern}"
            for pattern in (
                r"<script(?![^>]*\bsrc=)[^>]*>",
                r"<style\b",
                r"\sstyle=",
                r"\son[a-z]+=",
                r"hx-on",
                r"javascript:",
            )
            if re.search(pattern, text)
        ]
    assert not offenders, offenders


def test_htmx_injects_no_indicator_style():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert ".htmx-indicator" in (ROOT / "static" / "haven.css").read_text()
