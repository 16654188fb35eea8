"""The annual report's charts (server-side SVG, haven.reports.charts) and the monthly flows
they draw (``monthly_flows``: people, integration and interpreting rows)."""

import copy
import datetime
import json
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from haven.accounts.tests.factories import UserFactory
from haven.demo.figures import seed_report
from haven.integration.models import TargetGroupStatus
from haven.integration.report import MONTHLY_LABELS
from haven.integration.tests.factories import ContractFactory, RegistrationFactory
from haven.interpreting.models import AssignmentStatus, RequestKind, Timesheet, TimesheetStatus
from haven.interpreting.report import MONTHLY_HOURS
from haven.interpreting.tests.factories import AssignmentFactory, InterpretingRequestFactory
from haven.people.report import MONTHLY_SETTLED
from haven.people.tests.factories import PersonFactory
from haven.reports.charts import CHARTS, document_charts, number
from haven.reports.document import report_document
from haven.reports.drilldown import drill_rows
from haven.reports.registry import drill_for, report_sections, report_table, report_words
from haven.reports.services import report_count
from haven.reports.testing import cells_without_records

YEAR = 2019
SVG = "{http://www.w3.org/2000/svg}"


# --- the monthly flows ---------------------------------------------------------------------


def _sheet(day: datetime.date, kind: str, minutes: int) -> None:
    """An approved performance sheet of a job of ``kind`` starting at 10:00 on ``day``."""
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    assignment = AssignmentFactory(
        request=InterpretingRequestFactory(kind=kind, starts_at=starts), status=AssignmentStatus.CONFIRMED
    )
    Timesheet.objects.create(
        assignment=assignment,
        actual_start=starts,
        actual_end=starts + datetime.timedelta(minutes=minutes),
        status=TimesheetStatus.APPROVED,
        submitted_at=starts,
    )


def _flows(minutes: tuple[int, ...]) -> None:
    """Newcomers, registrations, contracts and interpreting jobs spread over the months of the
    year (and a few in the years around it, which no month counts)."""
    staff = UserFactory()
    days = [datetime.date(YEAR, month, 1 + (month * 3) % 27) for month in (1, 2, 2, 5, 7, 7, 7, 10, 12)]
    for index, day in enumerate(days):
        person = PersonFactory(first_registration_date=day)
        status = (TargetGroupStatus.OBLIGATED, TargetGroupStatus.ENTITLED, TargetGroupStatus.NOT_ELIGIBLE)[index % 3]
        registration = RegistrationFactory(person=person, registered_on=day, status=status, created_by=staff)
        if index % 2 == 0:
            ContractFactory(registration=registration, signed_on=day + datetime.timedelta(days=20))
        kind = (RequestKind.ON_SITE, RequestKind.VIDEO, RequestKind.GROUP_CONVERSATION)[index % 3]
        _sheet(day, kind, minutes[index % len(minutes)])
    PersonFactory(first_registration_date=datetime.date(YEAR - 1, 12, 31))
    _sheet(datetime.date(YEAR + 1, 1, 1), RequestKind.ON_SITE, 60)


def _monthly_table():
    return report_table(next(section for section in report_sections() if section.key == "monthly_flows"), YEAR)


def _monthly(report: dict) -> dict[str, list[int]]:
    return {row[0]: row[1:] for row in report["tables"]["monthly_flows"]["rows"]}


@pytest.mark.django_db
def test_each_flow_s_months_add_up_to_its_yearly_figure():
    _flows((75, 50, 100, 45))  # minutes that round: the months still add up to the year
    report = report_count(YEAR)
    tables, rows = report["tables"], _monthly(report)
    assert report["column_labels"]["monthly_flows"][1] in {"jan", "Jan"}
    assert list(rows) == [report_words(label) for label in (MONTHLY_SETTLED, *MONTHLY_LABELS.values(), MONTHLY_HOURS)]
    settled, registrations, contracts, hours = rows.values()
    assert sum(settled) == tables["newcomers_settled_by_status"]["total"][str(YEAR)] == 9
    assert settled[1] == 2 and settled[6] == 3 and settled[2] == 0
    assert sum(registrations) == tables["registrations_by_status"]["rows"][1][-1] == 6  # not eligible: no registration
    assert sum(contracts) == tables["contracts_by_status"]["rows"][1][-1]
    assert sum(hours) == tables["interpreting_hours"]["total"]["hours"]
    assert report["impersonal"]["monthly_flows"]["rows"] == [report_words(MONTHLY_HOURS)]


