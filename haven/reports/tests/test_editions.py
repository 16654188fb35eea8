"""Frozen editions: the manager freezes a year's report; the edition keeps its documents in
both languages with a SHA-256, renders its published files again byte for byte, and tells
which live figures differ from it since, by how much and through which records."""

import datetime
import json

import pytest

from haven.reports.editions import (
    LANGUAGES,
    digest,
    edition_changes,
    edition_document,
    edition_file,
    edition_freeze,
    edition_intact,
)
from haven.reports.exports import EXPORT_FORMATS
from haven.reports.models import ReportEdition
from haven.transit_site.tests.factories import LessonDaysFactory, SiteFactory, StayFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 6, 3)


@pytest.fixture
def site():
    site = SiteFactory(places=25)
    LessonDaysFactory(site=site)
    StayFactory.create_batch(6, site=site, arrival=DAY)
    return site


@pytest.fixture
def edition(site, manager):
    """Frozen without the digests of its files (rendering them is the slow part; the test
    through the page renders them)."""
    return edition_freeze(year=2019, by=manager, digests=False)


@pytest.fixture
def frozen_through_the_page(site, manager_client):
    response = manager_client.post("/reports/annual/2019/editions/")
    assert response.status_code == 302 and response["Location"] == "/reports/annual/2019/editions/1/"
    return ReportEdition.objects.get(year=2019, number=1)


def _families(document):
    section = next(section for section in document["sections"] if section["key"] == "transit_site")
    return section["rows"][1][1]


def test_freezing_keeps_both_languages_with_their_digest(edition, manager):
    assert edition.frozen_by == manager and edition.renderer == "1"
    assert edition.sha256 == digest(edition.document) and edition_intact(edition)
    for language in LANGUAGES:
        document = edition_document(edition, language)
        assert document["language"] == language and _families(document) == 6
    assert json.loads(edition.document)["year"] == 2019


def test_every_published_file_is_rendered_again_byte_for_byte(frozen_through_the_page):
    edition = frozen_through_the_page
    assert sorted(edition.digests) == sorted(
        f"{language}.{export}" for language in LANGUAGES for export in EXPORT_FORMATS
    )
    for language in LANGUAGES:
        for export in EXPORT_FORMATS:
            assert digest(edition_file(edition, language, export)) == edition.digests[f"{language}.{export}"]


def test_a_changed_document_is_no_longer_intact(edition, english, manager_client):
    ReportEdition.objects.filter(pk=edition.pk).update(
        document=edition.document.replace('"year":2019', '"year":2018', 1)
    )
    edition.refresh_from_db()
    assert not edition_intact(edition)
    assert "altered" in manager_client.get("/reports/annual/2019/editions/1/").content.decode()


def test_a_later_record_shows_as_a_change_with_its_record(
    edition, site, english, manager_client, privacy_officer_client
):
    assert edition_changes(edition, "en") == []
    late = StayFactory(site=site, arrival=DAY)  # a family new to the registry: settled in 2019 too
    changes = {(change.key, change.row): change for change in edition_changes(edition, "en")}
    assert set(changes) == {
        ("newcomers_settled_by_status", ""),
        ("newcomers_top20_nationalities", "France"),
        ("transit_site", "Families who stayed"),
        ("monthly_flows", "Newcomers settled"),
    }
    change = changes[("transit_site", "Families who stayed")]
    assert (change.frozen, change.live, change.difference) == (6, 7, 1)
    assert change.added == [late.head_id] and change.removed == []
    page = manager_client.get("/reports/annual/2019/editions/1/").content.decode()
    assert "4 figures of the live report differ from this edition." in page and "1 record added" in page
    records = privacy_officer_client.get(
        "/reports/annual/2019/transit_site/records/?row=1&column=2019&edition=1"
    ).content.decode()
    assert "1 record behind this figure." in records and str(late.head) in records


def test_the_editions_are_numbered_per_year(edition, manager_client):
    manager_client.post("/reports/annual/2019/editions/")
    assert list(ReportEdition.objects.filter(year=2019).values_list("number", flat=True)) == [2, 1]
    assert "editions/2/" in manager_client.get("/reports/annual/2019/editions/").content.decode()


def test_only_the_manager_freezes(site, privacy_officer_client, counsellor_client):
    assert privacy_officer_client.post("/reports/annual/2019/editions/").status_code == 403
    assert counsellor_client.get("/reports/annual/2019/editions/").status_code == 403
    assert not ReportEdition.objects.exists()


def test_a_published_file_is_made_in_the_background_and_downloads_under_the_edition_s_name(edition, manager_client):
    started = manager_client.post("/reports/annual/2019/editions/1/export/", {"language": "en", "format": "json"})
    assert started.status_code == 302 and started["Location"].startswith("/reports/annual/exports/")
    response = manager_client.get(started["Location"])
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="haven-annual-report-2019-edition-1.json"'
    assert b"".join(response.streaming_content) == edition_file(edition, "en", "json")
    refused = manager_client.post("/reports/annual/2019/editions/1/export/", {"language": "fr", "format": "json"})
    assert refused.status_code == 400
    assert (
        manager_client.post("/reports/annual/2019/editions/7/export/", {"language": "nl", "format": "json"}).status_code
        == 404
    )
    assert manager_client.get("/reports/annual/2019/editions/7/").status_code == 404
