"""Countries (ISO 3166-1) and languages (ISO 639-3): which codes exist, and their names as
people write them, in Belgian Dutch or English.

- **Codes.** pycountry decides which codes exist: a country is an ISO 3166-1 alpha-2 code,
  a language an ISO 639-3 code (the key of ``core.Language`` and of every language field).
- **Names.** The Unicode CLDR through Babel (``nl_BE`` and ``en``): "Pasjtoe" and "Noord-
  Macedonië" rather than pycountry's ISO names ("Pushto", "Macedonië, Republiek"). CLDR keys a
  language by its two-letter code where one exists, else by the three-letter one (``ckb``,
  ``arz``), so a code is mapped first (``ara`` → ``ar``). Where the agency writes a name
  otherwise (its annual report: "Farsi", "Pashtu", "Somali", "Indië"), or CLDR has none
  (Kurmanji, Mandarin), ``AGENCY_*_NAMES`` say it; pycountry's translation is the last resort.
- **Order.** ``sort_key`` sorts names as a reader of Dutch or English expects: accents do not
  count before the letters do ("Égypte" with the E's), nor does case.
- **Living languages only.** Ancient, historical, extinct and constructed languages (Avestan,
  Latin, Volapük, Esperanto) are ISO codes but nobody's language at the counter: they are never
  offered (``is_living``).
"""

import gettext
import unicodedata
from functools import lru_cache

import babel
import pycountry
from django.utils import translation

# The interface languages and the CLDR locale their names come from.
CLDR_LOCALES = {"nl": ("nl", "BE"), "en": ("en", None)}

# Names the agency writes otherwise than CLDR (its annual report names these), per interface
# language, and the names of languages CLDR does not name at all. ISO 639-3 codes.
AGENCY_LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "fas": "Farsi",
        "pus": "Pashtu",
        "som": "Somali",
        "kmr": "Koerdisch (Kurmanji)",
        "ckb": "Koerdisch (Sorani)",
        "cmn": "Mandarijn",
        "apc": "Levantijns Arabisch",
    },
    "en": {
        "kmr": "Kurdish (Kurmanji)",
        "ckb": "Kurdish (Sorani)",
        "cmn": "Mandarin",
        "apc": "Levantine Arabic",
    },
}
# CLDR's key for a code whose own is not the two-letter code: Dari is CLDR's Persian of Afghanistan.
CLDR_LANGUAGE_KEYS = {"prs": "fa_AF"}
AGENCY_COUNTRY_NAMES: dict[str, dict[str, str]] = {"nl": {"IN": "Indië"}, "en": {}}

# Languages without a two-letter code that integration work meets often.
EXTRA_LANGUAGES = [
    "prs",  # Dari
    "kmr",  # Northern Kurdish (Kurmanji)
    "ckb",  # Central Kurdish (Sorani)
    "tzm",  # Central Atlas Tamazight
    "rif",  # Tarifit
    "apc",  # Levantine Arabic
    "arz",  # Egyptian Arabic
    "ary",  # Moroccan Arabic
    "rom",  # Romany
    "yue",  # Cantonese
    "cmn",  # Mandarin Chinese
    "tig",  # Tigre
    "pcm",  # Nigerian Pidgin
    "syr",  # Syriac
]

# The languages the agency works in by default (core migration 0008 switches these on and
# every other off; the administrator changes the list in the admin): the 33 languages of its
# interpreting service and those of its civic-orientation courses and counsellors in the
# 2019 annual report, with Dutch.
AGENCY_LANGUAGES = [
    "amh", "ara", "ben", "bul", "ckb", "eng", "fas", "fra", "ful", "hin", "hye", "ita",
    "kat", "kmr", "lin", "mkd", "nld", "pol", "por", "prs", "pus", "ron", "rus", "slk",
    "som", "spa", "sqi", "srp", "tha", "tir", "tur", "ukr", "urd", "vie", "zho",
]  # fmt: skip
# The language every interpreting job and translation is into (or from).
DUTCH = "nld"


def interface_language(language: str | None = None) -> str:
    """``nl`` or ``en``: the given language, else the active one, else Dutch."""
    code = (language or translation.get_language() or "nl").split("-")[0].split("_")[0]
    return code if code in CLDR_LOCALES else "nl"


@lru_cache(maxsize=4)
def _locale(language: str) -> babel.Locale:
    code, territory = CLDR_LOCALES[language]
    return babel.Locale(code, territory)


@lru_cache(maxsize=8)
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def sort_key(name: str) -> tuple[str, str]:
    """Sorts names by their letters first (accents and case aside), then as written: the
    primary strength of the Unicode collation for the Latin script, which Dutch and English
    share ("Égypte" between "Ecuador" and "Eritrea", "Åland" with the A's)."""
    folded = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
    return folded.casefold(), name