@pytest.mark.django_db
def test_the_monthly_flows_are_one_statement():
    _flows((60,))
    section = next(section for section in report_sections() if section.key == "monthly_flows")
    report_table(section, YEAR)  # compiled once per process: the count below is the run's
    with CaptureQueriesContext(connection) as queries:
        table = report_table(section, YEAR)
    assert len(queries) == 1
    assert table.columns == ["flow", *[str(month) for month in range(1, 13)]]


@pytest.mark.django_db
def test_every_month_s_figure_has_its_records():
    _flows((75, 50, 100, 45))  # each sheet's share of the rounded hours: they add up exactly
    assert cells_without_records("monthly_flows", YEAR) == []
    hours_row = next(row for row in _monthly_table().rows if row[0] == report_words(MONTHLY_HOURS))
    drill = drill_for("monthly_flows", YEAR, hours_row, "7")
    listed = drill_rows(drill)  # as the records page lists them: counted, paged, each with its value
    assert listed.count() == 3 and sum(record.value for record in listed[:10]) == hours_row[7]


@pytest.mark.django_db
def test_a_year_without_flows_has_zero_months():
    rows = _monthly(report_count(YEAR))
    assert rows and all(figures == [0] * 12 for figures in rows.values())


# --- the charts ------------------------------------------------------------------------------


def _seed_document(language: str = "nl") -> dict:
    """A document in the shape of ``report_document`` made from the seed's tables, with a
    monthly section: no database needed, the figures the report printed."""
    tables = seed_report()["tables"]
    sections = [
        {
            "key": key,
            "title": table.get("title_nl", key),
            "columns": table["columns"],
            "headings": table["columns"],
            "rows": table["rows"],
            "labels": [row[0] for row in table["rows"]],
        }
        for key, table in tables.items()
        if "columns" in table
    ]
    months = [str(month) for month in range(1, 13)]
    flows = [
        [label, *[100 + (index * 37 + month * 11) % 400 for month in range(12)]] for index, label in enumerate("abcd")
    ]
    sections.append(
        {
            "key": "monthly_flows",
            "title": "Belangrijkste stromen per maand",
            "columns": ["flow", *months],
            "headings": ["stroom", *months],
            "rows": flows,
            "labels": [row[0] for row in flows],
        }
    )
    return {"year": YEAR, "language": language, "sections": sections}


def _charted(document: dict) -> dict:
    document = copy.deepcopy(document)
    document_charts(document)
    return document


def _all_charts(document: dict) -> list[tuple[dict, dict]]:
    return [(section, chart) for section in document["sections"] for chart in section["charts"]]


def _figures(chart: dict) -> list:
    return [cell for row in chart["rows"] for cell in row[1:]]


def test_every_chart_is_an_svg_image_with_a_title_and_no_script():
    document = _charted(_seed_document())
    charted = {section["key"] for section, _chart in _all_charts(document)}
    assert charted == set(CHARTS)
    for _section, chart in _all_charts(document):
        root = ElementTree.fromstring(chart["svg"])
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img" and root.get("aria-label") == chart["title"]
        assert root.find(f"{SVG}title").text == chart["title"]
        assert not list(root.iter(f"{SVG}script")) and "<script" not in chart["svg"]
        assert not list(root.iter(f"{SVG}style")), "inline styles are refused by the page's CSP"
        assert "style=" not in chart["svg"] and " id=" not in chart["svg"] and "<!--" not in chart["svg"]


