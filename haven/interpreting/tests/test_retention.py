"""Retention of the interpreting line (haven/interpreting/retention.py): past its period a
request's free text, a sheet's remarks, a translation's title and file, an invoice line's
text and a departed interpreter's identity are gone, and the report is what it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.interpreting.models import (
    Absence,
    Assignment,
    AssignmentStatus,
    Availability,
    Interpreter,
    InterpretingRequest,
    Invoice,
    InvoiceLine,
    RequestKind,
    RequestStatus,
    Sector,
    Timesheet,
    TimesheetStatus,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.tests.factories import InterpreterFactory, OrganisationFactory, language
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise
from haven.privacy.testing import identifying_values_found, report_tables

pytestmark = pytest.mark.django_db

FAR_FUTURE = datetime.date(2060, 1, 1)
CLIENT = "Octavian Brumblewick"
NOTES = "Client Octavian Brumblewick prefers Thursday mornings"
VIDEO_LINK = "https://meet.example.org/brumblewick-room"
WHY = "picked for the Brumblewick family"
REMARK = "Mr Brumblewick arrived twenty minutes late"
RETURNED = "Brumblewick file number missing"
TITLE = "Birth certificate of Octavian Brumblewick"
ABSENCE = "Surgery at UZ Gent, Quaxtonbury"
INTERPRETER = {
    "given_names": "Zephyrine",
    "family_name": "Quaxtonbury",
    "email": "zephyrine.quaxtonbury@example.org",
    "phone": "+32 470 98 76 54",
}
VALUES = [*INTERPRETER.values(), CLIENT, NOTES, VIDEO_LINK, WHY, REMARK, RETURNED, TITLE, ABSENCE, "Brumblewick"]


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def staff(db):
    return UserFactory(username="dora", roles=["dispatcher"])


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="AZ Retentie", sector=Sector.HEALTH)


def departed_interpreter(**values) -> Interpreter:
    """An interpreter without a user account (their identity is only here) who left the pool
    at the end of 2019, with an absence and weekly windows."""
    interpreter = InterpreterFactory(
        user=None, active=False, left_pool_on=datetime.date(2019, 12, 31), **{**INTERPRETER, **values}
    )
    Absence.objects.create(interpreter=interpreter, starts_at=at(2019, 5, 6), ends_at=at(2019, 5, 10), reason=ABSENCE)
    return interpreter


def request_(organisation, staff, starts_at, **values) -> InterpretingRequest:
    defaults = {
        "organisation": organisation,
        "requested_by": staff,
        "kind": RequestKind.ON_SITE,
        "language": language(),
        "starts_at": starts_at,
        "duration_minutes": 60,
        "site": organisation.sites.first(),
        "subject_sector": Sector.HEALTH,
        "notes": NOTES,
        "status": RequestStatus.DONE,
        "created_at": starts_at - datetime.timedelta(days=7),
    }
    defaults.update(values)
    return InterpretingRequest.objects.create(**defaults)


def approved_job(organisation, staff, interpreter, starts_at, **request_values) -> Timesheet:
    request = request_(organisation, staff, starts_at, **request_values)
    assignment = Assignment.objects.create(
        request=request,
        interpreter=interpreter,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=60),
        status=AssignmentStatus.CONFIRMED,
        why={"code": "dispatcher_choice", "facts": {"by": WHY}},
    )
    return Timesheet.objects.create(
        assignment=assignment,
        actual_start=starts_at,
        actual_end=starts_at + datetime.timedelta(minutes=75),
        status=TimesheetStatus.APPROVED,
        submitted_at=starts_at + datetime.timedelta(hours=2),
        remark=REMARK,
        returned_remark=RETURNED,
    )


def delivered_translation(organisation, staff, translator) -> TranslationOrder:
    order = TranslationOrder.objects.create(
        organisation=organisation,
        requested_by=staff,
        title=TITLE,
        kind=TranslationKind.OFFICIAL,
        source_language=language("ara"),
        target_language=language("nld"),
        pages=3,
        deadline=datetime.date(2019, 6, 14),
        translator=translator,
        status=TranslationStatus.DELIVERED,
        created_at=at(2019, 6, 1),
        delivered_on=datetime.date(2019, 6, 12),
    )
    order.delivered_file.save("brumblewick.txt", ContentFile(f"Translation: {TITLE}".encode()))
    return order


def invoice_for(organisation, staff, order: TranslationOrder) -> InvoiceLine:
    invoice = Invoice.objects.create(
        organisation=organisation,
        month=datetime.date(2019, 7, 1),
        number="2019-00042",
        payment_reference="+++000/0000/00042+++",
        issued_on=datetime.date(2019, 7, 1),
        due_on=datetime.date(2019, 7, 31),
        period_start=datetime.date(2019, 6, 1),
        period_end=datetime.date(2019, 6, 30),
        total=Decimal("120.00"),
        created_by=staff,
    )
    return InvoiceLine.objects.create(
        invoice=invoice,
        kind="translation",
        description=f"Translation (official) Arabic → Dutch: {TITLE}",
        quantity=Decimal("3"),
        unit="page",
        amount=Decimal("120.00"),
        translation=order,
    )


def test_past_retention_nothing_identifying_remains_and_the_report_is_unchanged(
    organisation, staff, django_capture_on_commit_callbacks
):
    interpreter = departed_interpreter()
    approved_job(organisation, staff, interpreter, at(2019, 3, 14))
    approved_job(
        organisation,
        staff,
        interpreter,
        at(2019, 9, 3),
        kind=RequestKind.VIDEO,
        site=None,
        video_link=VIDEO_LINK,
    )
    order = delivered_translation(organisation, staff, interpreter)
    invoice_for(organisation, staff, order)
    assert identifying_values_found(VALUES)  # the search finds them before
    before = report_tables([2019])
    assert before[2019]["interpreting_hours"] != report_tables([2018])[2018]["interpreting_hours"]

    with django_capture_on_commit_callbacks(execute=True):
        outcome = anonymise(FAR_FUTURE)

    assert report_tables([2019]) == before
    assert identifying_values_found(VALUES) == []
    interpreter.refresh_from_db()
    assert interpreter.family_name == f"{PSEUDONYM_PREFIX}{interpreter.pk}"
    assert not Absence.objects.exists() and not Availability.objects.exists()
    assert outcome.records["interpreting.interpretingrequest"] == 2
    assert outcome.files_deleted == 1
    order.refresh_from_db()
    assert (order.pages, order.kind, order.delivered_on, order.delivered_file.name) == (
        3,
        TranslationKind.OFFICIAL,
        datetime.date(2019, 6, 12),
        "",
    )
    # A second run finds nothing of the line left to erase.
    due = anonymisation_due(FAR_FUTURE)
    assert not [key for key in due.records if key.startswith("interpreting.")]


def test_a_request_is_kept_ten_years_after_the_job(organisation, staff):
    request_(organisation, staff, at(2019, 3, 14))
    key = "interpreting.interpretingrequest"
    assert key not in anonymisation_due(datetime.date(2029, 3, 13)).records
    assert anonymisation_due(datetime.date(2029, 3, 14)).records[key] == 1


def test_an_interpreter_is_kept_while_in_the_pool_and_two_years_after_leaving(db):
    in_pool = InterpreterFactory(user=None, family_name="Brumblewick")
    departed = departed_interpreter()
    key = "interpreting.interpreter"
    assert key not in anonymisation_due(datetime.date(2021, 12, 30)).records
    assert anonymisation_due(datetime.date(2021, 12, 31)).records[key] == 1
    anonymise(datetime.date(2021, 12, 31))
    in_pool.refresh_from_db()
    departed.refresh_from_db()
    assert in_pool.family_name == "Brumblewick"
    assert departed.family_name.startswith(PSEUDONYM_PREFIX)


def test_an_inactive_interpreter_needs_the_day_they_left(db):
    from django.core.exceptions import ValidationError

    interpreter = InterpreterFactory(user=None)
    interpreter.active = False
    with pytest.raises(ValidationError) as error:
        interpreter.clean()
    assert "left_pool_on" in error.value.message_dict


def _anonymise_queries(count: int, organisation, staff) -> int:
    interpreter = departed_interpreter(email=f"tolk{count}@example.org")
    for index in range(count):
        approved_job(organisation, staff, interpreter, at(2019, 3, 4 + index))
    with CaptureQueriesContext(connection) as queries:
        anonymise(FAR_FUTURE)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records(organisation, staff):
    one = _anonymise_queries(1, organisation, staff)
    five = _anonymise_queries(5, organisation, staff)
    assert five == one
