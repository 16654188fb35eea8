"""Which languages each list offers (core.languages), the administrator's switch, and the
picker widget that shows them (core.pickers)."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from haven.core import reference
from haven.core.languages import Offer, interpreting_refusal, language_groups, offered_languages
from haven.core.models import Language
from haven.core.pickers import CountryField, LanguageField, LanguagesField
from haven.core.services import languages_load_defaults


def _codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


@pytest.mark.django_db
def test_the_migration_switches_on_the_agencys_languages_and_no_other():
    assert _codes(Language.objects.filter(active=True)) == set(reference.AGENCY_LANGUAGES)
    assert Language.objects.filter(code="wol", active=False).exists()  # loaded, not offered first


@pytest.mark.django_db
def test_interpreting_offers_the_active_languages_but_dutch():
    offered = _codes(offered_languages(Offer.INTERPRETING))
    assert offered == set(reference.AGENCY_LANGUAGES) - {"nld"}
    assert {"ara", "tir", "prs"} <= offered


@pytest.mark.django_db
def test_a_person_may_speak_any_living_language_but_no_ancient_one():
    # An older database still has Avestan, Latin and Volapük rows (core migration 0003).
    Language.objects.bulk_create([Language(code=code, active=False) for code in ("ave", "lat", "vol")])
    offered = _codes(offered_languages(Offer.SPOKEN))
    assert {"nld", "ara", "wol", "tig"} <= offered
    assert offered.isdisjoint({"ave", "lat", "vol"})


@pytest.mark.django_db
def test_the_spoken_list_puts_the_agencys_languages_first_sorted_by_name():
    with translation.override("nl"):
        groups = language_groups(Offer.SPOKEN)
        (first_label, first), (other_label, others) = groups
        labels = (str(first_label), str(other_label))
    assert [code for code, _name in first] == [
        code for code, _name in reference.language_choices(reference.AGENCY_LANGUAGES, "nl")
    ]
    assert [name for _code, name in first][:3] == ["Albanees", "Amhaars", "Arabisch"]
    assert "wol" in {code for code, _name in others} and "ara" not in {code for code, _name in others}
    names = [name for _code, name in others]
    assert names == sorted(names, key=reference.sort_key)
    assert labels == ("Talen waarin het agentschap werkt", "Andere talen")


@pytest.mark.django_db
def test_the_working_list_has_one_group_with_dutch():
    groups = language_groups(Offer.WORKING, "en")
    assert len(groups) == 1
    assert ("nld", "Dutch") in groups[0][1]


@pytest.mark.django_db
def test_interpreting_refuses_dutch_an_ancient_and_an_unoffered_language_in_words():
    Language.objects.create(code="ave", active=False)
    with translation.override("en"):
        assert "Dutch is the language interpreted into" in interpreting_refusal("nld")
        assert interpreting_refusal("ave") == "Avestan is not a living language: the agency does not interpret it."
        assert "The agency does not work in Wolof" in interpreting_refusal(Language.objects.get(code="wol"))
        assert interpreting_refusal(Language.objects.get(code="ara")) is None


@pytest.mark.django_db
def test_switching_a_language_on_offers_it_for_interpreting():
    Language.objects.filter(code="wol").update(active=True)
    assert "wol" in _codes(offered_languages(Offer.INTERPRETING))
    Language.objects.filter(code="ara").update(active=False)
    assert "ara" not in _codes(offered_languages(Offer.INTERPRETING))
    assert "ara" in _codes(offered_languages(Offer.SPOKEN))


@pytest.mark.django_db
def test_an_ancient_language_can_be_neither_added_nor_switched_on():
    with pytest.raises(ValidationError) as added:
        Language(code="grc").full_clean()  # Ancient Greek
    assert "Alleen een levende taal" in str(added.value)  # Dutch, the default language
    ave = Language.objects.create(code="ave", active=False)
    ave.active = True
    with pytest.raises(ValidationError) as switched:
        ave.full_clean()
    assert "nooit aangeboden" in str(switched.value)
    Language(code="gsw").full_clean()  # a living language without a row yet: fine


@pytest.mark.django_db
def test_loading_the_defaults_after_a_reset_switches_on_only_the_agencys_languages():
    Language.objects.all().delete()
    added = languages_load_defaults()
    assert added == len(set(reference.default_language_codes()) | set(reference.AGENCY_LANGUAGES))
    assert _codes(Language.objects.filter(active=True)) == set(reference.AGENCY_LANGUAGES)
    assert languages_load_defaults() == 0


# The picker ------------------------------------------------------------------------------


class _Form(forms.Form):
    spoken = LanguagesField(Offer.SPOKEN, label="spoken", required=False)
    interpreting = LanguageField(Offer.INTERPRETING, label="interpreting", required=False)
    country = CountryField(label="country", required=False, empty_label="unknown")


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


@pytest.mark.django_db
def test_the_picker_renders_a_searchable_grouped_select_in_the_interface_language():
    with translation.override("nl"):
        html = str(_Form()["spoken"])
    assert html.startswith('<div class="picker" data-picker data-multiple')
    assert 'data-placeholder="Typ om te zoeken"' in html
    assert re.search(r'<select name="spoken" [^>]*multiple', html)
    assert '<optgroup label="Talen waarin het agentschap werkt">' in html and '<optgroup label="Andere talen">' in html
    options = _options(html, "spoken")
    assert ("ara", "Arabisch") in options and ("nld", "Nederlands") in options
    assert "ave" not in {code for code, _name in options}
    farsi = re.search(r'<option value="fas" data-search="([^"]*)"', html).group(1)
    assert {"farsi", "perzisch", "persian"} <= set(farsi.split())


@pytest.mark.django_db
def test_the_interpreting_picker_has_no_dutch_and_names_in_english_when_asked():
    with translation.override("en"):
        html = str(_Form()["interpreting"])
    options = _options(html, "interpreting")
    codes = [code for code, _name in options]
    assert codes[0] == "" and "nld" not in codes and "wol" not in codes
    assert ("ara", "Arabic") in options
    names = [name for code, name in options if code]
    assert names == sorted(names, key=reference.sort_key)


@pytest.mark.django_db
def test_the_country_picker_is_sorted_by_name():
    with translation.override("nl"):
        options = _options(str(_Form()["country"]), "country")
    assert options[0] == ("", "unknown")
    names = [name for _code, name in options[1:]]
    assert names == sorted(names, key=reference.sort_key)
    assert ("MK", "Noord-Macedonië") in options


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"interpreting": "nld"}, "interpreting", "Dutch is the language interpreted into"),
        ({"interpreting": "ave"}, "interpreting", "Avestan is not a living language"),  # not even a row
        ({"interpreting": "wol"}, "interpreting", "The agency does not work in Wolof"),
        ({"spoken": ["ara", "xyz"]}, "spoken", "Unknown language."),
        ({"country": "ZZ"}, "country", "Unknown country."),
    ],
)
def test_the_fields_refuse_a_forged_value_with_a_clear_message(data, field, message):
    with translation.override("en"):
        form = _Form(data)
        assert not form.is_valid()
        assert message in form.errors[field][0]


@pytest.mark.django_db
def test_an_ancient_language_left_in_an_old_database_is_refused_for_a_person():
    Language.objects.create(code="lat", active=False)
    with translation.override("en"):
        form = _Form({"spoken": ["ara", "lat"]})
        assert not form.is_valid()
    assert form.errors["spoken"] == ["Latin is not a living language: choose the language the person speaks."]


@pytest.mark.django_db
def test_the_fields_give_languages_and_a_country_code():
    form = _Form({"spoken": ["ara", "wol", "nld"], "interpreting": "tir", "country": "SY"})
    assert form.is_valid(), form.errors
    assert {language.code for language in form.cleaned_data["spoken"]} == {"ara", "wol", "nld"}
    assert form.cleaned_data["interpreting"] == Language.objects.get(code="tir")
    assert form.cleaned_data["country"] == "SY"


# The administrator's switch ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_administrator_finds_a_language_by_name_and_offers_it(functional_admin):
    from conftest import logged_in_client
    from haven.core.models import AuditEntry

    client = logged_in_client(functional_admin)
    found = client.get("/admin/core/language/", {"q": "wolof"})
    assert found.status_code == 200
    assert [language.code for language in found.context["cl"].result_list] == ["wol"]
    kurdish = client.get("/admin/core/language/", {"q": "koerd"}).context["cl"].result_list
    assert {"kmr", "ckb", "kur"} <= {language.code for language in kurdish}

    response = client.post("/admin/core/language/wol/change/", {"active": "on"})
    assert response.status_code == 302
    assert Language.objects.get(code="wol").active
    assert "wol" in _codes(offered_languages(Offer.INTERPRETING))
    entry = AuditEntry.objects.filter(target_id="wol").latest("id")
    assert "active" in entry.fields
