"""The report's statements are compiled once (registry.statement_rows, through
haven.core.statements) and give what the ORM gives when it builds and runs them afresh:
every statement, every section's counts, both years, in two time zones; a compiled
statement reads the records as they are now."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from haven.core import statements
from haven.reports import registry
from haven.reports.tests.test_report_queries import REPORT_QUERIES, YEAR, batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    statements.compiled_forget()
    batch(datetime.date(YEAR, 3, 12))
    yield
    statements.compiled_forget()


def _fresh_counts(key: str, year: int) -> dict:
    parts = [part for parts_for in registry._count_parts[key] for part in parts_for(year)]
    return {(name, group): count for part in parts for name, group, count in part}


@pytest.mark.parametrize("zone", ["Europe/Brussels", "Pacific/Kiritimati"])
@pytest.mark.parametrize("year", [YEAR - 1, YEAR])
def test_every_compiled_statement_reads_what_the_orm_reads(records, zone, year):
    assert len(registry.report_statements()) >= 9
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for statement in registry.report_statements():
            fresh = [tuple(row) if isinstance(row, tuple) else (row,) for row in statement.build(year)]
            assert statement(year) == fresh, statement.__name__
            assert statement(year) == fresh, statement.__name__  # the second time from the kept SQL
        for key in registry._count_parts:
            counted = registry.section_counts(key, year)
            assert counted == _fresh_counts(key, year), key
            assert counted, key


def test_a_kept_statement_is_not_compiled_again(records, monkeypatch, django_assert_num_queries):
    first = registry.annual_report(YEAR)
    monkeypatch.setattr(statements, "_compile", lambda queryset, **kwargs: pytest.fail("built and compiled again"))
    with django_assert_num_queries(REPORT_QUERIES):
        again = registry.annual_report(YEAR)
    assert again == first


def test_each_year_and_time_zone_has_its_own_statement(records):
    registry.annual_report(YEAR)
    registry.annual_report(YEAR - 1)
    with timezone.override(zoneinfo.ZoneInfo("UTC")):
        registry.annual_report(YEAR)
    years_and_zones = {(year, zone) for _report, _name, year, zone in statements.compiled_keys()}
    assert years_and_zones == {(YEAR, "Europe/Brussels"), (YEAR - 1, "Europe/Brussels"), (YEAR, "UTC")}


def test_a_kept_statement_counts_the_records_as_they_are_now(records):
    before = registry.annual_report(YEAR)["tables"]
    batch(datetime.date(YEAR, 9, 23))
    after = registry.annual_report(YEAR)["tables"]
    for key in ("newcomers_settled_by_status", "interpreting_hours", "trajectory_counselling", "dutch_second_language"):
        assert after[key] != before[key], key
