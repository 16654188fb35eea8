"""The annual report's exports (haven.reports.exports): every figure of the document is in
the PDF, the workbook and the CSV as each prints it; the same document gives the same bytes;
a published document hides its suppressed cells; the page's buttons start a job whose file
only its starter downloads; the command writes each format."""

import copy
import csv
import datetime
import io
import json
import re
import time
import zipfile
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from haven.demo.figures import seed_report as demo_seed_report
from haven.jobs.models import Job, JobState
from haven.people.tests.factories import PersonFactory
from haven.reports.document import report_document
from haven.reports.exports import export_filename, render_csv, render_csv_zip, render_json, render_xlsx
from haven.reports.exports.cells import figure_text, hidden_legend, internal_notice, plain_text, trend_word
from haven.reports.exports.pdf import pdf_html, render_pdf
from haven.reports.exports.services import EXPORT_KIND, exports_prune
from haven.reports.registry import report_sections

NOT_TABLE = ("title_nl", "note")  # the seed's own comments, not figures
HIDDEN_FIGURE = 9871  # a figure no other cell of the seed has, to hide in a published document


def seed_report() -> dict[str, Any]:
    """The seed's 18 tables as ``report_count`` gives them (a table of label and figure rows
    has the columns the sections give it)."""
    tables = {}
    for key, table in demo_seed_report()["tables"].items():
        table = {name: value for name, value in table.items() if name not in NOT_TABLE}
        table.setdefault("columns", ["label", "value"])
        tables[key] = table
    return {"year": 2019, "tables": tables}


def seed_document(language: str = "nl") -> dict[str, Any]:
    narrative = {"transit_site": "Eerste alinea.\nTweede regel met <b>geen HTML</b>."}
    with translation.override(language):
        return report_document(seed_report(), language=language, narrative=narrative)