def test_a_chart_s_table_holds_every_figure_of_its_section():
    document = _charted(_seed_document())
    for section in document["sections"]:
        charts = section["charts"]
        if not charts:
            continue
        in_tables = [figure for chart in charts for figure in _figures(chart)]
        drawn_columns = {heading for chart in charts for heading in chart["headings"][1:]}
        for row in section["rows"]:
            for column, cell in zip(section["headings"], row, strict=False):
                if column in drawn_columns:
                    assert cell in in_tables, (section["key"], column, cell)
        for chart in charts:
            assert len(chart["rows"]) == len(section["rows"])
            assert [row[0] for row in chart["rows"]] == [
                label if isinstance(label, str) else next(c for c in row if isinstance(c, str))
                for label, row in zip(section["labels"], section["rows"], strict=True)
            ]


def test_the_top20_chart_draws_both_years_and_the_hours_every_kind():
    document = _charted(_seed_document())
    charts = {section["key"]: section["charts"] for section in document["sections"]}
    top = charts["newcomers_top20_nationalities"][0]
    assert top["headings"] == ["nationality_nl", "2018", "2019"]
    assert top["rows"][0] == ["Bulgarije", 818, 922]
    assert [chart["headings"][1:] for chart in charts["civic_orientation_by_language"]] == [
        ["courses_2018", "courses_2019"],
        ["participants_2018", "participants_2019"],
    ]
    assert [row[1] for row in charts["interpreting_hours"][0]["rows"]] == [3983, 408, 20, 557]
    assert "3.983" in charts["interpreting_hours"][0]["svg"]  # Belgian Dutch figures


def test_the_same_document_gives_the_same_bytes():
    first, second = _charted(_seed_document()), _charted(_seed_document())
    assert [chart["svg"] for _s, chart in _all_charts(first)] == [chart["svg"] for _s, chart in _all_charts(second)]
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_numbers_follow_the_document_s_language():
    with translation.override("nl"):
        assert number(4742) == "4.742" and number(1200.0) == "1.200"
    with translation.override("en"):
        assert number(4742) == "4,742"
    english = _charted(_seed_document("en"))
    hours = next(section for section in english["sections"] if section["key"] == "interpreting_hours")
    assert "3,983" in hours["charts"][0]["svg"]


def test_a_section_without_rows_or_without_a_chart_has_an_empty_list():
    document = _seed_document()
    for section in document["sections"]:
        if section["key"] == "interpreting_hours":
            section["rows"], section["labels"] = [], []
    document = _charted(document)
    charts = {section["key"]: section["charts"] for section in document["sections"]}
    assert charts["interpreting_hours"] == []
    assert charts["translation_pages"] == []  # rows, but no chart


def test_a_suppressed_figure_is_not_drawn_but_kept_in_the_table():
    document = _seed_document()
    hours = next(section for section in document["sections"] if section["key"] == "interpreting_hours")
    hours["rows"][2][1] = None
    chart = _charted(document)["sections"][document["sections"].index(hours)]["charts"][0]
    assert chart["rows"][2] == [hours["rows"][2][0], None]
    ElementTree.fromstring(chart["svg"])


@pytest.mark.django_db
def test_a_counted_report_s_document_is_charted_and_rendered_with_its_tables(english):
    _flows((60,))
    document = report_document(report_count(YEAR), language="en")
    document_charts(document)
    sections = {section["key"]: section for section in document["sections"]}
    monthly = sections["monthly_flows"]["charts"][0]
    assert monthly["headings"][1:4] == ["jan", "feb", "mar"]
    assert [row[1:] for row in monthly["rows"]] == [row[1:] for row in sections["monthly_flows"]["rows"]]
    html = render_to_string("reports/_charts.html", {"charts": sections["monthly_flows"]["charts"]})
    assert html.count("<figure") == 1 and "<table" in html and 'role="img"' in html
    assert "Main flows per month" in html
