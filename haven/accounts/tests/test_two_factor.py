"""The two-step login (haven.accounts.two_factor): enrolment with a QR code and a key,
the code after the password, recovery codes, the requirement for staff in production,
and the throttling of code guessing."""

import datetime
import re
import time
from base64 import b32decode

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from haven.accounts.two_factor import recovery_codes_issue, two_factor_required

ENROL = "/account/two-factor/enrol/"
VERIFY = "/account/two-factor/verify/"
OVERVIEW = "/account/two-factor/"


def totp_code(key: bytes, device: TOTPDevice | None = None) -> str:
    """The app's code now; past the device's last used step, as a phone would show a
    new code half a minute later (django-otp accepts one step ahead and never a step twice)."""
    step = int(time.time()) // 30
    if device is not None:
        device.refresh_from_db()
        step = max(step, device.last_t + 1)
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = step * 30 + 1
    return f"{totp.token():06d}"


def log_in(client: Client, user) -> None:
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def enrol(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    html = client.get(ENROL).content.decode()
    secret = re.search(r'id="two-factor-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    key = b32decode(secret)
    response = client.post(ENROL, {"code": totp_code(key)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert device.bin_key == key
    return device, codes


@pytest.fixture
def required(settings):
    settings.HAVEN_REQUIRE_TWO_FACTOR = True
    return settings


@pytest.fixture
def enrolled(counsellor):
    """The counsellor with a confirmed authenticator and recovery codes."""
    device = TOTPDevice.objects.create(user=counsellor, name="authenticator", confirmed=True)
    codes = recovery_codes_issue(counsellor)
    return device, codes


# --- the setting --------------------------------------------------------------------------


def test_the_setting_follows_the_profile():
    from haven import settings as project_settings

    # The suite runs the development profile: optional, so the demo logins work.
    assert project_settings.PRODUCTION is False
    assert project_settings.HAVEN_REQUIRE_TWO_FACTOR is False


def test_production_requires_two_factors():
    from haven.core.tests.production_profile import production_settings

    values = production_settings("HAVEN_REQUIRE_TWO_FACTOR", "OTP_TOTP_THROTTLE_FACTOR")
    assert values == {"HAVEN_REQUIRE_TWO_FACTOR": "True", "OTP_TOTP_THROTTLE_FACTOR": "1"}


def test_optional_in_development_a_password_is_enough(client, counsellor):
    log_in(client, counsellor)
    assert client.get("/").status_code == 200
    assert client.get("/people/").status_code == 200


def test_required_for_every_user_with_a_role(required, counsellor, manager, partner_user, outsider):
    assert two_factor_required(counsellor)
    assert two_factor_required(manager)
    assert two_factor_required(partner_user)
    assert not two_factor_required(outsider)  # no role: sees nothing anyway


# --- enrolment ----------------------------------------------------------------------------


def test_required_user_without_a_device_sees_only_the_enrolment(required, client, counsellor):
    log_in(client, counsellor)
    for path in ("/", "/people/", "/account/password/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(ENROL), path
    # The API answers in JSON, htmx gets a client redirect.
    response = client.get("/api/people")
    assert response.status_code == 403
    assert "detail" in response.json()
    assert client.get("/people/", headers={"HX-Request": "true"}).headers["HX-Redirect"].startswith(ENROL)
    # The enrolment page itself, logout and the language switch still answer.
    page = client.get(ENROL)
    assert page.status_code == 200
    assert 'class="shell-nav"' not in page.content.decode()  # no navigation until enrolled
    assert client.post("/logout/").status_code == 302


def test_enrolment_page_has_an_inline_svg_qr_code_and_the_key(client, counsellor):
    log_in(client, counsellor)
    response = client.get(ENROL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<path" in html
    assert "<script" not in html.split("</head>", 1)[1]  # no inline (or any) script in the body
    assert " style=" not in html
    secret = re.search(r'id="two-factor-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1)
    assert len(secret.replace(" ", "")) == 32
    # Reloading keeps the same key (one pending device).
    assert secret in client.get(ENROL).content.decode()
    assert TOTPDevice.objects.filter(user=counsellor).count() == 1
    assert response.headers["Cache-Control"].count("no-store") == 1


def test_enrolment_with_a_first_code_confirms_and_shows_ten_recovery_codes(required, client, counsellor):
    log_in(client, counsellor)
    device, codes = enrol(client, counsellor)

    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=counsellor).values_list("token", flat=True))
    # The session that enrolled is verified: the pages open.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/").status_code == 200
    # Shown once: the overview counts them but never shows them.
    overview = client.get(OVERVIEW).content.decode()
    assert codes[0] not in overview


def test_a_wrong_first_code_does_not_confirm(client, counsellor):
    log_in(client, counsellor)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=counsellor, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=counsellor).exists()


# --- the login ----------------------------------------------------------------------------


def test_login_asks_for_the_code_after_the_password(client, counsellor, enrolled):
    device, _codes = enrolled
    log_in(client, counsellor)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fpeople%2F"
    assert client.get(VERIFY).status_code == 200

    response = client.post(VERIFY, {"code": totp_code(device.bin_key, device), "next": "/people/"})

    assert response.status_code == 302 and response.url == "/people/"
    assert client.get("/people/").status_code == 200


def test_wrong_code_is_refused(client, counsellor, enrolled):
    log_in(client, counsellor)
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/").status_code == 302
    # A code that is not even a code: the same refusal (or the 422 for control characters), no 500.
    for junk in ("", "x" * 200, "12\x0034", "ünïcode"):
        assert client.post(VERIFY, {"code": junk}).status_code in (200, 422)
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_recovery_code_works_once(client, counsellor, enrolled):
    _device, codes = enrolled
    log_in(client, counsellor)
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + "-" + codes[0][4:]})  # as printed, any case
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=counsellor).count() == 9

    other = Client()
    log_in(other, counsellor)
    again = other.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in other.session


def test_new_recovery_codes_replace_the_old_ones(client, counsellor, enrolled):
    device, old_codes = enrolled
    log_in(client, counsellor)
    client.post(VERIFY, {"code": totp_code(device.bin_key, device)})
    response = client.post("/account/two-factor/recovery-codes/")
    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)

    fresh = Client()
    log_in(fresh, counsellor)
    assert fresh.post(VERIFY, {"code": new_codes[1]}).status_code == 302
    stale = Client()
    log_in(stale, counsellor)
    assert stale.post(VERIFY, {"code": old_codes[1]}).status_code == 200  # refused
    assert DEVICE_ID_SESSION_KEY not in stale.session


