"""Acceptance: with two factors required, a counsellor logs in with the password, is sent
to enrolment, scans (here: reads) the key, confirms with a first code, gets recovery codes,
logs out, and logs in again with password + code. No page breaks the Content-Security-Policy
(the admin and the API docs included). Screenshots land in test-artifacts/."""

import datetime
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.people.tests.factories import PersonFactory

PASSWORD = "correct-horse-battery-staple"


def _code(key: bytes, after_step: int = -1) -> str:
    """What the app shows now; if that step was used already, the next one (a phone shows
    it half a minute later; django-otp accepts one step ahead, never a step twice)."""
    step = max(int(time.time()) // 30, after_step + 1)
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = step * 30 + 1
    return f"{totp.token():06d}"


def _csp_violations(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    return violations


def _password_step(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()


@pytest.fixture
def counsellor(transactional_db, settings):
    settings.HAVEN_REQUIRE_TWO_FACTOR = True
    return user_create(
        username="carla", password=PASSWORD, first_name="Carla", last_name="Persona", roles=["counsellor"]
    )


@pytest.mark.browser
def test_enrol_and_log_in_with_password_and_code(page, live_server, counsellor, artifacts):
    violations = _csp_violations(page)

    _password_step(page, live_server, "carla")
    page.wait_for_url(f"{live_server.url}/account/two-factor/enrol/**")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("figure.qr svg")).to_be_visible()
    assert page.locator(".shell-nav").count() == 0  # nothing else until enrolled
    page.screenshot(path=artifacts / "two-factor-enrol.png", full_page=True)

    key = b32decode(page.locator("#two-factor-secret").inner_text().replace(" ", ""))
    page.locator("#id_code").fill(_code(key))
    page.locator("form:has(#id_code) button[type=submit]").click()
    codes = page.locator("ol.recovery-codes li code")
    expect(codes).to_have_count(10)
    page.screenshot(path=artifacts / "two-factor-recovery-codes.png", full_page=True)
    page.locator("a.button.primary").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("Carla")

    page.locator("form[action='/logout/'] button").first.click()
    page.wait_for_url(f"{live_server.url}/login/")

    _password_step(page, live_server, "carla")
    page.wait_for_url(f"{live_server.url}/account/two-factor/verify/**")
    device = TOTPDevice.objects.get(user=counsellor, confirmed=True)
    page.locator("#id_code").fill(_code(key, after_step=device.last_t))
    page.locator("form:has(#id_code) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("Carla")
    assert violations == []


@pytest.mark.browser
def test_admin_and_api_docs_work_under_the_policy(page, live_server, transactional_db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="root@haven.invalid")
    violations = _csp_violations(page)

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("root")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        "/admin/interpreting/tariff/add/",
        "/admin/interpreting/organisation/add/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    page.screenshot(path=artifacts_path("api-docs.png"), full_page=False)
    assert violations == []


def artifacts_path(name: str):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


@pytest.mark.browser
def test_the_report_year_switch_works_without_inline_script(page, live_server, transactional_db):
    """The year select used an inline onchange; static/haven.js does it now."""
    user_create(username="maarten", password=PASSWORD, roles=["manager"])
    # The menu offers the years from the first with records: a newcomer settled in 2018.
    PersonFactory(first_registration_date=datetime.date(2018, 5, 2))
    violations = _csp_violations(page)
    _password_step(page, live_server, "maarten")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/reports/annual/2019/")
    page.locator("select[data-navigate]").select_option(label="2018")
    page.wait_for_url(f"{live_server.url}/reports/annual/2018/")
    assert violations == []