def fold(text: str) -> str:
    """Lower case without accents, for matching what someone types to a name."""
    return sort_key(text)[0]


# Countries ------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def country_by_code(code: str):
    return pycountry.countries.get(alpha_2=code.upper()) if code else None


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the interface language ("Syrië", "Noord-Macedonië")."""
    country = country_by_code(code)
    if country is None:
        return code
    language = interface_language(language)
    agency = AGENCY_COUNTRY_NAMES[language].get(country.alpha_2)
    if agency:
        return agency
    cldr = _locale(language).territories.get(country.alpha_2)
    if cldr:
        return cldr
    name = getattr(country, "common_name", None) or country.name
    return _catalogue("iso3166-1", language).gettext(name)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every ISO 3166-1 country as (code, name), sorted by the name in the interface language."""
    return _country_choices(interface_language(language))


@lru_cache(maxsize=4)
def _country_choices(language: str) -> list[tuple[str, str]]:
    choices = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(choices, key=lambda choice: sort_key(choice[1]))


def all_country_codes() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


# Languages ------------------------------------------------------------------------------


@lru_cache(maxsize=2048)
def language_by_code(code: str):
    if not code or len(code) != 3:
        return None
    return pycountry.languages.get(alpha_3=code.lower())


def is_living(code: str) -> bool:
    """A living language (ISO 639-3 type L), not an ancient, historical, extinct or
    constructed one."""
    found = language_by_code(code)
    return found is not None and getattr(found, "type", "L") == "L"


def cldr_language_key(code: str) -> str:
    """CLDR's key of an ISO 639-3 code: its two-letter code where one exists (``ara`` → ``ar``)."""
    found = language_by_code(code)
    if found is None:
        return code
    return CLDR_LANGUAGE_KEYS.get(found.alpha_3) or getattr(found, "alpha_2", None) or found.alpha_3


@lru_cache(maxsize=4096)
def _language_name(code: str, language: str) -> str:
    found = language_by_code(code)
    if found is None:
        return code
    agency = AGENCY_LANGUAGE_NAMES[language].get(found.alpha_3)
    if agency:
        return agency
    cldr = _locale(language).languages.get(cldr_language_key(code))
    if cldr:
        return cldr[:1].upper() + cldr[1:]
    name = _catalogue("iso639-3", language).gettext(found.name)
    if name != found.name and ", " in name and ", " not in found.name:
        name = name.split(", ")[0]  # a translation listing spelling variants: keep the first
    return name


def language_name(code: str, language: str | None = None) -> str:
    """The language's name in the interface language ("Arabisch", "Koerdisch (Sorani)")."""
    return _language_name(code, interface_language(language))


def language_search_terms(code: str) -> str:
    """What finds a language in a picker whatever the interface language: its names in Dutch
    and English (agency and CLDR), its codes. Folded (no accents, lower case)."""
    found = language_by_code(code)
    terms = {code, cldr_language_key(code)}
    for language in CLDR_LOCALES:
        terms.add(_language_name(code, language))
        cldr = _locale(language).languages.get(cldr_language_key(code))
        if cldr:
            terms.add(cldr)
    if found is not None:
        terms.add(found.name)
    return " ".join(sorted(fold(term) for term in terms))


def country_search_terms(code: str) -> str:
    """What finds a country in a picker: its names in Dutch and English, its codes. Folded."""
    country = country_by_code(code)
    terms = {code}
    if country is not None:
        terms |= {country.alpha_3, country.name, *(country_name(code, language) for language in CLDR_LOCALES)}
    return " ".join(sorted(fold(term) for term in terms))


def language_choices(codes, language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by the name in the interface language."""
    language = interface_language(language)
    choices = [(code, language_name(code, language)) for code in codes]
    return sorted(choices, key=lambda choice: sort_key(choice[1]))


@lru_cache(maxsize=1)
def non_living_codes() -> tuple[str, ...]:
    """The ancient, historical and constructed languages among those with a two-letter code
    (Avestan, Latin, Volapük, …): an older database loaded them, and no list offers them."""
    return tuple(
        sorted(
            language.alpha_3
            for language in pycountry.languages
            if hasattr(language, "alpha_2") and not is_living(language.alpha_3)
        )
    )


def default_language_codes() -> list[str]:
    """The languages loaded into ``core.Language``: every living ISO 639 language with a
    two-letter code, plus EXTRA_LANGUAGES (both as ISO 639-3 codes)."""
    codes = {
        language.alpha_3
        for language in pycountry.languages
        if hasattr(language, "alpha_2") and is_living(language.alpha_3)
    }
    codes.update(code for code in EXTRA_LANGUAGES if is_living(code))
    return sorted(codes)
