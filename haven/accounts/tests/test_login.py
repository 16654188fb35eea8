"""Logging in and out through the pages, password hashing and the lock-out."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client

from conftest import PASSWORD
from haven import settings as project_settings
from haven.accounts.services import user_create

LOGIN_URL = "/login/"
LOGOUT_URL = "/logout/"


def _login(client: Client, username: str, password: str):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def _logged_in_user_id(client: Client):
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
def test_login_page_is_public_and_has_the_form(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_correct_password_logs_in_and_goes_to_the_start_page(client, counsellor):
    response = _login(client, counsellor.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    assert str(_logged_in_user_id(client)) == str(counsellor.pk)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_does_not_log_in(client, counsellor):
    response = _login(client, counsellor.username, "not-the-password")
    assert response.status_code == 200
    assert _logged_in_user_id(client) is None
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_start_page_sends_anonymous_visitors_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(client, counsellor):
    counsellor.is_active = False
    counsellor.save()
    _login(client, counsellor.username, PASSWORD)
    assert _logged_in_user_id(client) is None


@pytest.mark.django_db
def test_logout_by_post_ends_the_session(client, counsellor):
    _login(client, counsellor.username, PASSWORD)
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert response.url == "/login/"
    assert _logged_in_user_id(client) is None
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_logout_by_get_is_refused_and_keeps_the_session(client, counsellor):
    _login(client, counsellor.username, PASSWORD)
    response = client.get(LOGOUT_URL)
    assert response.status_code == 405
    assert str(_logged_in_user_id(client)) == str(counsellor.pk)


@pytest.mark.django_db
def test_pages_offer_logout_as_a_post_form(counsellor_client):
    html = counsellor_client.get("/").content.decode()
    assert '<form method="post" action="/logout/">' in html


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_under_the_project_settings(settings, client):
    # The suite swaps in MD5 for speed (conftest); put the project's own list back.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")

    user = user_create(username="argonaut", password=PASSWORD, roles=["counsellor"])

    stored = get_user_model().objects.get(pk=user.pk).password
    assert stored.startswith("argon2")
    assert PASSWORD not in stored
    assert _login(client, "argonaut", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_same_site_lax(client, counsellor):
    response = _login(client, counsellor.username, PASSWORD)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_five_failed_logins_lock_the_username_even_for_the_right_password(client, counsellor):
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for attempt in range(limit - 1):
        assert _login(client, counsellor.username, f"wrong-{attempt}").status_code == 200
    # The fifth failure locks the account.
    assert _login(client, counsellor.username, "wrong-last").status_code == 429

    response = _login(client, counsellor.username, PASSWORD)

    assert response.status_code == 429
    assert _logged_in_user_id(client) is None
    assert "registration/locked_out.html" in [template.name for template in response.templates]


@pytest.mark.django_db
def test_four_failed_logins_do_not_lock_the_account(client, counsellor):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT - 1):
        _login(client, counsellor.username, f"wrong-{attempt}")
    assert _login(client, counsellor.username, PASSWORD).status_code == 302
    assert str(_logged_in_user_id(client)) == str(counsellor.pk)


@pytest.mark.django_db
def test_lock_out_of_one_username_leaves_other_users_free(client, counsellor, manager):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        _login(client, counsellor.username, f"wrong-{attempt}")
    assert _login(client, manager.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_locked_out_page_shows_no_personal_data(client):
    user = user_create(
        username="farida.ahmadi",
        password=PASSWORD,
        first_name="Farida",
        last_name="Ahmadi",
        email="farida.ahmadi@example.org",
        roles=["intake"],
    )
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        _login(client, user.username, f"wrong-{attempt}")

    response = _login(client, user.username, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert 'class="shell-header"' in html  # the site's own page, not a bare error
    for personal in ("farida", "ahmadi", "example.org", "wrong-"):
        assert personal not in html.lower()
