"""Which language a page speaks: the other catalogue's phrases found in its visible text.

The catalogue (locale/nl/LC_MESSAGES/django.po) pairs every English interface string with
its Dutch translation. A Dutch page must hold none of the English phrases and an English
page none of the Dutch ones. A phrase is a literal piece of a string between its
placeholders and tags, of three words or more (a single word such as "Status" or "Code" is
the same in both languages too often to tell anything), and only where the two languages
differ. The visible text is the text between tags plus the attributes a reader sees or
hears (title, placeholder, aria-label, alt, value of a button); script and style are left
out.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "nl" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>|\n")
WORD = re.compile(r"\w+(?:['’-]\w+)*", re.UNICODE)
MIN_WORDS = 3
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


def _words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def _phrases(text: str) -> set[tuple[str, ...]]:
    return {tuple(words) for piece in PLACEHOLDER.split(text) if len(words := _words(piece)) >= MIN_WORDS}


@cache
def phrases() -> dict[str, dict[tuple[str, ...], str]]:
    """Per language, the phrases only that language's strings have, as word tuples, each
    with the string it comes from."""
    found: dict[str, dict[tuple[str, ...], str]] = {"en": {}, "nl": {}}
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural.get(0, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
            ]
        for english, dutch in pairs:
            if not dutch or english == dutch:
                continue
            for phrase in _phrases(english):
                found["en"].setdefault(phrase, english)
            for phrase in _phrases(dutch):
                found["nl"].setdefault(phrase, dutch)
    shared = found["en"].keys() & found["nl"].keys()
    return {language: {p: s for p, s in table.items() if p not in shared} for language, table in found.items()}


@cache
def _by_first_words() -> dict[str, dict[tuple[str, ...], list[tuple[str, ...]]]]:
    index: dict[str, dict[tuple[str, ...], list[tuple[str, ...]]]] = {}
    for language, table in phrases().items():
        by_start = index.setdefault(language, {})
        for phrase in table:
            by_start.setdefault(phrase[:MIN_WORDS], []).append(phrase)
    return index


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if value and (name in SHOWN_ATTRIBUTES or (name == "value" and tag == "button")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    """The page's texts a reader sees, one per text node or attribute."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return parser.parts


def foreign_strings(html: str, language: str) -> list[str]:
    """The other language's catalogue strings whose phrases the page shows."""
    other = "en" if language == "nl" else "nl"
    table, index = phrases()[other], _by_first_words()[other]
    found: set[str] = set()
    for text in visible_text(html):
        words = _words(text)
        for start in range(len(words) - MIN_WORDS + 1):
            for phrase in index.get(tuple(words[start : start + MIN_WORDS]), ()):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    found.add(table[phrase])
    return sorted(found)
