"""The national number fills and checks the file (issue 13, item 7), through the
registration and edit forms: typing it fills birth date and sex (here: the server's fill of
blank fields; the page's own fill is tests/browser/test_national_number.py); a number that
disagrees with them is an error on the field, in the user's language; "already registered"
links to the file, with its name, only for a user the access policy lets open that file,
and otherwise says so without the name or a link."""

import datetime
import re

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from haven.core.models import AccessAction, AccessLogEntry
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, caseload_add, person_edit_data, person_form_data

NATIONAL_NUMBER = "85.07.30-033.28"  # a man born on 30 July 1985
TAKEN = "A person with this national register or BIS number is already registered."
DATE_MISMATCH = "The date of birth does not match the national register or BIS number."
SEX_MISMATCH = "The sex does not match the national register or BIS number."


def _with_check_digits(body: str) -> str:
    """A number born before 2000: the 9 digits and 97 − (them mod 97)."""
    return f"{body}{97 - int(body) % 97:02d}"


def _errors(response, field: str) -> list[str]:
    return re.findall(rf'<p class="error" id="id_{field}-error">(.*?)</p>', response.content.decode())


def _dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def test_a_blank_birth_date_and_sex_are_filled_from_the_number(intake_client):
    response = intake_client.post(
        "/people/new/", person_form_data(national_number=NATIONAL_NUMBER, birth_date="", sex="")
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.birth_date, person.sex, person.national_number) == (datetime.date(1985, 7, 30), "M", "85073003328")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_date": "31/07/1985", "sex": "M"}, "birth_date", DATE_MISMATCH),
        ({"birth_date": "30/07/1985", "sex": "F"}, "sex", SEX_MISMATCH),
    ],
)
def test_a_number_that_disagrees_is_an_error_on_the_field_in_dutch(intake_client, overrides, field, message):
    response = intake_client.post("/people/new/", person_form_data(national_number=NATIONAL_NUMBER, **overrides))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert _errors(response, field) == [escape(_dutch(message))]
    assert "85073003328" not in response.content.decode()  # the number is only in the input
    assert not Person.objects.exists()


def test_the_disagreement_is_in_english_for_a_user_who_chose_english(intake_client):
    intake_client.cookies["haven_language"] = "en"
    response = intake_client.post(
        "/people/new/", person_form_data(national_number=NATIONAL_NUMBER, birth_date="31/07/1985", sex="M")
    )
    assert response["Content-Language"] == "en"
    assert _errors(response, "birth_date") == [escape(DATE_MISMATCH)]


def test_already_registered_links_to_the_file_with_its_name_for_intake(intake_client, intake_user):
    existing = PersonFactory(
        given_names="Ivan", family_name="Karakashev", national_number="85073003328", birth_date="1985-07-30", sex="M"
    )
    response = intake_client.post(
        "/people/new/", person_form_data(given_names="Iwan", national_number=NATIONAL_NUMBER, birth_date="", sex="")
    )
    assert response.status_code == 200
    (error,) = _errors(response, "national_number")
    assert error.startswith(escape(_dutch(TAKEN)))
    assert f'<a href="/people/{existing.pk}/">' in error
    assert "KARAKASHEV Ivan" in error and existing.reference in error
    assert "85073003328" not in error and "033" not in error
    # The name was shown: traced as listed, like any list that shows a person.
    assert AccessLogEntry.objects.filter(person_id=existing.pk, user=intake_user, action=AccessAction.LIST).exists()
    assert Person.objects.count() == 1


def test_already_registered_links_a_counsellor_to_a_file_of_the_caseload(counsellor_client, counsellor, caseload):
    mother, _son, _link = caseload
    number = _with_check_digits("850730035")
    client_of_theirs = PersonFactory(
        given_names="Olena", family_name="Kovalenko", national_number=number, birth_date="1985-07-30", sex="M"
    )
    caseload_add(counsellor, client_of_theirs)
    response = counsellor_client.post(
        f"/people/{mother.pk}/edit/?purpose=correction",
        person_edit_data(mother, national_number=number, birth_date="30/07/1985", sex="M"),
    )
    (error,) = _errors(response, "national_number")
    assert f'<a href="/people/{client_of_theirs.pk}/">' in error and "KOVALENKO Olena" in error


def test_already_registered_names_no_one_to_a_counsellor_outside_the_caseload(counsellor_client, counsellor, caseload):
    mother, _son, _link = caseload
    stranger = PersonFactory(
        given_names="Ivan", family_name="Karakashev", national_number="85073003328", birth_date="1985-07-30", sex="M"
    )
    response = counsellor_client.post(
        f"/people/{mother.pk}/edit/?purpose=correction",
        person_edit_data(mother, national_number=NATIONAL_NUMBER, birth_date="30/07/1985", sex="M"),
    )
    assert response.status_code == 200
    (error,) = _errors(response, "national_number")
    assert error.startswith(escape(_dutch(TAKEN)))
    assert "href" not in error and stranger.reference in error
    page = response.content.decode()
    assert "Karakashev" not in page and "KARAKASHEV" not in page and "Ivan" not in page
    assert not AccessLogEntry.objects.filter(person_id=stranger.pk, user=counsellor).exists()
    mother.refresh_from_db()
    assert mother.national_number is None
