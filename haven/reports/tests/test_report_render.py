"""The report page shows the year's kept render, counted by a background job (issue 12,
items 2 and 6): a first visit counts it (in-process in the tests), later visits read it
without counting, a stale render or "Recalculate" counts it again, and at most one job
counts a year and language at a time."""

import datetime
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from haven.integration.models import DiplomaDossier
from haven.jobs.models import Job, JobState
from haven.people.tests.factories import PersonFactory
from haven.reports.models import ReportRender
from haven.reports.registry import annual_report
from haven.reports.services import RENDER_KIND, render_start

pytestmark = pytest.mark.django_db

PAGE = "/reports/annual/2019/"
DOSSIERS = "diploma_recognition_dossiers"
# A visit with a fresh kept render: session, user, the two-factor devices (2), the
# permission check (user and group permissions), the render with its job (one query), the
# user's groups (the navigation), the years that have records (the menu) and the sections'
# texts (one query). No report aggregate, however many records.
PAGE_QUERIES = 10


def _dossiers(count: int) -> None:
    person = PersonFactory()
    for _ in range(count):
        DiplomaDossier.objects.create(person=person, kind="client", opened_on=datetime.date(2019, 4, 1))


def _dossier_total(client) -> str:
    return _section(client.get(PAGE).content.decode(), DOSSIERS)


def _age(minutes: int) -> None:
    ReportRender.objects.update(computed_at=timezone.now() - timedelta(minutes=minutes))


def test_a_first_visit_counts_the_report_and_keeps_it(manager, manager_client):
    _dossiers(2)
    response = manager_client.get(PAGE)
    assert response.status_code == 200
    render = ReportRender.objects.get(year=2019, language="nl")
    assert render.asked_by == manager
    assert render.job.kind == RENDER_KIND and render.job.state == JobState.DONE
    assert render.report["tables"] == annual_report(2019)["tables"]  # the API's figures, kept
    assert render.report["column_labels"]
    # The charts are drawn with the render, not on each visit.
    assert "<svg" in render.report["charts"]["newcomers_settled_by_status"][0]["svg"]
    html = response.content.decode()
    assert 'id="report-as-of"' in html
    assert f'id="{DOSSIERS}"' in html


def test_a_visit_with_a_fresh_render_counts_nothing(manager_client, django_assert_num_queries):
    manager_client.get(PAGE)
    _dossiers(3)  # more records do not add queries: the page reads the kept render
    with django_assert_num_queries(PAGE_QUERIES):
        response = manager_client.get(PAGE)
    assert response.status_code == 200
    assert Job.objects.count() == 1


def test_kept_figures_are_shown_with_their_time_until_they_are_too_old(manager_client):
    _dossiers(2)
    assert "<strong>2</strong>" in _dossier_total(manager_client)
    _dossiers(3)
    assert "<strong>2</strong>" in _dossier_total(manager_client)  # kept: figures as of the first visit
    _age(settings.HAVEN_REPORT_MAX_AGE + 1)
    assert "<strong>5</strong>" in _dossier_total(manager_client)  # too old: this visit counted again
    assert Job.objects.count() == 2


def test_old_figures_say_so(manager_client, settings):
    settings.HAVEN_REPORT_MAX_AGE = 15
    manager_client.get(PAGE)
    _age(16)
    ReportRender.objects.update(job=None)  # as if its job were pruned; a running one is faked below
    job = Job.objects.create(kind=RENDER_KIND, title="x", state=JobState.RUNNING, started_by=None)
    ReportRender.objects.update(job=job)
    html = manager_client.get(PAGE).content.decode()
    assert "meer dan 15 minuten oud" in html  # Dutch, the default interface language
    assert 'id="report-render"' in html and "hx-get" in html  # the new count's progress
    assert Job.objects.filter(kind=RENDER_KIND).exclude(state=JobState.DONE).count() == 1