def is_figure(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def figures_of(document: dict[str, Any]) -> list[tuple[str, int, str, Any]]:
    """Every figure of the JSON export, as (section, row index or -1 for totals, column, value)."""
    data = json.loads(render_json(document))
    found = []
    for section in data["sections"]:
        for index, row in enumerate(section["rows"]):
            found += [
                (section["key"], index, column, value)
                for column, value in zip(section["columns"], row, strict=False)
                if is_figure(value) and column != "year"
            ]
        found += [(section["key"], -1, column, value) for column, value in (section["total"] or {}).items()]
    return found


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return seed_document()


@pytest.fixture(scope="module")
def pdf_text(document) -> str:
    """The PDF of the seed's report as pypdf reads it back (rendered once: it takes seconds)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(document))).pages)


# Every figure, in every format -----------------------------------------------------------


def test_the_seed_document_has_the_report_s_18_tables(document):
    assert len(document["sections"]) == 18
    assert len(figures_of(document)) > 200


def test_pdf_prints_every_figure_of_the_json_in_belgian_format(document, pdf_text):
    tokens = Counter(pdf_text.split())
    wanted = Counter(figure_text(value, "nl") for _key, _row, _column, value in figures_of(document))
    assert wanted - tokens == Counter()
    assert "4.742" in tokens  # the settled total, with the Belgian thousands separator
    assert "4742" not in tokens


def test_pdf_prints_each_row_s_cells_in_order(document, pdf_text):
    """Beyond the figures being somewhere: each row's cells after its label follow one
    another in the page's text, as printed (years as years, arrows for the trend)."""
    arrows = {"up": "▲", "down": "▼", "equal": "="}
    for section in document["sections"]:
        for row in section["rows"]:
            cells = []
            for column, value in list(zip(section["columns"], row, strict=False))[1:]:
                if column == "year":
                    cells.append(str(value))
                elif column == "trend":
                    cells.append(arrows[value])
                else:
                    cells.append(figure_text(value, "nl") if is_figure(value) else str(value))
            pattern = r"\s+".join(re.escape(cell) for cell in cells)
            assert re.search(rf"(^|\s){pattern}(\s|$)", pdf_text), (section["key"], row)


def test_pdf_has_cover_contents_narrative_definitions_and_the_internal_notice(document, pdf_text):
    with translation.override("nl"):
        notice = internal_notice()
    assert "IN-Gent vzw" in pdf_text
    assert notice in pdf_text.replace("\n", " ")
    assert "Eerste alinea." in pdf_text and "<b>geen HTML</b>" in pdf_text  # escaped, printed as written
    for section in document["sections"]:
        assert section["title"] in pdf_text
        first_words = " ".join(section["definition"].split()[:3])
        assert first_words in " ".join(pdf_text.split()), section["key"]
    # The contents give each section's page: a title, a leader of dots, a number.
    assert re.search(r"\.{5,}\s*\d+", pdf_text)


def test_years_are_not_formatted_as_numbers(document, pdf_text):
    tokens = set(pdf_text.split())
    assert "2018" in tokens and "2019" in tokens
    assert "2.019" not in tokens and "2.018" not in tokens


def test_workbook_holds_every_figure_as_a_number_under_frozen_headings(document):
    workbook = load_workbook(io.BytesIO(render_xlsx(document)))
    assert workbook.sheetnames[0] == "Contents" or workbook.sheetnames[0] == "Inhoud"
    sheets = workbook.worksheets[1:]
    assert len(sheets) == len(document["sections"])
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert len(set(workbook.sheetnames)) == len(workbook.sheetnames)
    by_key = {section["key"]: sheet for section, sheet in zip(document["sections"], sheets, strict=True)}
    for key, row, column, value in figures_of(document):
        section = next(section for section in document["sections"] if section["key"] == key)
        sheet = by_key[key]
        heading_row = int(sheet.freeze_panes[1:]) - 1
        line = heading_row + 1 + (len(section["rows"]) if row == -1 else row)
        cell = sheet.cell(row=line, column=section["columns"].index(column) + 1)
        assert cell.value == value and is_figure(cell.value), (key, row, column)
        assert cell.number_format == "#,##0"
    settled = by_key["newcomers_settled_by_status"]
    assert settled.cell(row=1, column=1).value == document["sections"][0]["title"]
    assert [cell.value for cell in settled[int(settled.freeze_panes[1:]) - 1]][:2] == ["status", "2019"]


def test_workbook_shows_narrative_above_and_definition_under_the_table(document):
    workbook = load_workbook(io.BytesIO(render_xlsx(document)))
    section = next(section for section in document["sections"] if section["key"] == "transit_site")
    sheet = workbook.worksheets[1 + document["sections"].index(section)]
    heading_row = int(sheet.freeze_panes[1:]) - 1
    texts = {cell.row: cell.value for cell in sheet["A"] if isinstance(cell.value, str)}
    narrative_rows = [row for row, text in texts.items() if text.startswith("Eerste alinea.")]
    definition_rows = [row for row, text in texts.items() if text == section["definition"]]
    assert narrative_rows and narrative_rows[0] < heading_row
    assert definition_rows and definition_rows[0] > heading_row + len(section["rows"])


def test_csv_writes_every_table_plainly_for_excel(document):
    archive = zipfile.ZipFile(io.BytesIO(render_csv_zip(document)))
    assert len(archive.namelist()) == len(document["sections"])
    for name, section in zip(archive.namelist(), document["sections"], strict=True):
        content = archive.read(name)
        assert content == render_csv(document, section["key"])
        assert content.startswith("\ufeff".encode())  # Excel reads UTF-8 with its BOM only
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == section["headings"]
        for index, row in enumerate(section["rows"]):
            for position, (column, value) in enumerate(zip(section["columns"], row, strict=False)):
                if is_figure(value) and column != "year":
                    assert rows[1 + index][position] == plain_text(value, "nl")
        if section["total"]:
            total = section["total"]
            assert rows[-1][1:] == [
                plain_text(total[column], "nl") if column in total else "" for column in section["columns"][1:]
            ]
    top20 = render_csv(document, "newcomers_top20_nationalities").decode("utf-8-sig").splitlines()
    with translation.override("nl"):
        assert top20[1] == f"1;Bulgarije;BG;818;922;{trend_word('up')}"


def test_csv_of_an_unknown_table_is_refused(document):
    with pytest.raises(KeyError):
        render_csv(document, "no_such_table")


@pytest.mark.parametrize(
    ("value", "language", "printed", "plain"),
    [
        (4742, "nl", "4.742", "4742"),
        (4742, "en", "4,742", "4742"),
        (1.5, "nl", "1,5", "1,5"),
        (1.5, "en", "1.5", "1.5"),
        (1234567.25, "nl", "1.234.567,25", "1234567,25"),
        (19.0, "nl", "19", "19"),
        (0, "nl", "0", "0"),
    ],
)
def test_figures_are_written_in_the_document_s_language(value, language, printed, plain):
    assert figure_text(value, language) == printed
    assert plain_text(value, language) == plain


def test_english_document_prints_english_words_and_separators():
    document = seed_document("en")
    text = render_csv(document, "newcomers_settled_by_status").decode("utf-8-sig")
    assert text.splitlines()[-1] == "Total;4742"
    workbook = load_workbook(io.BytesIO(render_xlsx(document)))
    assert workbook.sheetnames[0] == "Contents"
    assert workbook.worksheets[0]["A1"].value == "Annual report 2019"
    assert export_filename(document, "pdf") == "haven-annual-report-2019.pdf"
    assert export_filename(seed_document(), "xlsx") == "haven-jaarverslag-2019.xlsx"


# The same document, the same bytes ----------------------------------------------------------


def test_spreadsheet_csv_and_json_are_the_same_bytes_at_another_time(document, monkeypatch):
    first = (render_xlsx(document), render_csv_zip(document), render_json(document))
    # zipfile dates an entry by the clock; another moment must not change a byte.
    later = time.struct_time((2031, 5, 6, 7, 8, 10, 1, 126, 0))
    monkeypatch.setattr(zipfile.time, "localtime", lambda *args: later)
    assert (render_xlsx(document), render_csv_zip(document), render_json(document)) == first
    workbook = load_workbook(io.BytesIO(first[0]))
    assert workbook.properties.created == workbook.properties.modified == datetime.datetime(2020, 1, 1)  # noqa: DTZ001 (OOXML dates carry no zone)


def test_pdf_is_the_same_bytes_a_second_later(document):
    small = copy.deepcopy(document)
    small["sections"] = [s for s in small["sections"] if s["key"] in ("newcomers_top20_nationalities", "transit_site")]
    first = render_pdf(small)
    time.sleep(1.1)
    assert render_pdf(small) == first
    assert b"CreationDate" not in first and b"ModDate" not in first


def test_rendering_leaves_the_document_as_it_was(document):
    before = copy.deepcopy(document)
    render_pdf({**document, "sections": document["sections"][:1]})
    render_xlsx(document)
    assert document == before
    assert all("charts" not in section for section in document["sections"])


# Published documents ----------------------------------------------------------------------


def published_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    """An exact document with one distinctive figure, and the published one hiding it and the
    totals cell it could be recovered from (as haven.reports.disclosure makes them)."""
    exact = seed_document()
    section = next(section for section in exact["sections"] if section["key"] == "diploma_recognition_dossiers")
    section["rows"][2][2] = HIDDEN_FIGURE
    section["total"]["2019"] = 13579
    published = copy.deepcopy(exact)
    hidden = next(section for section in published["sections"] if section["key"] == "diploma_recognition_dossiers")
    published["published"] = True
    hidden["rows"][2][2] = None
    hidden["total"]["2019"] = None
    hidden["suppressed"] = [[2, "2019"], [-1, "2019"]]
    return exact, published


def test_published_document_prints_x_and_never_the_hidden_figure():
    _exact, published = published_pair()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(published))).pages)
    with translation.override("nl"):
        legend, notice = hidden_legend(), internal_notice()
    assert "9.871" not in text and "13.579" not in text
    assert re.search(r"Doorverwijzing via VDAB\s+31\s+x(\s|$)", text)
    assert legend in " ".join(text.split())
    assert notice not in " ".join(text.split())  # published: no "internal" notice

    workbook = load_workbook(io.BytesIO(render_xlsx(published)))
    values = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert HIDDEN_FIGURE not in values and 13579 not in values
    assert values.count("x") == 2 and legend in values

    table = render_csv(published, "diploma_recognition_dossiers").decode("utf-8-sig").splitlines()
    assert table[3].endswith(";31;x") and table[-1].endswith(";x")
    assert str(HIDDEN_FIGURE).encode() not in b"".join(
        zipfile.ZipFile(io.BytesIO(render_csv_zip(published))).read(name)
        for name in zipfile.ZipFile(io.BytesIO(render_csv_zip(published))).namelist()
    )


