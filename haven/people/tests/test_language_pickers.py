"""The registry's language and nationality fields: searchable pickers named and sorted in
the interface language (CLDR), the agency's languages first, Dutch among them, no ancient
language; a forged value is a field error."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from haven.core import reference
from haven.core.models import Language
from haven.people.forms import PersonForm

pytestmark = pytest.mark.django_db


def _select(html: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def _names(select: str) -> list[str]:
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', select)


def test_the_registration_form_has_pickers_in_dutch(intake_client):
    intake_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = intake_client.get("/people/new/").content.decode()
    assert html.count('<div class="picker" data-picker') == 3  # nationality, languages, preferred language
    assert "Hold Ctrl" not in html
    languages = _select(html, "languages")
    working, others = re.findall(r'<optgroup label="[^"]*">(.*?)</optgroup>', languages, re.S)
    assert _names(working) == [name for _code, name in reference.language_choices(reference.AGENCY_LANGUAGES, "nl")]
    assert "Nederlands" in _names(working) and "Wolof" in _names(others)
    assert "Avestisch" not in languages and "Latijn" not in languages and "Volapük" not in languages
    nationality = _names(_select(html, "nationality"))
    assert nationality == sorted(nationality, key=reference.sort_key)
    assert "Noord-Macedonië" in nationality and "Syrië" in nationality
    assert '<script src="/static/picker.js" defer></script>' in html


def test_a_forged_ancient_language_is_a_field_error():
    Language.objects.create(code="vol", active=False)  # an older database still has the row
    with translation.override("en"):
        form = PersonForm(data={"languages": ["ara", "vol"], "preferred_language": "lat", "nationality": "XX"})
        form.is_valid()
    assert form.errors["languages"] == ["Volapük is not a living language: choose the language the person speaks."]
    assert form.errors["preferred_language"] == [
        "Latin is not a living language: choose the language the person speaks."
    ]
    assert form.errors["nationality"] == ["Unknown country."]
