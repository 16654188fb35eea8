"""The health endpoint and the site's own error pages."""

import datetime
import re

import pytest

from conftest import logged_in_client
from haven.people.tests.factories import PersonFactory


def _template_names(response) -> list[str]:
    return [template.name for template in response.templates]


@pytest.mark.django_db
def test_health_answers_ok_without_login(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


@pytest.fixture
def person(db):
    return PersonFactory(
        given_names="Yonas",
        family_name="Tesfamariam",
        birth_date=datetime.date(1988, 4, 23),
        nationality="ER",
        street="Sleepstraat",
        phone="0470 12 34 56",
    )


@pytest.mark.django_db
def test_forbidden_page_uses_the_site_template_and_shows_no_personal_data(outsider, person):
    response = logged_in_client(outsider).get(f"/people/{person.pk}/", {"purpose": "audit"})

    assert response.status_code == 403
    assert "403.html" in _template_names(response)
    assert "base.html" in _template_names(response)
    html = response.content.decode()
    assert 'class="shell-header"' in html
    for personal in ("Yonas", "Tesfamariam", "TESFAMARIAM", "23/04/1988", "Sleepstraat", "0470"):
        assert personal not in html


@pytest.mark.django_db
def test_forbidden_report_page_uses_the_site_template(counsellor_client):
    response = counsellor_client.get("/reports/annual/2019/")
    assert response.status_code == 403
    assert "403.html" in _template_names(response)


@pytest.mark.django_db
def test_not_found_page_uses_the_site_template_and_its_message_does_not_repeat_the_address(client):
    response = client.get("/people/Tesfamariam-Yonas-1988/")

    assert response.status_code == 404
    assert "404.html" in _template_names(response)
    assert "base.html" in _template_names(response)
    html = response.content.decode()
    assert 'class="shell-header"' in html
    # The header's language switch carries the current address back in a hidden
    # field (to return to it); the page's message itself must not repeat it.
    main = re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S).group(1)
    assert "Tesfamariam" not in main
    assert "Yonas" not in main


@pytest.mark.django_db
def test_file_that_does_not_exist_gives_the_site_not_found_page(counsellor_client, person):
    response = counsellor_client.get(f"/people/{person.pk + 1000}/", {"purpose": "counselling"})
    assert response.status_code == 404
    assert "404.html" in _template_names(response)
    assert "Tesfamariam" not in response.content.decode()
    assert "Yonas" not in response.content.decode()
