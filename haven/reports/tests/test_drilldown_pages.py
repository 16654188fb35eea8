"""From a figure of the report to the records behind it: the page links the figures that
have records, the privacy officer (who may open anyone) reads as many records as the figure
says, each person traced; the manager reads the figure and its definition, not the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.core.models import AccessAction, AccessLogEntry
from haven.people.tests.factories import PersonFactory
from haven.reports.services import render_keep, report_count
from haven.transit_site.tests.factories import LessonDaysFactory, SiteFactory, StayFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 6, 3)
URL = "/reports/annual/2019/transit_site/records/"
FAMILIES = "?row=1&column=2019"  # the second row: the families who stayed


@pytest.fixture
def stays():
    site = SiteFactory(places=25)
    LessonDaysFactory(site=site)
    return [StayFactory(site=site, arrival=DAY + datetime.timedelta(days=7 * week)) for week in range(3)]


def test_the_privacy_officer_reads_as_many_families_as_the_figure_each_traced(
    stays, english, privacy_officer, privacy_officer_client
):
    response = privacy_officer_client.get(URL + FAMILIES)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<strong id="figure">3</strong>' in page and "3 records behind this figure." in page
    for stay in stays:
        assert str(stay.head) in page
    traced = AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.LIST)
    assert sorted(traced.values_list("person_id", flat=True)) == sorted(stay.head_id for stay in stays)


def test_the_manager_reads_the_figure_and_its_definition_not_the_list(stays, english, manager, manager_client):
    page = manager_client.get(URL + FAMILIES).content.decode()
    assert '<strong id="figure">3</strong>' in page and "heads of family" in page
    assert "only for a role that may read them" in page
    assert all(str(stay.head) not in page for stay in stays)
    assert not AccessLogEntry.objects.filter(user=manager).exists()


def test_a_figure_that_counts_no_records_says_so(stays, english, privacy_officer_client):
    page = privacy_officer_client.get(URL + "?row=0&column=2019").content.decode()  # the capacity
    assert "not a count of records" in page


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("?row=1", 400),
        ("?row=99&column=2019", 404),
        ("?row=x&column=2019", 404),
        ("?row=1&column=label", 404),
    ],
)
def test_a_cell_that_is_not_a_figure_is_refused(stays, privacy_officer_client, query, status):
    assert privacy_officer_client.get(URL + query).status_code == status


def test_an_unknown_section_is_not_found(privacy_officer_client):
    assert privacy_officer_client.get("/reports/annual/2019/nothing/records/?row=0&column=2019").status_code == 404


def test_the_list_runs_the_same_queries_for_one_family_or_many(english, privacy_officer_client):
    site = SiteFactory(places=25)
    LessonDaysFactory(site=site)
    StayFactory(site=site, arrival=DAY)
    with CaptureQueriesContext(connection) as one:
        privacy_officer_client.get(URL + FAMILIES)
    StayFactory.create_batch(6, site=site, arrival=DAY)
    with CaptureQueriesContext(connection) as seven:
        assert "7 records behind this figure." in privacy_officer_client.get(URL + FAMILIES).content.decode()
    assert len(seven) == len(one)


def test_the_report_page_links_the_figures_that_have_records(stays, manager, manager_client):
    render_keep(year=2019, language="nl", report=report_count(2019), by=manager)
    page = manager_client.get("/reports/annual/2019/").content.decode()
    assert 'href="/reports/annual/2019/transit_site/records/?row=1&amp;column=2019"' in page
    assert 'href="/reports/annual/2019/transit_site/records/?row=0&amp;column=2019"' not in page  # the capacity


def test_the_report_opens_on_the_last_complete_year_with_records(manager_client):
    PersonFactory(first_registration_date=datetime.date(2017, 3, 1))
    PersonFactory(first_registration_date=datetime.date(2019, 3, 1))
    response = manager_client.get("/reports/annual/")
    assert response.status_code == 302 and response["Location"] == "/reports/annual/2019/"
    page = manager_client.get("/reports/annual/2019/").content.decode()
    assert '<option value="/reports/annual/2017/"' in page and '<option value="/reports/annual/2016/"' not in page
    assert '<option value="/reports/annual/2018/"' in page  # a year of zeros between two with records


def test_the_report_prefers_the_last_year_every_main_flow_has_records(monkeypatch):
    """The demo's present has a few newcomers and registrations in 2025 but no course or
    interpreting job: the report opens on 2019, the last year of the whole report."""
    from haven.reports import views
    from haven.reports.registry import ReportYears

    monkeypatch.setattr(views, "report_years", lambda: ReportYears(any=[2025, 2019, 2018], every=[2019]))
    assert views.latest_year() == 2019
    monkeypatch.setattr(views, "report_years", lambda: ReportYears(any=[2025, 2019], every=[]))
    assert views.latest_year() == 2025
    monkeypatch.setattr(views, "report_years", lambda: ReportYears(any=[], every=[]))
    assert views.latest_year() == views.timezone.localdate().year - 1
