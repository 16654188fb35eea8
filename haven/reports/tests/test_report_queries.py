"""The annual report runs a fixed number of queries: every sum and count is done in the
database, so more records of the year do not add queries (bench/report.py times it)."""

import datetime
from decimal import Decimal
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.services import user_create
from haven.accounts.tests.factories import UserFactory
from haven.integration.models import (
    Certificate,
    CounsellorProfile,
    DecisionKind,
    DossierKind,
    ExemptionTestResult,
    StatusDecision,
    TargetGroupStatus,
)
from haven.integration.tests.factories import ContractFactory, DiplomaDossierFactory, ExemptionTestFactory
from haven.interpreting.models import (
    AgreementStatus,
    AssignmentStatus,
    RequestKind,
    Sector,
    Timesheet,
    TimesheetStatus,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.tests.factories import (
    AgreementFactory,
    AssignmentFactory,
    InterpretingRequestFactory,
    OrganisationFactory,
)
from haven.nt2.models import CertificationTest, Conversation, Enrolment, Funder, LanguageTest
from haven.nt2.tests.factories import FAST_LEARNER, ModuleFactory, ScholarshipFactory, ScholarshipFundFactory
from haven.orientation.models import Enrolment as CourseEnrolment
from haven.orientation.models import EnrolmentState, Project
from haven.orientation.tests.factories import CourseFactory
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import annual_report

pytestmark = pytest.mark.django_db

YEAR = 2019
REPORT_QUERIES = 20  # one for the monthly flows; 19 with one statement each for organisations, community and Dutch practice; 16 with education, leisure and the transit site; 13 before them; was 29, with a loop over every approved performance sheet; 15 before trajectory counselling was one statement
_batches = count()


def _people_and_integration(staff, day: datetime.date) -> None:
    n = next(_batches)
    counsellor = user_create(username=f"queries_counsellor{n}", password="x", roles=["counsellor"])
    CounsellorProfile.objects.create(user=counsellor, fte=Decimal("0.80")).languages.set(["ara", "eng"])
    for index, code in enumerate(["SY", "AF", "ER", "SY"]):
        person = PersonFactory(nationality=code, first_registration_date=day - datetime.timedelta(days=index))
        StatusDecision.objects.create(
            person=person,
            kind=DecisionKind.SETTLEMENT,
            asked_on=day,
            status=TargetGroupStatus.OBLIGATED,
            rule_set="test",
            created_by=staff,
        )
        contract = ContractFactory(signed_on=day, counsellor=counsellor, registration__registered_on=day)
        Certificate.objects.create(contract=contract, issued_on=day + datetime.timedelta(days=200), issued_by=staff)
        DiplomaDossierFactory(opened_on=day, kind=DossierKind.VDAB)
        ExemptionTestFactory(registered_on=day, taken_on=day, result=ExemptionTestResult.PASSED)


def _orientation_and_nt2(staff, day: datetime.date) -> None:
    course = CourseFactory(starts_on=day, language_id="ara")
    parkoer = CourseFactory(starts_on=day, language_id="eng", project=Project.PARKOER)
    n = next(_batches)
    funds = [
        ScholarshipFundFactory(funder=funder, name=f"Fund {funder} {n}") for funder in (Funder.CITY, Funder.FLANDERS)
    ]
    for index, person in enumerate(PersonFactory.create_batch(3, first_registration_date=day)):
        CourseEnrolment.objects.create(
            course=course, person=person, created_by=staff, state=EnrolmentState.ENROLLED, enrolled_on=day
        )
        CourseEnrolment.objects.create(
            course=parkoer,
            person=person,
            created_by=staff,
            state=EnrolmentState.COMPLETED,
            enrolled_on=day,
            completed_on=day,
        )
        conversation = Conversation.objects.create(person=person, held_on=day, staff=staff, **FAST_LEARNER)
        LanguageTest.objects.create(
            person=person, taken_on=day, kind="aptitude", aptitude="fast", conversation=conversation, staff=staff
        )
        module = ModuleFactory(starts_on=day)
        Enrolment.objects.create(person=person, module=module, requested_on=day, status_on=day, created_by=staff)
        ScholarshipFactory(person=person, fund=funds[index % 2], module=module, granted_on=day, granted_by=staff)
        CertificationTest.objects.create(
            person=person, taken_on=day, purpose="nationality", level_tested="A2", staff=staff
        )


def _interpreting(staff, day: datetime.date) -> None:
    for sector, kind in [(Sector.HEALTH, RequestKind.ON_SITE), (Sector.EDUCATION, RequestKind.VIDEO)]:
        organisation = OrganisationFactory(sector=sector)
        AgreementFactory(organisation=organisation, status=AgreementStatus.ACTIVE, starts_on=day)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        request = InterpretingRequestFactory(organisation=organisation, kind=kind, starts_at=starts)
        assignment = AssignmentFactory(request=request, status=AssignmentStatus.CONFIRMED)
        Timesheet.objects.create(
            assignment=assignment,
            actual_start=starts,
            actual_end=starts + datetime.timedelta(minutes=75),
            status=TimesheetStatus.APPROVED,
            submitted_at=starts,
        )
        TranslationOrder.objects.create(
            organisation=organisation,
            requested_by=staff,
            title="Brief",
            kind=TranslationKind.OFFICIAL,
            source_language_id="ara",
            target_language_id="nld",
            pages=3,
            deadline=day,
            status=TranslationStatus.DELIVERED,
            created_at=starts,
            delivered_on=day,
        )


def batch(day: datetime.date) -> None:
    """Records of the year (and the one before) in every table the report reads."""
    staff = UserFactory()
    for when in (day.replace(year=YEAR - 1), day):
        _people_and_integration(staff, when)
        _orientation_and_nt2(staff, when)
        _interpreting(staff, when)


def report_queries() -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        report = annual_report(YEAR)
    return report, len(queries)


def test_the_report_runs_a_fixed_number_of_queries(django_assert_num_queries):
    batch(datetime.date(YEAR, 3, 12))
    with django_assert_num_queries(REPORT_QUERIES):
        first = annual_report(YEAR)
    assert first["tables"]["interpreting_hours"]["total"] == {"hours": 2}  # 75 minutes per kind: 1 hour each
    assert first["tables"]["translation_pages"]["total"] == {"pages": 6}


def test_a_second_batch_of_records_adds_figures_not_queries():
    batch(datetime.date(YEAR, 3, 12))
    first, queries = report_queries()
    batch(datetime.date(YEAR, 9, 23))
    second, more_queries = report_queries()
    assert more_queries == queries == REPORT_QUERIES
    settled = [report["tables"]["newcomers_settled_by_status"]["total"][str(YEAR)] for report in (first, second)]
    assert settled[1] > settled[0]
    assert second["tables"]["interpreting_hours"]["total"] == {
        "hours": 6
    }  # 150 minutes per kind: 2.5, rounded half up to 3
    assert second != first


def test_the_page_s_count_with_its_labels_and_drill_downs_runs_the_same_queries(django_assert_num_queries):
    """What the page keeps (``report_count``: labels, notes, which figures have records behind
    them) reads nothing more than the report: building a drill-down runs no query."""
    from haven.reports.services import report_count

    batch(datetime.date(YEAR, 3, 12))
    with django_assert_num_queries(REPORT_QUERIES):
        counted = report_count(YEAR)
    assert any(counted["drillable"].values())
