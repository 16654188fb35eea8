"""Issue 13, item 10: every page in the reader's language. The walk reads every page each
role may read in Dutch (the default) and again in English; no page holds a phrase of the
other language's catalogue strings (tests/access/languages.py)."""

import pytest

from tests.access.languages import foreign_strings, phrases

pytestmark = pytest.mark.django_db


def _report(cells) -> list[str]:
    return sorted(
        f"{cell.key} as {cell.role} ({cell.language}): {' | '.join(cell.foreign)}" for cell in cells if cell.foreign
    )


def test_no_dutch_page_shows_english(walk):
    dutch = [cell for cell in walk["cells"] if cell.kind == "page" and cell.status == 200 and cell.language == "nl"]
    assert len(dutch) > 100
    found = _report(dutch)
    assert not found, f"{len(found)} Dutch pages show English:\n  " + "\n  ".join(found)


def test_no_english_page_shows_dutch(walk):
    english = [cell for cell in walk["english"] if cell.status == 200]
    assert len(english) > 100
    found = _report(english)
    assert not found, f"{len(found)} English pages show Dutch:\n  " + "\n  ".join(found)


def test_the_check_finds_the_other_language_and_only_it():
    english, dutch = phrases()["en"], phrases()["nl"]
    assert len(english) > 500 and len(dutch) > 500
    page = "<main><p>Geen enkele trajectbegeleider neemt nieuwe cliënten aan.</p><button title='x'>OK</button></main>"
    assert "Geen enkele trajectbegeleider neemt nieuwe cliënten aan." in foreign_strings(page, "en")
    assert foreign_strings(page, "nl") == []
    hidden = "<script>var t = 'No counsellor takes new clients.';</script><p>Niets.</p>"
    assert foreign_strings(hidden, "nl") == []
    assert "No counsellor takes new clients." in foreign_strings(
        '<input placeholder="No counsellor takes new clients.">', "nl"
    )


def test_every_page_has_a_plain_title(walk):
    """The browser tab and the screen reader's first words: text, never markup (a page once
    put its calendar-feed form in the title block)."""
    pages = [cell for cell in walk["cells"] + walk["english"] if cell.title is not None]
    assert len(pages) > 200
    wrong = sorted(
        {
            f"{cell.key} ({cell.language}): {cell.title[:80]!r}"
            for cell in pages
            if "<" in cell.title or not cell.title.strip()
        }
    )
    assert not wrong, f"{len(wrong)} pages have a title that is not plain text:\n  " + "\n  ".join(wrong)