def test_recalculate_counts_again_at_once(manager_client):
    _dossiers(2)
    manager_client.get(PAGE)
    _dossiers(3)
    response = manager_client.post("/reports/annual/2019/recalculate/", follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "<strong>5</strong>" in _dossier_total(manager_client)
    assert Job.objects.count() == 2


def test_recalculate_is_post_only(manager_client):
    assert manager_client.get("/reports/annual/2019/recalculate/").status_code == 405


def test_at_most_one_job_counts_a_year_and_language(manager, manager_client, database_tasks):
    """Tasks wait for a worker here: fifty visits to a report without figures start one job."""
    for _ in range(50):
        response = manager_client.get(PAGE)
        assert response.status_code == 200
    assert Job.objects.filter(kind=RENDER_KIND).count() == 1
    render_start(year=2019, language="nl", by=manager, again=True)  # Recalculate while it waits
    assert Job.objects.filter(kind=RENDER_KIND).count() == 1
    html = response.content.decode()
    assert 'id="report-render"' in html and "?shown=0" in html
    assert 'id="report-as-of"' not in html


def test_another_language_has_its_own_render(manager_client):
    manager_client.get(PAGE)
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    manager_client.get(PAGE)
    assert set(ReportRender.objects.values_list("language", flat=True)) == {"nl", "en"}


def test_the_progress_partial_reloads_a_page_without_figures_when_they_are_there(manager, manager_client):
    render_start(year=2019, language="nl", by=manager)  # counted in-process
    response = manager_client.get("/reports/annual/2019/render/?shown=0", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    newer = manager_client.get("/reports/annual/2019/render/?shown=1", HTTP_HX_REQUEST="true")
    assert newer.status_code == 200
    assert 'href="/reports/annual/2019/"' in newer.content.decode()


def test_the_progress_partial_refuses_bad_input(manager_client):
    assert manager_client.get("/reports/annual/2019/render/?shown=yes").status_code == 400
    assert manager_client.get("/reports/annual/1999/render/").status_code == 404


def test_a_failed_render_is_not_tried_again_on_every_visit(manager_client):
    job = Job.objects.create(kind=RENDER_KIND, title="x", state=JobState.FAILED, message="Broken.")
    ReportRender.objects.create(year=2019, language="nl", job=job)
    html = manager_client.get(PAGE).content.decode()
    assert "Broken." in html
    assert Job.objects.count() == 1
    Job.objects.update(created_at=timezone.now() - timedelta(minutes=settings.HAVEN_REPORT_MAX_AGE + 1))
    manager_client.get(PAGE)
    assert Job.objects.count() == 2


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", PAGE), ("get", "/reports/annual/2019/render/"), ("post", "/reports/annual/2019/recalculate/")],
)
def test_a_counsellor_may_not_read_or_count_the_report(counsellor_client, method, url):
    assert getattr(counsellor_client, method)(url).status_code == 403
    assert not ReportRender.objects.exists()


def _section(html: str, key: str) -> str:
    """A section of the page as its table and sentences read: without its definition, its
    charts (whose data tables repeat the figures) and the links on its figures."""
    section = html[html.index(f'id="{key}"') :]
    section = section[: section.index("</section>")]
    section = re.sub(r'<p class="definition">.*?</p>|<figure\b.*?</figure>', "", section, flags=re.S)
    return re.sub(r"</?a\b[^>]*>", "", section)


def test_row_labels_follow_the_interface_language_and_the_figures_keep_the_reports_words(manager_client):
    _dossiers(2)
    dutch = manager_client.get(PAGE).content.decode()
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = manager_client.get(PAGE).content.decode()

    for key, report_words, reader_words in [
        (DOSSIERS, "Begeleiding inburgeraars", "Guidance of civic integration clients"),
        ("interpreting_users_by_sector", "Gezondheid", "Health"),
        ("interpreting_hours", "Tolken voor een gesprek, via webcam", "Interpreting for a conversation, by video"),
        ("dutch_second_language", "Personen op intakegesprek", "People at an intake conversation"),
        ("trajectory_counselling", "Behaalde inburgeringsattesten", "Civic integration certificates obtained"),
    ]:
        assert report_words in _section(dutch, key) and reader_words not in _section(dutch, key), key
        assert reader_words in _section(english, key) and report_words not in _section(english, key), key
    # The further figures are sentences in the reader's words, not the JSON's keys.
    sectors = _section(english, "interpreting_users_by_sector")
    assert "Cooperation agreements: 0" in sectors and "cooperation_agreements" not in sectors
    assert "Samenwerkingsovereenkomsten: 0" in _section(dutch, "interpreting_users_by_sector")
    # The figures (the API's, the JSON's) name their rows in the report's words in both renders.
    for render in ReportRender.objects.filter(year=2019):
        rows = render.report["tables"][DOSSIERS]["rows"]
        assert [row[0] for row in rows] == [
            "Begeleiding inburgeraars",
            "Begeleiding niet-inburgeraars",
            "Doorverwijzing via VDAB",
        ]
        assert render.report["tables"] == annual_report(2019)["tables"]


def test_countries_are_named_in_the_readers_language(manager_client):
    PersonFactory(nationality="SY", first_registration_date=datetime.date(2019, 3, 1))
    dutch = _section(manager_client.get(PAGE).content.decode(), "newcomers_top20_nationalities")
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _section(manager_client.get(PAGE).content.decode(), "newcomers_top20_nationalities")
    assert "Syrië" in dutch and "Syria" in english and "Syrië" not in english


def test_figures_are_right_aligned_and_labels_and_years_are_not(manager_client):
    _dossiers(2)
    section = _section(manager_client.get(PAGE).content.decode(), DOSSIERS)

    heads = re.findall(r"<th scope=\"col\"( class=\"number\")?>", section)
    assert heads[0] == "" and heads[1:] and all(heads[1:]), heads
    assert re.search(r'<td class="number">2</td>', section)
    assert re.search(r"<td>Begeleiding inburgeraars</td>", section)