# From the page, in the background ---------------------------------------------------------


@pytest.fixture
def newcomers(db):
    PersonFactory.create_batch(3, nationality="BG", first_registration_date=datetime.date(2019, 2, 1))
    PersonFactory.create_batch(2, nationality="SY", first_registration_date=datetime.date(2018, 7, 1))


def test_report_page_offers_the_exports(manager_client, newcomers):
    html = manager_client.get("/reports/annual/2019/").content.decode()
    assert 'action="/reports/annual/2019/export/"' in html
    for value in ("pdf", "xlsx", "csv", "json"):
        assert f'name="format" value="{value}"' in html


@pytest.mark.django_db
def test_export_button_starts_a_job_whose_file_its_starter_downloads(
    manager, manager_client, privacy_officer_client, counsellor_client, newcomers
):
    response = manager_client.post("/reports/annual/2019/export/", {"format": "xlsx"})
    job = Job.objects.get(kind=EXPORT_KIND, started_by=manager)
    assert job.state == JobState.DONE
    assert job.total == len(report_sections()) + 1 and job.done == job.total  # progress per section, then the file
    assert response.status_code == 302 and response.url == f"/reports/annual/exports/{job.pk}/"

    with CaptureQueriesContext(connection) as queries:
        download = manager_client.get(response.url)
    assert download.status_code == 200
    assert len(queries) <= 7  # session, user, second factor, permissions, the job: not the report again
    assert download["Content-Disposition"] == 'attachment; filename="haven-jaarverslag-2019.xlsx"'
    assert download["Cache-Control"] == "private, no-store"
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    settled = workbook.worksheets[1]
    assert 3 in [cell.value for row in settled.iter_rows() for cell in row]  # the three newcomers of 2019

    assert privacy_officer_client.get(response.url).status_code == 404  # may read the report, not this file
    assert counsellor_client.get(response.url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("export", "extension", "start"), [("pdf", "pdf", b"%PDF"), ("csv", "zip", b"PK"), ("json", "json", b"{")]
)
def test_every_format_downloads(manager, manager_client, newcomers, export, extension, start):
    response = manager_client.post("/reports/annual/2019/export/", {"format": export}, follow=True)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="haven-jaarverslag-2019.{extension}"'
    assert b"".join(response.streaming_content).startswith(start)


