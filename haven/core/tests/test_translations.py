"""The Dutch catalogue: complete, compiled, with the same placeholders as the source,
and actually used (Dutch by default, English when the user picks it).

Refresh the catalogue with ``make messages`` (makemessages, then compilemessages)
and commit both locale/nl/LC_MESSAGES/django.po and django.mo.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES"
PO_PATH = CATALOGUE / "django.po"
MO_PATH = CATALOGUE / "django.mo"

# %(name)s, %(count)d, …: named placeholders; %s, %d, …: positional ones. "%%" is a literal.
NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%(?!\()[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    assert PO_PATH.is_file(), f"{PO_PATH} is missing: run make messages"
    return polib.pofile(str(PO_PATH))


def _describe(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


def _key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _translation(entry) -> str | tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


def _placeholders(text: str) -> tuple[list[str], int]:
    text = text.replace("%%", "")
    return sorted(NAMED.findall(text)), len(POSITIONAL.findall(text))


def test_the_catalogue_is_dutch(po):
    assert po.metadata.get("Language") == "nl"
    assert "nplurals=2" in po.metadata.get("Plural-Forms", "")


def test_every_entry_is_translated_and_checked(po):
    entries = [entry for entry in po if not entry.obsolete]
    assert entries, "the catalogue is empty"
    untranslated = [_describe(entry) for entry in po.untranslated_entries()]
    fuzzy = [_describe(entry) for entry in po.fuzzy_entries()]
    assert not (untranslated or fuzzy), (
        "untranslated entries:\n"
        + "\n".join(untranslated)
        + "\nfuzzy entries (check them, then remove the flag):\n"
        + "\n".join(fuzzy)
    )


def test_the_compiled_catalogue_is_up_to_date(po):
    assert MO_PATH.is_file(), f"{MO_PATH} is missing: run make messages"
    compiled = {_key(entry): _translation(entry) for entry in polib.mofile(str(MO_PATH)) if entry.msgid}
    source = {_key(entry): _translation(entry) for entry in po.translated_entries()}
    missing = sorted(key[1] for key in source.keys() - compiled.keys())
    stale = sorted(key[1] for key in compiled.keys() - source.keys())
    different = sorted(key[1] for key in source.keys() & compiled.keys() if source[key] != compiled[key])
    assert not (missing or stale or different), (
        "django.mo does not match django.po; run compilemessages.\n"
        f"not compiled: {missing}\nnot (or no longer) translated in the .po: {stale}\nchanged since: {different}"
    )


def test_translations_keep_the_placeholders(po):
    problems = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if index == 0 else entry.msgid_plural, text)
                for index, text in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if _placeholders(source) != _placeholders(translation):
                problems.append(f"{_describe(entry)} -> {translation!r}")
    assert not problems, "placeholders differ between msgid and msgstr:\n" + "\n".join(problems)


def test_the_interface_is_dutch_by_default_and_english_on_request(client, db):
    dutch = client.get("/login/")
    assert dutch.status_code == 200
    dutch_page = dutch.content.decode()
    assert "Aanmelden" in dutch_page
    assert "Log in" not in dutch_page

    client.cookies["haven_language"] = "en"
    english = client.get("/login/")
    assert english.status_code == 200
    english_page = english.content.decode()
    assert "Log in" in english_page
    assert "Aanmelden" not in english_page
