"""The civic-integration figures of the annual report each equal the records their
drill-down lists (number or sum), and every section says what it counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from haven.core.models import AccessPurpose
from haven.integration import services
from haven.integration.models import ExemptionTestResult, Registration, StatusDecision
from haven.integration.report import COUNSELLING_LABELS
from haven.integration.tests.test_report_integration import (
    ENTITLED,
    NOT_ELIGIBLE,
    OBLIGATED,
    UNDETERMINED,
    certified,
    counsellor_with,
    exemption_test,
    registered,
    settled,
    signed,
)
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import drill_for, report_sections, report_table, report_words
from haven.reports.testing import cells_without_records

pytestmark = pytest.mark.django_db

YEAR = 2019
SECTIONS = (
    "newcomers_settled_by_status",
    "registrations_by_status",
    "contracts_by_status",
    "trajectory_counselling",
    "diploma_recognition_dossiers",
    "civic_orientation_other",
)
# The averages of the trajectory counselling count no records.
AVERAGES = {
    (report_words(COUNSELLING_LABELS[0]), str(YEAR)),
    (report_words(COUNSELLING_LABELS[2]), str(YEAR)),
}


@pytest.fixture
def world(intake_user, counsellor):
    """A small year of civic integration, with records of the year before and after and
    records the figures leave out (a superseded decision, a not-eligible registration)."""
    for facts, on in (
        (OBLIGATED, datetime.date(2019, 3, 1)),
        (ENTITLED, datetime.date(2019, 4, 1)),
        (NOT_ELIGIBLE, datetime.date(2019, 5, 1)),
        (OBLIGATED, datetime.date(2018, 12, 31)),
    ):
        settled(facts, intake_user, on=on)
    moved = settled(UNDETERMINED, intake_user, on=datetime.date(2019, 6, 1))
    services.facts_save(
        person=moved, values={"belgian_or_dutch_diploma": False}, by=intake_user, purpose=AccessPurpose.REGISTRATION
    )
    services.settlement_decide(person=moved, by=intake_user)  # supersedes the undetermined decision
    for facts, on in ((OBLIGATED, "2018-06-01"), (UNDETERMINED, "2019-02-01"), (NOT_ELIGIBLE, "2019-03-01")):
        registered(facts, intake_user, on=datetime.date.fromisoformat(on))
    helper = counsellor_with(["ara"], fte="0.50")
    signed(intake_user, on=datetime.date(2019, 5, 1), counsellor=helper)
    signed(intake_user, on=datetime.date(2018, 5, 1), facts=ENTITLED)
    certified(intake_user, signed_on=datetime.date(2018, 1, 1), issued_on=datetime.date(2019, 7, 1), counsellor=helper)
    certified(intake_user, signed_on=datetime.date(2019, 1, 1), issued_on=datetime.date(2020, 1, 2))
    for kind, opened_on in (("client", "2018-03-01"), ("vdab", "2019-05-01"), ("non_client", "2019-09-01")):
        services.diploma_dossier_create(
            person=PersonFactory(), kind=kind, opened_on=datetime.date.fromisoformat(opened_on), by=counsellor
        )
    exemption_test(counsellor, "2019-02-01", ExemptionTestResult.PASSED, "2019-03-01")
    exemption_test(counsellor, "2019-02-01", ExemptionTestResult.FAILED, "2019-03-01")
    exemption_test(counsellor, "2018-12-01", ExemptionTestResult.PASSED, "2019-01-10")
    return moved


@pytest.mark.parametrize("key", SECTIONS)
def test_every_figure_equals_its_records(world, key):
    [section] = [section for section in report_sections() if section.key == key]
    figures = [cell for row in report_table(section, YEAR).rows for cell in row[1:] if isinstance(cell, int)]
    assert sum(figures) > 0  # the world gives each section figures to hold
    assert cells_without_records(key, YEAR, not_counts=AVERAGES) == []
    assert cells_without_records(key, YEAR + 1, not_counts={(label, str(YEAR + 1)) for label, _ in AVERAGES}) == []


def test_a_superseded_settlement_decision_is_not_behind_the_figures(world):
    drill = drill_for("newcomers_settled_by_status", YEAR, ["onbepaald", 0], str(YEAR))
    assert drill is not None and drill.person == "person_id"
    assert world.pk not in set(drill.records.values_list("person_id", flat=True))
    obliged = drill_for("newcomers_settled_by_status", YEAR, ["verplicht", 2], str(YEAR))
    assert obliged is not None
    assert world.pk in set(obliged.records.values_list("person_id", flat=True))
    assert StatusDecision.objects.filter(person=world).count() == 2


def test_the_registrations_total_leaves_out_the_not_eligible(world):
    drill = drill_for("registrations_by_status", YEAR, [YEAR, 0, 0, 1, 1], "totaal")
    assert drill is not None
    statuses = list(drill.records.values_list("status", flat=True))
    assert "niet in aanmerking" not in statuses
    assert Registration.objects.filter(registered_on__year=YEAR, status="niet in aanmerking").exists()


def test_averages_and_the_year_column_have_no_records(world):
    assert drill_for("trajectory_counselling", YEAR, [report_words(COUNSELLING_LABELS[0]), 4], str(YEAR)) is None
    assert drill_for("registrations_by_status", YEAR, [YEAR, 0, 0, 1, 1], "year") is None


def test_a_drill_down_is_built_without_a_query(world):
    with CaptureQueriesContext(connection) as queries:
        for key in SECTIONS:
            drill_for(key, YEAR, None, str(YEAR))
        drill_for("diploma_recognition_dossiers", YEAR, [report_words("Doorverwijzing via VDAB"), 0, 1], str(YEAR))
    assert len(queries) == 0


def test_the_averages_are_impersonal(world):
    [section] = [section for section in report_sections() if section.key == "trajectory_counselling"]
    table = section.build(YEAR)
    assert table.impersonal_rows == {label for label, _ in AVERAGES}


def test_each_section_says_what_it_counts():
    definitions = {section.key: section.definition for section in report_sections() if section.key in SECTIONS}
    with translation.override("en"):
        assert {key: bool(str(definition).strip()) for key, definition in definitions.items()} == dict.fromkeys(
            SECTIONS, True
        )
        assert "signed" in str(definitions["contracts_by_status"])
