"""Countries (ISO 3166-1) and languages (ISO 639-3) through pycountry, named in the
interface language with pycountry's own translations."""

import gettext
from functools import lru_cache

import pycountry
from django.utils import translation

# Belgian Dutch names where the official Flemish usage differs from pycountry's
# (Dutch-from-the-Netherlands) translation; the annual report uses these.
BELGIAN_DUTCH_COUNTRY_NAMES = {"IN": "Indië"}
# Likewise for languages: the agency writes "Pashtu", "Farsi" and "Slowaaks" where
# pycountry has "Poesjto", "Perzisch" and "Slovaaks, Slowaaks".
BELGIAN_DUTCH_LANGUAGE_NAMES = {"pus": "Pashtu", "fas": "Farsi", "slk": "Slowaaks"}


@lru_cache(maxsize=8)
def _catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _interface_language(language: str | None) -> str:
    return (language or translation.get_language() or "nl").split("-")[0]


@lru_cache(maxsize=512)
def country_by_code(code: str):
    return pycountry.countries.get(alpha_2=code.upper()) if code else None


def country_name(code: str, language: str | None = None) -> str:
    """The country's common name in the interface language ("Syrië", "Iran")."""
    country = country_by_code(code)
    if country is None:
        return code
    language = _interface_language(language)
    if language == "nl" and country.alpha_2 in BELGIAN_DUTCH_COUNTRY_NAMES:
        return BELGIAN_DUTCH_COUNTRY_NAMES[country.alpha_2]
    name = getattr(country, "common_name", None) or country.name
    return _catalogue("iso3166-1", language).gettext(name)


@lru_cache(maxsize=4)
def country_choices(language: str) -> list[tuple[str, str]]:
    choices = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def all_country_codes() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=2048)
def language_by_code(code: str):
    if not code or len(code) != 3:
        return None
    return pycountry.languages.get(alpha_3=code.lower())


def language_name(code: str, language: str | None = None) -> str:
    found = language_by_code(code)
    if found is None:
        return code
    language = _interface_language(language)
    if language == "nl" and found.alpha_3 in BELGIAN_DUTCH_LANGUAGE_NAMES:
        return BELGIAN_DUTCH_LANGUAGE_NAMES[found.alpha_3]
    name = _catalogue("iso639-3", language).gettext(found.name)
    if name != found.name and ", " in name and ", " not in found.name:
        name = name.split(", ")[0]  # a translation listing spelling variants: keep the first
    return name


def language_choices(codes, language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by the name in the interface language."""
    choices = [(code, language_name(code, language)) for code in codes]
    return sorted(choices, key=lambda choice: choice[1].casefold())


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


def default_language_codes() -> list[str]:
    """Every ISO 639 language with a two-letter code, plus EXTRA_LANGUAGES."""
    codes = {language.alpha_3 for language in pycountry.languages if hasattr(language, "alpha_2")}
    codes.update(code for code in EXTRA_LANGUAGES if language_by_code(code) is not None)
    return sorted(codes)
