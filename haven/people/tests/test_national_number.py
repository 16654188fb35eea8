"""National register and BIS numbers, through the registration form and the API:
stored as 11 digits, shown in the printed form, refused with a clear message that
never repeats the number."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from stdnum.be import bis, nn

from haven.people.identifiers import national_number_clean
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, person_api_payload, person_edit_data, person_form_data

NATIONAL_NUMBER = "85.07.30-033.28"  # born 30 July 1985
BIS_NUMBER_PLUS_20 = "85.27.30-033.71"  # month + 20: birth date known, sex unknown
BIS_NUMBER_PLUS_40 = "85.47.30-033.17"  # month + 40: birth date and sex known
BORN_IN_2005 = "05.03.15-123.67"  # the check digits are computed over 2050315123

CHECKSUM = "The check digits do not match: please check the national register or BIS number."
LENGTH = "A national register or BIS number has 11 digits."
DIGITS_ONLY = "A national register or BIS number has only digits (dots, dashes and spaces are allowed)."
TAKEN = "A person with this national register or BIS number is already registered."


def _dutch(message: str) -> str:
    # The site speaks Dutch unless the user picks English. Compared with the catalogue
    # rather than a literal, so this holds before and after the catalogue is compiled.
    with translation.override("nl"):
        return gettext(message)


def _shown_errors(response, field: str = "national_number") -> list[str]:
    """The error paragraphs the page shows under a field, as rendered (in the
    request's language, not the test's)."""
    return re.findall(rf'<p class="error" id="id_{field}-error">(.*?)</p>', response.content.decode())


def _digits(number: str) -> str:
    return "".join(char for char in number if char.isdigit())


def test_the_fixture_numbers_are_what_python_stdnum_says():
    assert nn.is_valid(NATIONAL_NUMBER) and not bis.is_valid(NATIONAL_NUMBER)
    assert bis.is_valid(BIS_NUMBER_PLUS_20) and bis.is_valid(BIS_NUMBER_PLUS_40)
    assert nn.is_valid(BORN_IN_2005) and nn.get_birth_date(BORN_IN_2005).year == 2005
    # Without the 2000s rule its check digits would be wrong: the '2' prefix matters.
    assert (97 - int(_digits(BORN_IN_2005)[:9]) % 97) != int(_digits(BORN_IN_2005)[9:])


@pytest.mark.parametrize("typed", [NATIONAL_NUMBER, "85073003328", "850730 033 28", " 85.07.30-033.28 "])
def test_form_stores_a_valid_national_number_as_eleven_digits_and_shows_it_formatted(intake_client, typed):
    response = intake_client.post(
        "/people/new/", person_form_data(birth_date="30/07/1985", sex="M", national_number=typed)
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.national_number == "85073003328"
    assert person.national_number_kind == "nn"
    page = intake_client.get(response["Location"]).content.decode()
    assert NATIONAL_NUMBER in page


@pytest.mark.parametrize(
    ("number", "display"), [(BIS_NUMBER_PLUS_20, BIS_NUMBER_PLUS_20), (BIS_NUMBER_PLUS_40, BIS_NUMBER_PLUS_40)]
)
def test_form_accepts_a_bis_number(intake_client, number, display):
    # The +40 number fixes the sex (male: 033 is odd); the +20 one leaves it open.
    response = intake_client.post(
        "/people/new/", person_form_data(birth_date="30/07/1985", sex="M", national_number=number)
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.national_number == _digits(number)
    assert person.national_number_kind == "bis"
    response = intake_client.get(response["Location"])
    assert display in response.content.decode()
    with translation.override("nl"):
        assert gettext("BIS number") in response.content.decode()


def test_form_accepts_a_number_of_someone_born_after_2000(intake_client):
    response = intake_client.post(
        "/people/new/", person_form_data(birth_date="15/03/2005", sex="M", national_number=BORN_IN_2005)
    )
    assert response.status_code == 302
    assert Person.objects.get().national_number == "05031512367"
    assert BORN_IN_2005 in intake_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("85.07.30-033.29", CHECKSUM),
        ("85073003382", CHECKSUM),
        ("85.07.30-033.2", LENGTH),
        ("85.07.30-033.288", LENGTH),
        ("123", LENGTH),
        ("85.07.30-O33.28", DIGITS_ONLY),
        ("AB.07.30-033.28", DIGITS_ONLY),
    ],
)
def test_form_refuses_an_invalid_number_with_a_dutch_message_on_the_field(intake_client, typed, message):
    response = intake_client.post("/people/new/", person_form_data(national_number=typed))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert _shown_errors(response) == [escape(_dutch(message))]
    assert "national_number" in response.context["form"].errors
    assert _digits(typed) not in " ".join(_shown_errors(response))
    assert not Person.objects.exists()


def test_form_shows_the_error_in_english_for_a_user_who_chose_english(intake_client):
    intake_client.cookies["haven_language"] = "en"
    response = intake_client.post("/people/new/", person_form_data(national_number="85.07.30-033.29"))
    assert response["Content-Language"] == "en"
    assert _shown_errors(response) == [escape(CHECKSUM)]


def test_form_refuses_a_number_already_registered_without_repeating_it(intake_client):
    existing = PersonFactory(national_number="85073003328", birth_date="1985-07-30", sex="M")
    response = intake_client.post(
        "/people/new/", person_form_data(national_number="85 07 30 033 28", birth_date="30/07/1985", sex="M")
    )
    assert response.status_code == 200
    errors = _shown_errors(response)
    assert len(errors) == 1 and errors[0].startswith(escape(_dutch(TAKEN)))
    assert f'<a href="/people/{existing.pk}/">' in errors[0] and existing.reference in errors[0]
    assert "85073003328" not in errors[0] and "033" not in errors[0]
    assert Person.objects.count() == 1


def test_form_refuses_an_existing_number_when_editing_another_person(intake_client):
    existing = PersonFactory(national_number="85073003328", birth_date="1985-07-30", sex="M")
    other = PersonFactory(birth_date=datetime.date(1985, 7, 30), sex="M")
    response = intake_client.post(f"/people/{other.pk}/edit/", person_edit_data(other, national_number=NATIONAL_NUMBER))
    assert response.status_code == 200
    (error,) = _shown_errors(response)
    assert error.startswith(escape(_dutch(TAKEN))) and f'href="/people/{existing.pk}/"' in error
    other.refresh_from_db()
    assert other.national_number is None


def test_edit_form_shows_the_number_formatted_and_saves_it_unchanged(intake_client):
    person = PersonFactory(national_number="85073003328", birth_date="1985-07-30", sex="M")
    person.refresh_from_db()
    page = intake_client.get(f"/people/{person.pk}/edit/").content.decode()
    assert f'value="{NATIONAL_NUMBER}"' in page
    response = intake_client.post(f"/people/{person.pk}/edit/", person_edit_data(person, notes="Called"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.national_number, person.notes) == ("85073003328", "Called")


@pytest.mark.parametrize(
    ("typed", "shown", "kind", "born"),
    [
        (NATIONAL_NUMBER, NATIONAL_NUMBER, "nn", "1985-07-30"),
        ("85073003328", NATIONAL_NUMBER, "nn", "1985-07-30"),
        (BIS_NUMBER_PLUS_20, BIS_NUMBER_PLUS_20, "bis", "1985-07-30"),
        ("85473003317", BIS_NUMBER_PLUS_40, "bis", "1985-07-30"),
        (BORN_IN_2005, BORN_IN_2005, "nn", "2005-03-15"),
    ],
)
def test_api_stores_a_valid_number_as_eleven_digits_and_returns_it_formatted(intake_client, typed, shown, kind, born):
    response = intake_client.post(
        "/api/people",
        person_api_payload(national_number=typed, birth_date=born, sex="M"),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert Person.objects.get(pk=body["id"]).national_number == _digits(typed)
    assert (body["national_number"], body["national_number_kind"]) == (shown, kind)
    read = intake_client.get(f"/api/people/{body['id']}?purpose=registration").json()
    assert (read["national_number"], read["national_number_kind"]) == (shown, kind)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("85.07.30-033.29", CHECKSUM),
        ("85.07.30-033.2", LENGTH),
        ("85.07.30-O33.28", DIGITS_ONLY),
    ],
)
def test_api_refuses_an_invalid_number_with_a_message_on_the_field(intake_client, typed, message):
    response = intake_client.post(
        "/api/people", person_api_payload(national_number=typed), content_type="application/json"
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["national_number"] == [_dutch(message)]
    assert _digits(typed) not in response.content.decode()
    assert not Person.objects.exists()


def test_api_gives_the_message_in_english_to_a_user_who_chose_english(intake_client):
    intake_client.cookies["haven_language"] = "en"
    response = intake_client.post(
        "/api/people", person_api_payload(national_number="85.07.30-033.29"), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"]["national_number"] == [CHECKSUM]


def test_api_refuses_a_number_already_registered(intake_client):
    existing = PersonFactory(national_number="85073003328", birth_date="1985-07-30", sex="M")
    response = intake_client.post(
        "/api/people",
        person_api_payload(national_number=NATIONAL_NUMBER, birth_date="1985-07-30", sex="M"),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["errors"]["national_number"] == [_dutch(TAKEN)]
    assert response.json()["existing"] == {"id": existing.pk, "reference": existing.reference}
    assert "85073003328" not in response.content.decode()
    assert Person.objects.count() == 1


def test_api_patch_refuses_a_number_of_someone_else(intake_client):
    PersonFactory(national_number="85073003328", birth_date="1985-07-30", sex="M")
    other = PersonFactory(birth_date=datetime.date(1985, 7, 30), sex="M")
    response = intake_client.patch(
        f"/api/people/{other.pk}", {"national_number": NATIONAL_NUMBER}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["errors"]["national_number"] == [_dutch(TAKEN)]
    other.refresh_from_db()
    assert other.national_number is None


def test_an_impossible_birth_date_in_the_number_is_refused():
    # Month 13 with valid check digits: neither a national register nor a BIS number.
    base = "851330033"
    number = base + f"{97 - int(base) % 97:02d}"
    with pytest.raises(ValidationError) as refused:
        national_number_clean(number)
    assert refused.value.code == "invalid_component"
    assert number not in str(refused.value)
