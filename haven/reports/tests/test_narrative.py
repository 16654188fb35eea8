"""The report's texts (issue 17, item 7): each section's prose per year in both languages,
kept as versions with author and time; the last version per section in one query; the
pages to write and read them, for the manager only to write."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.reports import narrative as narrative_module
from haven.reports import views
from haven.reports.models import SectionNarrative
from haven.reports.narrative import (
    TEXT_MAX_LENGTH,
    narrative_for,
    narrative_history,
    narrative_save,
    narrative_sections,
)

pytestmark = pytest.mark.django_db

YEAR = 2019
SECTION = "transit_site"
OTHER = "education"
TEXTS = f"/reports/annual/{YEAR}/texts/{SECTION}/"
NEXT_YEAR = timezone.localdate().year + 1


def _save(by, text_nl="Tekst", text_en="Text", *, section=SECTION, year=YEAR) -> SectionNarrative:
    return narrative_save(year=year, section=section, text_nl=text_nl, text_en=text_en, by=by)


# The service --------------------------------------------------------------------------------


def test_each_save_is_the_next_version_with_its_author_and_time(manager):
    other = UserFactory(username="mila", roles=["manager"])
    before = timezone.now()
    first = _save(manager, "Eerste tekst.", "First text.")
    second = _save(other, "Tweede tekst.", "Second text.")
    assert (first.version, second.version) == (1, 2)
    assert first.written_by == manager and second.written_by == other
    assert before <= first.written_at <= second.written_at
    first.refresh_from_db()
    assert (first.text_nl, first.text_en) == ("Eerste tekst.", "First text.")  # the old version is kept


def test_an_unchanged_save_adds_no_version(manager):
    first = _save(manager, "Het jaar.\nTweede regel.", "The year.")
    again = _save(manager, "Het jaar.  \r\nTweede regel.\n\n", "The year. ")  # only whitespace differs
    assert again.pk == first.pk
    assert SectionNarrative.objects.count() == 1


def test_trailing_whitespace_is_stripped_and_line_breaks_kept(manager):
    saved = _save(manager, "\nEerste alinea.  \r\n\r\nTweede alinea.\t\n", "")
    assert saved.text_nl == "Eerste alinea.\n\nTweede alinea."


def test_an_empty_first_save_is_refused(manager):
    with pytest.raises(ValidationError):
        _save(manager, " ", "")
    assert not SectionNarrative.objects.exists()


def test_emptying_a_text_is_a_new_version(manager):
    _save(manager)
    emptied = _save(manager, "", "")
    assert emptied.version == 2 and emptied.text_nl == ""


@pytest.mark.parametrize(
    ("year", "section", "text", "field"),
    [
        (YEAR, "no_such_section", "Tekst", "section"),
        (1999, SECTION, "Tekst", "year"),
        (NEXT_YEAR, SECTION, "Tekst", "year"),
        (YEAR, SECTION, "x" * (TEXT_MAX_LENGTH + 1), "text_nl"),
        (YEAR, SECTION, "bel\x07", "text_nl"),
    ],
)
def test_the_service_refuses_what_the_report_cannot_print(manager, year, section, text, field):
    with pytest.raises(ValidationError) as refused:
        narrative_save(year=year, section=section, text_nl=text, text_en="", by=manager)
    assert field in refused.value.error_dict
    assert not SectionNarrative.objects.exists()


def test_the_longest_text_is_taken(manager):
    assert len(_save(manager, "x" * TEXT_MAX_LENGTH).text_nl) == TEXT_MAX_LENGTH


def test_the_years_are_the_report_pages(manager):
    assert narrative_module.FIRST_YEAR == views.FIRST_YEAR


def test_two_saves_at_once_are_both_kept(manager, monkeypatch):
    """Two writers found no row to lock (the section's first text): the second's insert
    collides with the first's version 1 on the unique constraint, is tried again and kept
    as version 2."""
    other = UserFactory(username="mila", roles=["manager"])
    theirs = _save(other, "A", "")
    real_locked_last = narrative_module._locked_last
    reads = []

    def read_before_the_other_writer_committed(**where):
        reads.append(True)
        return None if len(reads) == 1 else real_locked_last(**where)  # first: their version 1 not yet seen

    monkeypatch.setattr(narrative_module, "_locked_last", read_before_the_other_writer_committed)
    mine = _save(manager, "B", "")
    assert len(reads) == 2 and (theirs.version, mine.version) == (1, 2)
    assert list(SectionNarrative.objects.order_by("version").values_list("version", "text_nl")) == [(1, "A"), (2, "B")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="threads need a database server")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data for later tests
def test_two_writers_in_parallel_both_keep_their_text():
    writers = [UserFactory(username=f"writer{index}", roles=["manager"]) for index in range(6)]
    start = threading.Barrier(len(writers))
    errors = []

    def write(user) -> None:
        try:
            start.wait()
            _save(user, f"Tekst van {user.username}", "")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(user,)) for user in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    kept = SectionNarrative.objects.filter(year=YEAR, section=SECTION)
    assert sorted(kept.values_list("version", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert {text.written_by.username for text in kept.select_related("written_by")} == {u.username for u in writers}


# Reading ------------------------------------------------------------------------------------


def test_narrative_for_gives_each_sections_last_version_in_one_query(manager):
    _save(manager, "Oud.", "Old.")
    _save(manager, "Nieuw.", "New.")
    _save(manager, "Alleen Nederlands.", "", section=OTHER)
    _save(manager, "Vorig jaar.", "Last year.", year=YEAR - 1)
    with CaptureQueriesContext(connection) as queries:
        dutch = narrative_for(YEAR, "nl")
    assert len(queries) == 1
    assert dutch == {SECTION: "Nieuw.", OTHER: "Alleen Nederlands."}
    assert narrative_for(YEAR, "en") == {SECTION: "New.", OTHER: "Alleen Nederlands."}  # falls back to Dutch
    assert narrative_for(YEAR - 1, "en-gb") == {SECTION: "Last year."}


def test_narrative_for_falls_back_to_dutch_from_english_and_back(manager):
    _save(manager, "", "English only.")
    assert narrative_for(YEAR, "nl") == {SECTION: "English only."}
    _save(manager, "", "")  # emptied: the section has no text any more
    assert narrative_for(YEAR, "nl") == {}


def test_the_history_is_newest_first_with_authors_in_one_query(manager):
    for index in range(3):
        _save(manager, f"Versie {index}", "")
    with CaptureQueriesContext(connection) as queries:
        history = [(text.version, text.written_by.username) for text in narrative_history(YEAR, SECTION)]
    assert len(queries) == 1
    assert history == [(3, manager.username), (2, manager.username), (1, manager.username)]


# The pages ----------------------------------------------------------------------------------


def test_the_manager_saves_and_is_sent_to_the_section_in_the_report(manager, manager_client):
    response = manager_client.post(TEXTS, {"text_nl": "Een druk jaar.\r\nMet twee regels.", "text_en": "A busy year."})
    assert response.status_code == 302
    assert response["Location"] == f"/reports/annual/{YEAR}/#{SECTION}"
    kept = SectionNarrative.objects.get()
    assert (kept.version, kept.written_by, kept.text_nl) == (1, manager, "Een druk jaar.\nMet twee regels.")
    page = manager_client.get(TEXTS).content.decode()
    assert "Een druk jaar." in page  # the form holds the current text


def test_the_edit_page_offers_dutch_first_with_labels(manager_client):
    page = manager_client.get(TEXTS).content.decode()
    assert page.index('name="text_nl"') < page.index('name="text_en"')
    assert 'for="id_text_nl"' in page and 'for="id_text_en"' in page


def test_an_invalid_form_is_422_in_dutch_by_default(manager_client):
    response = manager_client.post(TEXTS, {"text_nl": "x" * (TEXT_MAX_LENGTH + 1), "text_en": ""})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Verbeter de velden die hieronder aangeduid zijn." in page
    assert "Zorg dat deze waarde niet meer dan 10000 tekens bevat" in page  # the field's error, in Dutch
    assert not SectionNarrative.objects.exists()


def test_an_empty_first_save_is_422_on_the_page(manager_client):
    response = manager_client.post(TEXTS, {"text_nl": "", "text_en": ""})
    assert response.status_code == 422
    assert not SectionNarrative.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        f"/reports/annual/{YEAR}/texts/no_such_section/",
        f"/reports/annual/1999/texts/{SECTION}/",
        f"/reports/annual/{NEXT_YEAR}/texts/{SECTION}/",
        f"/reports/annual/{YEAR}/texts/{SECTION}/1/",  # no version yet
        f"/reports/annual/{YEAR}/texts/no_such_section/1/",
    ],
)
def test_unknown_sections_years_and_versions_are_404(manager_client, url):
    assert manager_client.get(url).status_code == 404


def test_a_post_to_an_unknown_section_is_404(manager_client):
    response = manager_client.post(f"/reports/annual/{YEAR}/texts/no_such_section/", {"text_nl": "Tekst"})
    assert response.status_code == 404


def test_the_privacy_officer_reads_but_cannot_write(manager, privacy_officer_client):
    _save(manager, "Tekst.", "")
    page = privacy_officer_client.get(TEXTS)
    assert page.status_code == 200
    html = page.content.decode()
    form = html[html.index('id="narrative-form"') : html.index("</form>", html.index('id="narrative-form"'))]
    assert "<fieldset disabled>" in form and 'type="submit"' not in form
    assert privacy_officer_client.get(f"{TEXTS}1/").status_code == 200
    assert privacy_officer_client.post(TEXTS, {"text_nl": "Anders.", "text_en": ""}).status_code == 403
    assert SectionNarrative.objects.count() == 1


def test_a_counsellor_neither_reads_nor_writes(manager, counsellor_client):
    _save(manager)
    assert counsellor_client.get(TEXTS).status_code == 403
    assert counsellor_client.get(f"{TEXTS}1/").status_code == 403
    assert counsellor_client.post(TEXTS, {"text_nl": "Anders.", "text_en": ""}).status_code == 403
    assert SectionNarrative.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(TEXTS).status_code == 302


def test_the_report_offers_edit_text_to_the_manager_only(manager_client, privacy_officer_client):
    link = f'href="{TEXTS}"'
    assert link in manager_client.get(f"/reports/annual/{YEAR}/").content.decode()
    assert link not in privacy_officer_client.get(f"/reports/annual/{YEAR}/").content.decode()


def test_the_history_shows_authors_and_its_queries_do_not_grow(manager, manager_client):
    UserFactory(username="mila", roles=["manager"])
    _save(manager, "Een.", "")
    with CaptureQueriesContext(connection) as one:
        manager_client.get(TEXTS)
    mila = UserFactory._meta.model.objects.get(username="mila")
    for index in range(4):
        _save(mila if index % 2 else manager, f"Versie {index}.", "")
    with CaptureQueriesContext(connection) as five:
        page = manager_client.get(TEXTS).content.decode()
    assert len(five) == len(one)
    history = page[page.index('id="narrative-history"') :]
    assert manager.get_full_name() in history and mila.get_full_name() in history
    assert f'href="{TEXTS}5/"' in history and f'href="{TEXTS}1/"' in history


def test_an_old_version_is_readable_with_its_author(manager, manager_client, english):
    _save(manager, "Eerste alinea.\n\nTweede alinea.", "First.")
    _save(manager, "Later.", "")
    page = manager_client.get(f"{TEXTS}1/").content.decode()
    assert "<p>Eerste alinea.</p>" in page and "<p>Tweede alinea.</p>" in page
    assert "First." in page and "Later." not in page
    assert manager.get_full_name() in page


def test_texts_are_never_html(manager, manager_client):
    _save(manager, '<script>alert("x")</script>', "<b>vet</b>")
    for url in (TEXTS, f"{TEXTS}1/"):
        page = manager_client.get(url).content.decode()
        assert "<script>alert" not in page and "<b>vet</b>" not in page
        assert "&lt;script&gt;" in page


def test_every_registered_section_has_a_texts_page(manager_client):
    for section in narrative_sections():
        assert manager_client.get(f"/reports/annual/{YEAR}/texts/{section}/").status_code == 200
