"""The annual report through its interfaces: the `report` command, the page and the API."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from haven.accounts.services import api_token_create
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import annual_report

BORN = datetime.date(1985, 5, 5)
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def newcomers(db):
    PersonFactory.create_batch(3, nationality="BG", birth_date=BORN, first_registration_date=datetime.date(2019, 2, 1))
    PersonFactory.create_batch(2, nationality="SY", birth_date=BORN, first_registration_date=datetime.date(2018, 7, 1))
    PersonFactory.create_batch(1, nationality="SY", birth_date=BORN, first_registration_date=datetime.date(2019, 9, 1))


# The command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_command_prints_the_json_report(newcomers):
    out = StringIO()
    call_command("report", "2019", "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == annual_report(2019)
    assert printed["tables"]["newcomers_settled_by_status"]["total"] == {"2019": 4}


@pytest.mark.django_db
def test_report_command_keeps_dutch_names_unescaped(newcomers):
    out = StringIO()
    call_command("report", "2019", stdout=out)
    assert "Syrië" in out.getvalue()


@pytest.mark.django_db
def test_report_command_writes_to_a_file_with_output_option(newcomers, tmp_path):
    target = tmp_path / "report-2019.json"
    out = StringIO()
    call_command("report", "2019", "--format", "json", "-o", str(target), stdout=out, stderr=StringIO())
    assert out.getvalue() == ""
    assert json.loads(target.read_text(encoding="utf-8")) == annual_report(2019)


@pytest.mark.django_db
def test_report_command_refuses_an_impossible_year():
    with pytest.raises(CommandError):
        call_command("report", "19", stdout=StringIO())


@pytest.mark.django_db
def test_report_command_refuses_an_unknown_format():
    with pytest.raises(CommandError):
        call_command("report", "2019", "--format", "docx", stdout=StringIO())


# The page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_manager_sees_the_report_page(manager_client, newcomers):
    response = manager_client.get("/reports/annual/2019/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="newcomers_top20_nationalities"' in html
    assert 'id="newcomers_settled_by_status"' in html
    assert "Bulgarije" in html
    assert 'href="/api/reports/annual/2019"' in html


@pytest.mark.django_db
def test_report_page_is_forbidden_to_a_counsellor(counsellor_client):
    assert counsellor_client.get("/reports/annual/2019/").status_code == 403


@pytest.mark.django_db
def test_report_page_sends_anonymous_visitors_to_login(client):
    response = client.get("/reports/annual/2019/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1999, NEXT_YEAR])
def test_report_page_for_a_year_out_of_range_is_not_found(manager_client, year):
    assert manager_client.get(f"/reports/annual/{year}/").status_code == 404


@pytest.mark.django_db
def test_latest_report_is_last_year(manager_client):
    response = manager_client.get("/reports/annual/")
    assert response.status_code == 302
    assert response.url == f"/reports/annual/{timezone.localdate().year - 1}/"


@pytest.mark.django_db
def test_latest_report_is_forbidden_to_a_counsellor(counsellor_client):
    assert counsellor_client.get("/reports/annual/").status_code == 403


@pytest.mark.django_db
def test_navigation_shows_the_report_to_managers_only(manager_client, counsellor_client):
    assert 'href="/reports/annual/"' in manager_client.get("/").content.decode()
    assert 'href="/reports/annual/"' not in counsellor_client.get("/").content.decode()


# The API ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_gives_the_manager_the_same_report_as_the_command(manager_client, newcomers):
    response = manager_client.get("/api/reports/annual/2019")
    assert response.status_code == 200
    assert response.json() == annual_report(2019)


@pytest.mark.django_db
def test_api_accepts_a_managers_bearer_token(client, manager, newcomers):
    _token, key = api_token_create(user=manager, name="reporting")
    response = client.get("/api/reports/annual/2019", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["year"] == 2019


@pytest.mark.django_db
def test_api_report_is_forbidden_to_a_counsellor(counsellor_client, newcomers):
    response = counsellor_client.get("/api/reports/annual/2019")
    assert response.status_code == 403
    assert "tables" not in response.json()


@pytest.mark.django_db
def test_api_report_is_forbidden_to_a_counsellors_token(client, counsellor):
    _token, key = api_token_create(user=counsellor, name="script")
    response = client.get("/api/reports/annual/2019", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403


@pytest.mark.django_db
def test_api_report_needs_authentication(client):
    assert client.get("/api/reports/annual/2019").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1999, NEXT_YEAR])
def test_api_report_for_a_year_out_of_range_is_not_found(manager_client, year):
    assert manager_client.get(f"/api/reports/annual/{year}").status_code == 404


@pytest.mark.django_db
def test_the_report_page_puts_each_total_under_its_own_column(manager):
    from conftest import logged_in_client
    from haven.integration.models import DiplomaDossier
    from haven.people.tests.factories import PersonFactory

    person = PersonFactory()
    for year, count in ((2018, 3), (2019, 5)):
        for _ in range(count):
            DiplomaDossier.objects.create(person=person, kind="client", opened_on=datetime.date(year, 4, 1))
    page = logged_in_client(manager).get("/reports/annual/2019/").content.decode()
    section = page[page.index('id="diploma_recognition_dossiers"') :]
    section = re.sub(r"</?a\b[^>]*>", "", section[: section.index("</section>")])  # the figures link their records
    assert '<td class="number"><strong>3</strong></td><td class="number"><strong>5</strong></td>' in section


def test_an_inactive_manager_reads_no_report(manager, manager_client):
    from haven.accounts.services import api_token_create

    _token, key = api_token_create(user=manager, name="report export")
    assert manager_client.get("/api/reports/annual/2019", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    assert manager_client.get("/reports/annual/2019/").status_code in (302, 403)
    assert manager_client.get("/api/reports/annual/2019", HTTP_AUTHORIZATION=f"Bearer {key}").status_code in (401, 403)