@pytest.mark.django_db
def test_export_in_english_for_an_english_reader(manager_client, newcomers, english):
    response = manager_client.post("/reports/annual/2019/export/", {"format": "json"}, follow=True)
    document = json.loads(b"".join(response.streaming_content))
    assert document["language"] == "en"
    assert response["Content-Disposition"] == 'attachment; filename="haven-annual-report-2019.json"'


@pytest.mark.django_db
@pytest.mark.parametrize("posted", [{}, {"format": "docx"}])
def test_export_without_a_known_format_is_a_bad_request(manager_client, posted):
    response = manager_client.post("/reports/annual/2019/export/", posted)
    assert response.status_code == 400
    assert not Job.objects.filter(kind=EXPORT_KIND).exists()


@pytest.mark.django_db
def test_export_is_refused_without_the_report_permission(counsellor_client):
    assert counsellor_client.post("/reports/annual/2019/export/", {"format": "pdf"}).status_code == 403


@pytest.mark.django_db
def test_another_job_is_not_a_download(manager, manager_client):
    job = Job.objects.create(kind="reports.annual_render", title="x", started_by=manager, state=JobState.DONE)
    assert manager_client.get(f"/reports/annual/exports/{job.pk}/").status_code == 404


@pytest.mark.django_db
def test_old_export_files_are_removed(manager, manager_client, newcomers):
    manager_client.post("/reports/annual/2019/export/", {"format": "json"})
    job = Job.objects.get(kind=EXPORT_KIND)
    assert exports_prune() == 0
    assert exports_prune(now=job.finished_at + datetime.timedelta(days=8)) == 1
    job.refresh_from_db()
    assert "file" not in job.result
    assert manager_client.get(f"/reports/annual/exports/{job.pk}/").status_code == 404


