"""The production profile: Django's deployment checklist passes, and a missing secret
key stops the process instead of falling back to a default."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"
# Some characters outside letters and digits, as Django's check wants a varied key.
KEY_ALPHABET = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"


def _manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "HAVEN_"))}
    env.update(environment)
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=MANAGE.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production(**extra: str) -> dict[str, str]:
    return {"DJANGO_ENV": "production", "DJANGO_SETTINGS_MODULE": "haven.settings", **extra}


@pytest.fixture(scope="module")
def secret_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(50))


# The invoices' issuer, which production must configure (without it, check warns).
AGENCY = {
    "HAVEN_AGENCY_NAME": "IN-Gent vzw",
    "HAVEN_AGENCY_STREET": "Kongostraat 42",
    "HAVEN_AGENCY_POSTAL_CODE": "9000",
    "HAVEN_AGENCY_MUNICIPALITY": "Gent",
    "HAVEN_AGENCY_ENTERPRISE_NUMBER": "0412345614",
    "HAVEN_AGENCY_IBAN": "BE71096123456769",
    "HAVEN_AGENCY_BIC": "GKCCBEBB",
}


def test_check_deploy_is_clean_under_production_settings(secret_key):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **_production(DJANGO_SECRET_KEY=secret_key, DJANGO_ALLOWED_HOSTS="haven.example.org", **AGENCY),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "WARNING" not in output
    assert "System check identified no issues" in output


def test_production_without_the_agency_warns_that_no_invoice_can_be_made(secret_key):
    result = _manage("check", **_production(DJANGO_SECRET_KEY=secret_key, DJANGO_ALLOWED_HOSTS="haven.example.org"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "interpreting.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", **_production(DJANGO_ALLOWED_HOSTS="haven.example.org"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(secret_key):
    result = _manage("check", **_production(DJANGO_SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_are_secure(secret_key):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS)"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "HAVEN_"))}
    env.update(_production(DJANGO_SECRET_KEY=secret_key, DJANGO_ALLOWED_HOSTS="haven.example.org"))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=MANAGE.parent, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "Lax", "True", "['haven.example.org']"]