def test_code_guessing_is_throttled(settings, client, counsellor, enrolled):
    """django-otp's throttling is on: after a wrong code even the right one is refused
    until the delay (factor × 2^(n-1) seconds) has passed."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # a wait no test run outlasts
    device, _codes = enrolled
    log_in(client, counsellor)
    client.post(VERIFY, {"code": "111111"})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    response = client.post(VERIFY, {"code": totp_code(device.bin_key, device)})
    assert response.status_code == 200
    assert "Wait a moment" in response.content.decode() or "Wacht" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session

    # Once the delay has passed, the right code goes through.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - datetime.timedelta(seconds=601)
    )
    assert client.post(VERIFY, {"code": totp_code(device.bin_key, device)}).status_code == 302


def test_the_project_keeps_throttling_on():
    from haven import settings as project_settings

    assert project_settings.OTP_TOTP_THROTTLE_FACTOR >= 1
    assert project_settings.OTP_STATIC_THROTTLE_FACTOR >= 1


def test_the_admin_login_is_gated_too(client, functional_admin):
    TOTPDevice.objects.create(user=functional_admin, name="authenticator", confirmed=True)
    client.post("/admin/login/", {"username": functional_admin.username, "password": PASSWORD})
    assert str(client.session.get(SESSION_KEY)) == str(functional_admin.pk)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_api_tokens_are_not_affected(required, counsellor, enrolled):
    from haven.accounts.services import api_token_create

    _token, key = api_token_create(user=counsellor, name="test")
    response = Client().get("/api/people", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_replacing_the_authenticator_needs_a_verified_session(client, counsellor, enrolled):
    log_in(client, counsellor)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_a_functional_administrator_can_remove_a_lost_device_but_never_sees_a_key(
    functional_admin_client, counsellor, enrolled
):
    device, codes = enrolled
    page = functional_admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    static = functional_admin_client.get(
        f"/admin/otp_static/staticdevice/{counsellor.staticdevice_set.get().pk}/change/"
    )
    assert static.status_code == 200
    assert codes[0] not in static.content.decode()

    response = functional_admin_client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
