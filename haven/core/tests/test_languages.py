"""Interface language (Dutch by default, English on request) and Belgian formats."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client

from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, caseload_add

BIRTH_DATE = datetime.date(1990, 11, 7)  # day ≠ month, so 07/11 and 11/07 differ


def _html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def _choose(client: Client, language: str, next_url: str = "/login/"):
    return client.post("/language/", {"language": language, "next": next_url})


@pytest.mark.django_db
def test_interface_is_dutch_even_when_the_browser_asks_for_english(client):
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _html_lang(response) == "nl"
    assert response.headers["Content-Language"] == "nl"


@pytest.mark.django_db
def test_choosing_english_sets_the_cookie_and_the_next_page_is_english(client):
    response = _choose(client, "en")

    assert response.status_code == 302
    assert response.url == "/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    following = client.get("/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert _html_lang(following) == "en"
    assert following.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_choosing_dutch_again_switches_back(client):
    _choose(client, "en")
    _choose(client, "nl")
    assert _html_lang(client.get("/login/")) == "nl"


@pytest.mark.django_db
def test_a_cookie_for_an_unsupported_language_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert _html_lang(client.get("/login/", HTTP_ACCEPT_LANGUAGE="de")) == "nl"


@pytest.mark.django_db
def test_choosing_an_unsupported_language_keeps_the_interface_dutch(client):
    _choose(client, "de")
    assert _html_lang(client.get("/login/")) == "nl"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/login/", "/"])
def test_header_has_the_language_switch(counsellor, path):
    client = Client()
    if path == "/":
        client.force_login(counsellor)
    html = client.get(path).content.decode()
    switch = re.search(r'<form method="post" action="/language/" class="language-switch">(.*?)</form>', html, re.S)
    assert switch, "no language switch in the header"
    assert 'name="csrfmiddlewaretoken"' in switch.group(1)
    for code in ("nl", "en"):
        assert f'name="language" value="{code}"' in switch.group(1)
    assert f'<input type="hidden" name="next" value="{path}">' in switch.group(1)


@pytest.mark.django_db
def test_language_switch_marks_the_current_language(client):
    html = client.get("/login/").content.decode()
    assert re.search(r'value="nl"\s+aria-current="true"', html)
    _choose(client, "en")
    html = client.get("/login/").content.decode()
    assert re.search(r'value="en"\s+aria-current="true"', html)
    assert not re.search(r'value="nl"\s+aria-current="true"', html)


@pytest.fixture
def person(db, counsellor):
    """Amal, in the counsellor persona's caseload (whose files the counsellor may open)."""
    person = PersonFactory(
        given_names="Amal",
        family_name="Haddad",
        birth_date=BIRTH_DATE,
        nationality="SY",
        first_registration_date=datetime.date(2019, 3, 4),
    )
    caseload_add(counsellor, person)
    return person


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_file_shows_the_birth_date_as_day_month_year(counsellor_client, person, language):
    counsellor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = counsellor_client.get(f"/people/{person.pk}/", {"purpose": "counselling"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _html_lang(response) == language
    assert "07/11/1990" in html
    assert "04/03/2019" in html  # first registration
    assert "11/07/1990" not in html
    assert "1990-11-07" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_search_results_show_the_birth_date_as_day_month_year(counsellor_client, person, language):
    counsellor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = counsellor_client.get("/people/").content.decode()
    assert "HADDAD Amal" in html
    assert "07/11/1990" in html
    assert "11/07/1990" not in html


def _settle(count: int, year: int) -> None:
    people = PersonFactory.build_batch(
        count, nationality="BG", birth_date=BIRTH_DATE, first_registration_date=datetime.date(year, 5, 1)
    )
    Person.objects.bulk_create(people)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown", "not_shown"), [("nl", "4.742", "4,742"), ("en", "4,742", "4.742")])
def test_report_page_groups_thousands_in_the_interface_language(manager_client, language, shown, not_shown):
    _settle(4742, 2019)
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = manager_client.get("/reports/annual/2019/")

    assert response.status_code == 200
    html = re.sub(r"</?a\b[^>]*>", "", response.content.decode())  # the figures link their records
    assert f"<strong>{shown}</strong>" in html
    assert not_shown not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_report_page_does_not_group_the_digits_of_a_year(manager_client, language):
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = manager_client.get("/reports/annual/2019/").content.decode()
    assert "2019" in html
    assert "2.019" not in html
    assert "2,019" not in html
