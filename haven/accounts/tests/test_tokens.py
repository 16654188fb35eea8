"""API tokens (issue 10, item 7): a name, an expiry (90 days by default), the last use,
revocation by the owner (/account/tokens/) and by the administrator (admin action)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from conftest import logged_in_client
from haven.accounts import services
from haven.accounts.models import ApiToken
from haven.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True)


def test_a_token_lives_90_days_by_default(counsellor):
    before = timezone.now()
    token, _key = services.api_token_create(user=counsellor, name="export")
    assert before + datetime.timedelta(days=90) <= token.expires_at <= timezone.now() + datetime.timedelta(days=90)


def test_the_lifetime_is_a_setting_and_a_maximum(counsellor, settings):
    settings.HAVEN_API_TOKEN_DAYS = 7
    token, _key = services.api_token_create(user=counsellor, name="export")
    assert token.expires_at <= timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError):
        services.api_token_create(
            user=counsellor, name="forever", expires_at=timezone.now() + datetime.timedelta(days=8)
        )


def test_expired_and_revoked_tokens_get_401(api, counsellor, functional_admin):
    _old, old_key = services.api_token_create(
        user=counsellor, name="old", expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked, revoked_key = services.api_token_create(user=counsellor, name="revoked")
    by_admin, by_admin_key = services.api_token_create(user=counsellor, name="revoked by the admin")
    _good, good_key = services.api_token_create(user=counsellor, name="good")
    assert api.get("/api/people", **_bearer(good_key)).status_code != 401
    assert services.api_token_revoke(token=revoked, actor=counsellor)
    assert services.api_token_revoke(token=by_admin, actor=functional_admin)
    for key in (old_key, revoked_key, by_admin_key):
        assert api.get("/api/people", **_bearer(key)).status_code == 401
    assert services.api_token_authenticate(key=revoked_key) is None


def test_the_last_use_is_written_at_most_once_a_minute(counsellor):
    token, key = services.api_token_create(user=counsellor, name="export")
    assert services.api_token_authenticate(key=key) == counsellor
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    recent = first - datetime.timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    services.api_token_authenticate(key=key)
    token.refresh_from_db()
    assert token.last_used_at == recent  # no write within the minute
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    services.api_token_authenticate(key=key)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


def test_issue_and_revoke_are_audited_without_the_key(counsellor):
    token, key = services.api_token_create(user=counsellor, name="export")
    services.api_token_revoke(token=token, actor=counsellor)
    assert services.api_token_revoke(token=token, actor=counsellor) is False  # once
    issued, revoked = AuditEntry.objects.filter(actor=counsellor).order_by("id")
    assert (issued.action, issued.target_type, issued.target_id) == ("issue", "accounts.apitoken", str(token.pk))
    assert (revoked.action, revoked.target_id, revoked.note) == ("revoke", str(token.pk), "owner carla")
    for entry in (issued, revoked):
        assert key not in f"{entry.fields} {entry.note} {entry.target_label}"


def test_a_user_cannot_revoke_someone_elses_token_through_the_service(counsellor, intake_user):
    token, _key = services.api_token_create(user=intake_user, name="desk")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, actor=counsellor)


# --- The owner's page -------------------------------------------------------------------------------


def test_the_owner_lists_creates_and_revokes_their_tokens(counsellor, intake_user):
    services.api_token_create(user=intake_user, name="not-mine-at-all")
    client = logged_in_client(counsellor)
    page = client.get("/account/tokens/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    assert "not-mine-at-all" not in page.content.decode()

    created = client.post("/account/tokens/", {"name": "case export", "days": 30})
    assert created.status_code == 200
    key = created.context["new_key"]
    assert key and key in created.content.decode()
    token = ApiToken.objects.get(user=counsellor)
    assert token.name == "case export"
    assert token.expires_at <= timezone.now() + datetime.timedelta(days=30)
    listed = client.get("/account/tokens/").content.decode()
    assert "case export" in listed and token.prefix in listed and key not in listed  # shown once

    revoked = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == counsellor
    assert services.api_token_authenticate(key=key) is None


def test_the_owner_page_refuses_a_longer_life_and_bad_names(counsellor):
    client = logged_in_client(counsellor)
    assert client.post("/account/tokens/", {"name": "forever", "days": 91}).status_code == 422
    assert client.post("/account/tokens/", {"name": "", "days": 10}).status_code == 422
    assert client.post("/account/tokens/", {"name": "x" * 101, "days": 10}).status_code == 422
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked_from_the_owner_page(counsellor, intake_user, functional_admin):
    token, key = services.api_token_create(user=intake_user, name="desk")
    for actor in (counsellor, functional_admin):  # the administrator revokes in the admin
        assert logged_in_client(actor).post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert logged_in_client(counsellor).get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert services.api_token_authenticate(key=key) == intake_user


def test_the_owner_page_needs_a_login(client):
    response = client.get("/account/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- The administrator ------------------------------------------------------------------------------


def test_the_administrator_revokes_any_token_in_the_admin(functional_admin, intake_user):
    token, key = services.api_token_create(user=intake_user, name="desk")
    client = logged_in_client(functional_admin)
    listing = client.get("/admin/accounts/apitoken/")
    assert listing.status_code == 200 and "desk" in listing.content.decode()
    response = client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == functional_admin
    assert services.api_token_authenticate(key=key) is None
    entry = AuditEntry.objects.get(actor=functional_admin)
    assert (entry.action, entry.target_id, entry.note) == ("revoke", str(token.pk), "owner ines")
    # Tokens are kept for the record: no deletion, no change.
    assert client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_user_without_the_permission_cannot_use_the_admin_revoke(counsellor, intake_user):
    token, _key = services.api_token_create(user=intake_user, name="desk")
    response = logged_in_client(counsellor).post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    token.refresh_from_db()
    assert token.revoked_at is None
