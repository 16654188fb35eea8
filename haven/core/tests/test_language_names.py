"""Language and country names as people write them: CLDR (Babel) for Belgian Dutch and
English, the agency's own names where its annual report differs, and an order that puts
accented names with their letters."""

import pytest

from haven.core import reference


@pytest.mark.parametrize(
    ("code", "dutch", "english"),
    [
        ("ara", "Arabisch", "Arabic"),
        ("mkd", "Macedonisch", "Macedonian"),  # pycountry: "Macedonisch" / "Macedonian" too
        ("bel", "Belarussisch", "Belarusian"),  # pycountry nl: "Wit-Russisch; Belarussisch"
        ("ell", "Grieks", "Greek"),  # pycountry: "Modern Greek (1453-)"
        ("nep", "Nepalees", "Nepali"),  # pycountry: "Nepali (macrolanguage)"
        ("tha", "Thai", "Thai"),  # pycountry nl: "Thais"
        ("ukr", "Oekraïens", "Ukrainian"),
        ("yue", "Kantonees", "Cantonese"),  # pycountry: "Yue Chinese"
        ("prs", "Dari", "Dari"),  # CLDR's fa_AF
    ],
)
def test_language_names_come_from_cldr_in_dutch_and_english(code, dutch, english):
    assert reference.language_name(code, "nl") == dutch
    assert reference.language_name(code, "en") == english


@pytest.mark.parametrize(
    ("code", "dutch", "english"),
    [
        ("pus", "Pashtu", "Pashto"),  # CLDR nl: "Pasjtoe"
        ("fas", "Farsi", "Persian"),  # CLDR nl: "Perzisch"
        ("som", "Somali", "Somali"),  # CLDR nl: "Somalisch"
        ("kmr", "Koerdisch (Kurmanji)", "Kurdish (Kurmanji)"),  # not in CLDR
        ("ckb", "Koerdisch (Sorani)", "Kurdish (Sorani)"),
    ],
)
def test_the_agencys_own_names_win_where_its_report_writes_otherwise(code, dutch, english):
    assert reference.language_name(code, "nl") == dutch
    assert reference.language_name(code, "en") == english


@pytest.mark.parametrize(
    ("code", "dutch", "english"),
    [
        ("MK", "Noord-Macedonië", "North Macedonia"),
        ("CD", "Congo-Kinshasa", "Congo - Kinshasa"),
        ("SY", "Syrië", "Syria"),
        ("IN", "Indië", "India"),  # the annual report's name
        ("BY", "Belarus", "Belarus"),  # pycountry nl: "Wit-Rusland"
    ],
)
def test_country_names_come_from_cldr(code, dutch, english):
    assert reference.country_name(code, "nl") == dutch
    assert reference.country_name(code, "en") == english


def test_the_name_follows_the_interface_language(settings):
    from django.utils import translation

    with translation.override("en"):
        assert reference.language_name("deu") == "German"
        assert reference.country_name("DE") == "Germany"
    with translation.override("nl"):
        assert reference.language_name("deu") == "Duits"
        assert reference.country_name("DE") == "Duitsland"


def test_accents_and_case_do_not_decide_the_order():
    names = ["Ezel", "égypte", "Eagle", "Écosse", "eend"]
    assert sorted(names, key=reference.sort_key) == ["Eagle", "Écosse", "eend", "égypte", "Ezel"]
    # A plain sort would put every accented or lower-case name after "Ezel".
    assert sorted(names)[-1] == "égypte"


@pytest.mark.parametrize(
    ("language", "before", "after"), [("nl", "Afghanistan", "Albanië"), ("en", "Afghanistan", "Albania")]
)
def test_countries_are_sorted_by_their_name_in_the_interface_language(language, before, after):
    names = [name for _code, name in reference.country_choices(language)]
    aland = next(name for name in names if name.startswith("Åland"))
    assert names.index(before) < names.index(aland) < names.index(after)
    assert names == sorted(names, key=reference.sort_key)


def test_languages_are_sorted_by_their_name_in_the_interface_language():
    codes = ["deu", "nld", "ell", "ara", "ukr", "tur"]
    assert [name for _code, name in reference.language_choices(codes, "nl")] == [
        "Arabisch",
        "Duits",
        "Grieks",
        "Nederlands",
        "Oekraïens",
        "Turks",
    ]
    assert [name for _code, name in reference.language_choices(codes, "en")] == [
        "Arabic",
        "Dutch",
        "German",
        "Greek",
        "Turkish",
        "Ukrainian",
    ]


def test_only_living_languages_are_loaded():
    codes = set(reference.default_language_codes())
    assert {"ave", "lat", "vol", "epo", "san"}.isdisjoint(codes)
    assert {"ara", "nld", "prs", "ckb", "kmr", "tir"} <= codes
    assert set(reference.non_living_codes()) >= {"ave", "lat", "vol"}
    assert not reference.is_living("ave") and reference.is_living("tir")


def test_the_agency_languages_are_living_and_known():
    assert all(reference.is_living(code) for code in reference.AGENCY_LANGUAGES)
    assert reference.DUTCH in reference.AGENCY_LANGUAGES


def test_a_language_is_found_by_its_names_in_either_language_and_its_codes():
    terms = reference.language_search_terms("fas").split()
    assert {"farsi", "perzisch", "persian", "fa", "fas"} <= set(terms)
    assert "egypte" in reference.country_search_terms("EG").split()  # Egypte, accents folded