# The command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_writes_each_format(newcomers, tmp_path):
    for export, name in (("pdf", "report.pdf"), ("xlsx", "report.xlsx"), ("csv", "report.zip")):
        call_command("report", "2019", "--format", export, "-o", str(tmp_path / name), stderr=io.StringIO())
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    workbook = load_workbook(tmp_path / "report.xlsx")
    assert len(workbook.worksheets) == len(report_sections()) + 1
    assert len(zipfile.ZipFile(tmp_path / "report.zip").namelist()) == len(report_sections())
    call_command("report", "2019", "--format", "json", "-o", str(tmp_path / "json"), stderr=io.StringIO())
    assert json.loads((tmp_path / "json").read_text(encoding="utf-8"))["tables"]["newcomers_settled_by_status"][
        "total"
    ] == {"2019": 3}


@pytest.mark.django_db
def test_command_writes_one_table_in_english(newcomers, tmp_path):
    target = tmp_path / "settled.csv"
    call_command(
        "report", "2019", "--format", "csv", "--table", "newcomers_settled_by_status", "--language", "en",
        "-o", str(target), stderr=io.StringIO(),
    )  # fmt: skip
    assert target.read_text(encoding="utf-8-sig").splitlines()[-1] == "Total;3"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [
        ["19"],
        ["2019", "--format", "docx"],
        ["2019", "--format", "pdf"],  # a file, not text: -o is needed
        ["2019", "--format", "pdf", "-o", "/no/such/folder/report.pdf"],
        ["2019", "--format", "xlsx", "-o", "/tmp"],
        ["2019", "--format", "csv", "--table", "no_such_table", "-o", "/tmp/t.csv"],
        ["2019", "--format", "pdf", "--table", "transit_site", "-o", "/tmp/t.csv"],
        ["2019", "--language", "fr"],
    ],
)
def test_command_refuses_what_it_cannot_do(arguments):
    with pytest.raises(CommandError):
        call_command("report", *arguments, stdout=io.StringIO(), stderr=io.StringIO())


def test_cover_carries_the_agency_logo_from_settings(settings, tmp_path, document):
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    settings.HAVEN_AGENCY_LOGO = str(logo)
    assert 'src="data:image/svg+xml;base64,' in pdf_html(document)
    settings.HAVEN_AGENCY_LOGO = str(tmp_path / "missing.png")
    assert "data:image" not in pdf_html(document)  # a missing file: no logo, still a report
    settings.HAVEN_AGENCY_LOGO = ""
    assert "<img" not in pdf_html(document).split('<nav class="contents">')[0]
