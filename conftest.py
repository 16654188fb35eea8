"""Shared fixtures: a few fixed personas (one per role that matters, plus an outsider
with no role) and a quick password hasher for the suite. Factories for variation
live in haven/people/tests/factories.py."""

import pytest
from django.test import Client

from haven.accounts.services import user_create

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _seeded_faker(request):
    """Every test draws the same names every run: the factories' Faker and factory_boy's
    random generator are seeded from the test's own id, so no random name (an apostrophe,
    a hyphen) can decide whether a test passes."""
    import zlib

    import factory.random

    from haven.people.tests import factories

    seed = zlib.crc32(request.node.nodeid.encode())
    factories.faker_seed(seed)
    factory.random.reseed_random(seed)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Argon2 is the production hasher (a test checks that); the suite uses MD5 for speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_api_rate_counts():
    # The API's rate limits count in the cache: each test starts with none used.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _persona(username: str, roles: list[str]):
    return user_create(
        username=username, password=PASSWORD, first_name=username.title(), last_name="Persona", roles=roles
    )


@pytest.fixture
def intake_user(db):
    return _persona("ines", ["intake"])


@pytest.fixture
def counsellor(db):
    return _persona("carla", ["counsellor"])


@pytest.fixture
def team_coordinator(db):
    return _persona("tom", ["counsellor", "team_coordinator"])


@pytest.fixture
def manager(db):
    return _persona("maarten", ["manager"])


@pytest.fixture
def partner_user(db):
    return _persona("pieter", ["partner"])


@pytest.fixture
def dispatcher(db):
    return _persona("dina", ["dispatcher"])


@pytest.fixture
def functional_admin(db):
    return _persona("ada", ["admin"])


@pytest.fixture
def outsider(db):
    return _persona("otto", [])


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def counsellor_client(counsellor):
    return logged_in_client(counsellor)


@pytest.fixture
def intake_client(intake_user):
    return logged_in_client(intake_user)


@pytest.fixture
def manager_client(manager):
    return logged_in_client(manager)


@pytest.fixture
def partner_client(partner_user):
    return logged_in_client(partner_user)


@pytest.fixture
def outsider_client(outsider):
    return logged_in_client(outsider)


@pytest.fixture
def functional_admin_client(functional_admin):
    return logged_in_client(functional_admin)


@pytest.fixture
def team_coordinator_client(team_coordinator):
    return logged_in_client(team_coordinator)


@pytest.fixture
def programme_staff(db):
    return _persona("paula", ["programme_staff"])


@pytest.fixture
def programme_staff_client(programme_staff):
    return logged_in_client(programme_staff)


@pytest.fixture
def counsellor_profile(counsellor):
    """The counsellor persona counsels in Arabic and Dutch, full time."""
    from haven.integration.models import CounsellorProfile

    profile = CounsellorProfile.objects.create(user=counsellor, fte=1)
    profile.languages.set(["ara", "nld"])
    return profile


@pytest.fixture
def course_coordinator(db):
    return _persona("cora", ["course_coordinator"])


@pytest.fixture
def course_coordinator_client(course_coordinator):
    return logged_in_client(course_coordinator)


@pytest.fixture
def privacy_officer(db):
    return _persona("priya", ["privacy_officer"])


@pytest.fixture
def privacy_officer_client(privacy_officer):
    return logged_in_client(privacy_officer)


@pytest.fixture
def nt2_staff(db):
    return _persona("nora", ["nt2_staff"])


@pytest.fixture
def nt2_staff_client(nt2_staff):
    return logged_in_client(nt2_staff)
