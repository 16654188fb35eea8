"""The language of an interpreting request: the languages the agency works in, never Dutch
(the language interpreted into), never an ancient or unoffered one, in a searchable picker
named in the interface language; a forged value is refused on the page and in the API."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import logged_in_client
from haven.core.models import Language
from haven.interpreting.models import InterpretingRequest, RequestKind
from haven.interpreting.tests.requests_data import at, bookable_day

pytestmark = pytest.mark.django_db


def _form(site, language: str) -> dict:
    day = bookable_day()
    return {
        "kind": RequestKind.ON_SITE,
        "language": language,
        "dialect": "",
        "starts_at": f"{day:%d/%m/%Y} 10:00",
        "duration_minutes": "60",
        "site": site.pk,
        "video_link": "",
        "subject_sector": "health",
        "required_sex": "",
        "preferred_sex": "",
        "preferred_interpreter": "",
        "notes": "",
    }


def _language_options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_request_form_offers_the_agencys_languages_but_dutch_in_dutch(partner_a):
    client = logged_in_client(partner_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = client.get(reverse("interpreting:request_new")).content.decode()
    assert '<div class="picker" data-picker' in html
    options = dict(_language_options(html))
    assert options["ara"] == "Arabisch" and options["prs"] == "Dari" and options["pus"] == "Pashtu"
    assert "nld" not in options  # the language interpreted into
    assert {"ave", "lat", "vol", "wol"}.isdisjoint(options)  # ancient, constructed, not offered
    assert len(options) == Language.objects.filter(active=True).count()  # the empty choice in, Dutch out


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("nld", "Dutch is the language interpreted into: choose the language of the person who needs the interpreter."),
        ("ave", "Avestan is not a living language: the agency does not interpret it."),
        ("wol", "The agency does not work in Wolof: choose one of the languages offered."),
    ],
)
def test_a_forged_language_is_refused_with_a_clear_message(partner_a, organisation_a, code, message):
    if code == "ave":  # an older database still has the row
        Language.objects.create(code="ave", active=False)
    response = logged_in_client(partner_a).post(
        reverse("interpreting:request_new"), _form(organisation_a.sites.first(), code)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["language"] == [message]
    assert not InterpretingRequest.objects.exists()


def test_the_api_refuses_dutch_too(partner_a, organisation_a):
    body = {
        "kind": "on_site",
        "language": "nld",
        "starts_at": at(bookable_day(), 10).isoformat(),
        "duration_minutes": 60,
        "site_id": organisation_a.sites.first().pk,
        "subject_sector": "health",
    }
    response = logged_in_client(partner_a).post("/api/interpreting/requests", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["errors"]["language"] == [
        "Dutch is the language interpreted into: choose the language of the person who needs the interpreter."
    ]
    assert not InterpretingRequest.objects.exists()
    body["language"] = "ara"
    response = logged_in_client(partner_a).post("/api/interpreting/requests", body, content_type="application/json")
    assert response.status_code == 201, response.content
