"""Shared fixtures: a few fixed personas (one per role that matters, plus an outsider
with no role) and a quick password hasher for the suite. The personas are made by
haven/accounts/tests/factories.py; factories for variation live in each app's tests/factories.py."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import Client, override_settings

from haven.accounts.tests.factories import PASSWORD as PASSWORD  # tests import the personas' password from here
from haven.accounts.tests.factories import UserFactory


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


# Argon2 is the production hasher (a test checks that); the suite uses MD5 for speed.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


# pytest-xdist (make test runs one process per CPU): every test is sent on its own, in
# collection order, so the transactional tests, which empty the database and which
# pytest-django puts last, stay after every other test on their process. The files and folders
# named here share one costly fixture (the whole demo, the access matrix's world and walk:
# minutes to build): each goes whole to one process, first, so it is built once. None may hold a
# transactional test (it would run before the other tests of its process). (xdist's own --dist
# loadgroup does this by a mark, but sets the test id as pytest 8 kept it: under pytest 9 it
# groups nothing.)
ONE_PROCESS = ("haven/demo/tests/test_demo.py", "tests/access/")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class OneByOneButWholeFixtures(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((path for path in ONE_PROCESS if nodeid.startswith(path)), nodeid)

    return OneByOneButWholeFixtures(config, log)


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@contextmanager
def built_once(django_db_blocker, media, **settings):
    """For a module- or package-scoped fixture that builds data shared by many tests (the whole
    demo, the access matrix's world): the database open, the quick hasher, files under ``media``
    (and any other ``settings``), and one transaction rolled back when the fixture ends, so no
    row outlives it; each test runs in a savepoint of it and sees the build as made."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, MEDIA_ROOT=str(media), **settings),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    """Background tasks run in-process, inside ``enqueue()``: a test sees the end state of
    the work it started. (django-tasks resets its backends when TASKS changes.)"""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def database_tasks(settings):
    """Tasks are kept in the database for a worker, as in production (the queue's tests)."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture(autouse=True)
def _own_folders(settings, tmp_path):
    """What a test stores (e-invoices sent through the file-drop access point, uploaded
    files) lands in its own folders, never in the checkout's var/."""
    settings.HAVEN_PEPPOL_DROP_DIR = tmp_path / "peppol-outbox"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HAVEN_REMINDER_DIR = tmp_path / "reminders"


@pytest.fixture(autouse=True)
def _fresh_api_rate_counts():
    # The API's rate limits count in the cache: each test starts with none used.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(settings):
    """The pages in English, whatever the Dutch catalogue holds: the tests read the
    English source texts (the interface is Dutch unless the user picks English)."""
    settings.LANGUAGE_CODE = "en"


def _persona(username: str, roles: list[str]):
    return UserFactory(username=username, roles=roles)


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


# The civic-integration client (haven/integration/tests; the people app's policy tests use
# her too): Amina, obligated, registered by intake, with a contract in the counsellor's caseload.


@pytest.fixture
def newcomer(db):
    """Amina, born 1990, Syrian, first registered in Ghent on 1 March 2019, prefers Arabic."""
    import datetime

    from haven.people.tests.factories import PersonFactory

    return PersonFactory(
        given_names="Amina",
        family_name="Haddad",
        birth_date=datetime.date(1990, 2, 14),
        nationality="SY",
        first_registration_date=datetime.date(2019, 3, 1),
        preferred_language_id="ara",
    )


@pytest.fixture
def registration(newcomer, intake_user):
    """Amina's facts and registration, through the services: obligated."""
    from haven.core.models import AccessPurpose
    from haven.integration import services
    from haven.integration.models import TargetGroupStatus
    from haven.integration.tests.builders import OBLIGATED_FACTS, REGISTERED_ON

    services.facts_save(person=newcomer, values=OBLIGATED_FACTS, by=intake_user, purpose=AccessPurpose.REGISTRATION)
    registration = services.registration_create(person=newcomer, registered_on=REGISTERED_ON, by=intake_user)
    assert registration.status == TargetGroupStatus.OBLIGATED
    return registration


@pytest.fixture
def contract(registration, intake_user, counsellor, counsellor_profile):
    """Signed by intake; Haven assigns the counsellor persona (speaks Arabic)."""
    from haven.integration import services
    from haven.integration.tests.builders import SIGNED_ON

    contract = services.contract_sign(registration=registration, signed_on=SIGNED_ON, by=intake_user)
    assert contract.counsellor == counsellor
    return contract
