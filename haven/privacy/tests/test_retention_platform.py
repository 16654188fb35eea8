"""Retention of the platform's own records: staff accounts (haven/accounts/retention.py), the
logs (haven/core/audit_retention.py), reviews and requests (haven/privacy/retention.py),
report editions (haven/reports/retention.py) and background jobs (haven/jobs/retention.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import logged_in_client
from haven.accounts.models import User
from haven.accounts.tests.factories import UserFactory
from haven.core.audit import access_record
from haven.core.chain import CHAINS, verify
from haven.core.models import AccessAction, AccessLogEntry, AuditEntry
from haven.core.retention import retention_for
from haven.jobs.models import Job, JobState
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.models import GlassReview, SubjectRequest
from haven.privacy.registry_check import retention_undeclared
from haven.privacy.testing import identifying_values_found
from haven.reports.models import ReportEdition

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
GONE = {"username": "zq1985", "first_name": "Zephyrine", "last_name": "Quaxtonbury"}
EMAIL = "zephyrine.quaxtonbury@agency.example.org"
REVIEW = "Asked Brumblewick's team lead: no case to open"
MESSAGE = "Invoice 2019-00042 for Brumblewick & Co was refused"


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


def _departed(deactivated_at=None, **values) -> User:
    user = UserFactory(**{**GONE, "email": EMAIL, **values}, roles=["counsellor"])
    User.objects.filter(pk=user.pk).update(is_active=False, deactivated_at=deactivated_at or _at(2019, 12, 31))
    return user


def test_the_platform_apps_declare_every_model_that_needs_it():
    apps = {"accounts", "core", "privacy", "reports", "jobs"}
    assert retention_undeclared(apps) == {}
    for label in ("core.AccessLogEntry", "core.AuditEntry", "reports.ReportEdition"):
        declaration = retention_for(label)
        assert declaration is not None and declaration.kind == "pseudonymous"
        assert declaration.persons == () and declaration.erase == ()


def test_a_departed_account_keeps_its_row_for_the_logs_and_loses_its_identity(functional_admin):
    departed = _departed()
    active = UserFactory(username="still_here", first_name="Octavian", last_name="Brumblewick", roles=["intake"])
    person = PersonFactory(given_names="Ludovica", family_name="Plimsoll")
    access_record(user=departed, person_id=person.pk, action=AccessAction.VIEW, purpose="counselling")
    values = [GONE["first_name"], GONE["last_name"], EMAIL]

    anonymise(FAR_FUTURE)

    departed.refresh_from_db()
    assert departed.username == f"{PSEUDONYM_PREFIX}{departed.pk}"
    assert (departed.first_name, departed.last_name, departed.email, departed.password) == ("", "", "", "")
    assert not departed.check_password("correct-horse-battery-staple")
    # The username stays only where the audit trail named the account when it was made: a
    # chained entry, which cannot change (haven/accounts/retention.py says so).
    assert identifying_values_found([*values, GONE["username"]]) == ["core_auditentry.target_label: zq1985"]
    assert identifying_values_found(values) == []
    active.refresh_from_db()
    assert (active.username, active.last_name) == ("still_here", "Brumblewick")
    # The logs still point to the account, and their chains hold.
    assert AccessLogEntry.objects.filter(user=departed, person_id=person.pk).exists()
    assert all(verify(chain).broken is None for chain in CHAINS)


def test_an_account_is_kept_five_years_after_it_was_switched_off():
    _departed(deactivated_at=_at(2019, 12, 31))
    key = "accounts.user"
    assert key not in anonymisation_due(datetime.date(2024, 12, 30)).records
    assert anonymisation_due(datetime.date(2024, 12, 31)).records[key] == 1


def test_switching_an_account_off_in_the_admin_dates_it(superuser_client):
    user = UserFactory(username="leaving", email="leaving@agency.example.org", roles=["intake"])
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "groups": list(user.groups.values_list("pk", flat=True)),
    }
    assert superuser_client.post(f"/admin/accounts/user/{user.pk}/change/", data).status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.deactivated_at is not None
    assert (
        superuser_client.post(f"/admin/accounts/user/{user.pk}/change/", {**data, "is_active": "on"}).status_code == 302
    )
    user.refresh_from_db()
    assert user.is_active and user.deactivated_at is None


@pytest.fixture
def superuser_client(db):
    return logged_in_client(
        User.objects.create_superuser("root", "root@example.invalid", "correct-horse-battery-staple")
    )


def test_a_review_loses_its_note_and_a_request_is_kept_as_proof(counsellor, privacy_officer):
    person = PersonFactory(given_names="Zephyrine", family_name="Quaxtonbury")
    Person.objects.filter(pk=person.pk).update(updated_at=_at(2019, 1, 2))
    opening = access_record(
        user=counsellor, person_id=person.pk, action=AccessAction.VIEW, purpose="counselling", break_glass=True
    )
    GlassReview.objects.create(entry=opening, entry_at=opening.at, reviewed_by=privacy_officer, note=REVIEW)
    request = SubjectRequest.objects.create(
        person=person,
        kind=SubjectRequest.Kind.COPY,
        reason="Art. 15",
        received_on=datetime.date(2019, 3, 4),
        made_by=privacy_officer,
    )
    # The request is about the person (their own copy lists it): five years from its receipt.
    assert person.pk not in anonymisation_due(datetime.date(2024, 3, 3)).persons
    assert person.pk in anonymisation_due(datetime.date(2024, 3, 4)).persons

    anonymise(FAR_FUTURE)

    assert GlassReview.objects.get(entry_id=opening.pk).note == ""
    assert identifying_values_found([REVIEW, "Brumblewick"]) == []
    request.refresh_from_db()
    assert (request.kind, request.reason, request.person_id) == (SubjectRequest.Kind.COPY, "Art. 15", person.pk)
    assert all(verify(chain).broken is None for chain in CHAINS)


def test_an_edition_and_the_audit_trail_are_kept_as_they_are(manager):
    edition = ReportEdition.objects.create(
        year=2019,
        number=1,
        document="{}",
        sha256="0" * 64,
        renderer="1",
        records={"registrations_by_status": {"0:1": [1, 2]}},
        frozen_by=manager,
        frozen_at=_at(2020, 2, 1),
    )
    audit_before = AuditEntry.objects.count()
    anonymise(FAR_FUTURE)
    edition.refresh_from_db()
    assert edition.records == {"registrations_by_status": {"0:1": [1, 2]}}
    assert AuditEntry.objects.count() == audit_before + 1  # the run's own entry, nothing changed


def test_a_job_loses_its_outcome_a_year_after_it_finished(manager):
    job = Job.objects.create(
        kind="interpreting.invoices_month",
        title="Invoices",
        started_by=manager,
        state=JobState.DONE,
        message=MESSAGE,
        result={"invoices": [1], "refused": [MESSAGE]},
        result_url="/interpreting/invoices/2019-06/",
        finished_at=_at(2019, 7, 1),
    )
    assert "jobs.job" not in anonymisation_due(datetime.date(2020, 6, 30)).records
    anonymise(datetime.date(2020, 7, 1))
    job.refresh_from_db()
    assert (job.message, job.result, job.result_url, job.state) == ("", {}, "", JobState.DONE)
    assert identifying_values_found(["Brumblewick"]) == []


def _anonymise_queries(count: int) -> int:
    for index in range(count):
        _departed(username=f"gone{count}-{index}", email=f"gone{count}-{index}@agency.example.org")
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_accounts():
    one = _anonymise_queries(1)
    five = _anonymise_queries(5)
    assert five == one
