"""Lock-out per source address across accounts (haven.accounts.lockout): the issue's case,
four wrong passwords on each of five accounts from one address, then good logins."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from conftest import PASSWORD
from haven.accounts.services import user_create


def _login(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def accounts(db):
    return [user_create(username=f"staff{number}", password=PASSWORD, roles=["counsellor"]) for number in range(5)]


def test_default_limit_per_address():
    from haven import settings as project_settings

    assert project_settings.HAVEN_LOGIN_FAILURE_LIMIT_PER_ADDRESS == 10
    assert project_settings.AXES_HANDLER == "haven.accounts.lockout.AddressLockoutHandler"


def test_four_wrong_passwords_on_five_accounts_lock_the_address(accounts):
    client = Client()
    assert django_settings.AXES_FAILURE_LIMIT == 5
    statuses = [
        _login(client, user.username, f"wrong-{attempt}").status_code for user in accounts for attempt in range(4)
    ]
    # No username+address pair reached 5, but the address reached 10 failures.
    assert statuses[:9] == [200] * 9
    assert statuses[9] == 429
    assert set(statuses[10:]) == {429}

    for user in accounts:
        response = _login(client, user.username, PASSWORD)
        assert response.status_code == 429
        assert "registration/locked_out.html" in [template.name for template in response.templates]
    assert client.session.get(SESSION_KEY) is None


def test_the_limit_is_a_setting(settings, accounts):
    settings.HAVEN_LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    client = Client()
    assert _login(client, accounts[0].username, "wrong").status_code == 200
    assert _login(client, accounts[1].username, "wrong").status_code == 200
    assert _login(client, accounts[2].username, "wrong").status_code == 429
    assert _login(client, accounts[3].username, PASSWORD).status_code == 429


def test_other_addresses_stay_free(accounts):
    client = Client()
    for user in accounts:
        for attempt in range(3):
            _login(client, user.username, f"wrong-{attempt}")
    assert _login(client, accounts[0].username, PASSWORD).status_code == 429
    assert _login(Client(), accounts[0].username, PASSWORD, address="198.51.100.20").status_code == 302


def test_a_few_failures_below_the_limit_do_not_lock(accounts):
    client = Client()
    for user in accounts[:3]:
        for attempt in range(3):  # 9 failures: under 10
            _login(client, user.username, f"wrong-{attempt}")
    assert _login(client, accounts[4].username, PASSWORD).status_code == 302
