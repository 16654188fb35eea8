"""Bad input to the registry gets a clear error and nothing is half-written (issue 10,
item 8): a national number that contradicts the birth date or sex, impossible dates,
names without a letter, unbounded notes, the same number twice (also at the same moment),
the same person twice at the same moment (PostgreSQL). Transport-level refusals (413,
415, control characters) are in haven/core/tests/test_limits.py; a few are repeated here
through the registry's own service, which must refuse them too."""

import datetime
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone, translation
from django.utils.translation import gettext
from stdnum.be import nn

from haven.core.models import AccessLogEntry
from haven.people import services
from haven.people.identifiers import national_number_clean, national_number_facts
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, person_api_payload, person_edit_data, person_form_data

NATIONAL_NUMBER = "85.07.30-033.28"  # born 30 July 1985, male (033 is odd)
BIS_SEX_UNKNOWN = "85.27.30-033.71"  # BIS, month + 20: birth date known, sex open
TAKEN = "A person with this national register or BIS number is already registered."
DATE_MISMATCH = "The date of birth does not match the national register or BIS number."
SEX_MISMATCH = "The sex does not match the national register or BIS number."
NO_LETTER = "A name must contain at least one letter."
BIRTH_RANGE = "A date of birth lies between 1 January 1900 and today."
IMPOSSIBLE = "This is not a valid national register or BIS number (the birth date in it is impossible)."

on_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL"
)


def _dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def _with_check_digits(first_nine: str) -> str:
    return first_nine + f"{97 - int(first_nine) % 97:02d}"


def _post_api(client, payload):
    return client.post("/api/people", json.dumps(payload), content_type="application/json")


def _form_errors(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


# The number agrees with the birth date and sex ------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "sex", "wrong"),
    [
        ("1985-07-31", "M", "birth_date"),
        ("1986-07-30", "M", "birth_date"),
        ("1985-07-30", "F", "sex"),
    ],
)
def test_api_refuses_a_number_that_contradicts_the_birth_date_or_sex(intake_client, birth_date, sex, wrong):
    response = _post_api(
        intake_client, person_api_payload(national_number=NATIONAL_NUMBER, birth_date=birth_date, sex=sex)
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {wrong: [_dutch(DATE_MISMATCH if wrong == "birth_date" else SEX_MISMATCH)]}
    assert "85073003328" not in response.content.decode() and "033" not in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("birth_date", "sex", "wrong"),
    [
        ("31/07/1985", "M", "birth_date"),
        ("30/07/1985", "F", "sex"),
    ],
)
def test_form_refuses_a_number_that_contradicts_the_birth_date_or_sex(intake_client, birth_date, sex, wrong):
    response = intake_client.post(
        "/people/new/", person_form_data(national_number=NATIONAL_NUMBER, birth_date=birth_date, sex=sex)
    )
    assert response.status_code == 200
    assert _form_errors(response) == {wrong: [_dutch(DATE_MISMATCH if wrong == "birth_date" else SEX_MISMATCH)]}
    assert not Person.objects.exists()


def test_api_patch_refuses_a_birth_date_that_contradicts_the_stored_number(intake_client):
    person = PersonFactory(national_number="85073003328", birth_date=datetime.date(1985, 7, 30), sex="M")
    response = intake_client.patch(
        f"/api/people/{person.pk}?purpose=correction", {"birth_date": "1985-08-30"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"birth_date": [_dutch(DATE_MISMATCH)]}
    person.refresh_from_db()
    assert person.birth_date == datetime.date(1985, 7, 30)


@pytest.mark.parametrize("sex", ["F", "M", "X"])
def test_a_bis_number_that_leaves_the_sex_open_accepts_any_sex(intake_client, sex):
    response = _post_api(
        intake_client, person_api_payload(national_number=BIS_SEX_UNKNOWN, birth_date="1985-07-30", sex=sex)
    )
    assert response.status_code == 201


def test_sex_other_or_unknown_contradicts_no_number(intake_client):
    response = _post_api(
        intake_client, person_api_payload(national_number=NATIONAL_NUMBER, birth_date="1985-07-30", sex="X")
    )
    assert response.status_code == 201


def test_a_number_with_an_unknown_month_checks_only_the_year(intake_client):
    number = _with_check_digits("850000123")  # year 1985, month and day unknown, male
    assert national_number_facts(national_number_clean(number)).birth_date is None
    ok = _post_api(intake_client, person_api_payload(national_number=number, birth_date="1985-11-02", sex="M"))
    assert ok.status_code == 201
    other = PersonFactory.build()
    wrong = _post_api(
        intake_client,
        person_api_payload(
            national_number=_with_check_digits("850000125"),
            birth_date="1984-11-02",
            sex="M",
            given_names=other.given_names,
        ),
    )
    assert wrong.status_code == 422 and set(wrong.json()["errors"]) == {"birth_date"}


def test_the_form_fills_the_birth_date_and_sex_from_the_number(intake_client):
    response = intake_client.post(
        "/people/new/", person_form_data(national_number=NATIONAL_NUMBER, birth_date="", sex="")
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.birth_date, person.sex) == (datetime.date(1985, 7, 30), "M")


def test_without_a_number_the_birth_date_and_sex_are_still_required(intake_client):
    response = intake_client.post("/people/new/", person_form_data(birth_date="", sex=""))
    assert response.status_code == 200
    assert set(_form_errors(response)) == {"birth_date", "sex"}


def test_the_form_wires_the_fill_script_without_inline_script(intake_client):
    page = intake_client.get("/people/new/").content.decode()
    assert 'data-fills-birth-date="id_birth_date"' in page and 'data-fills-sex="id_sex"' in page
    assert '<script src="/static/people-national-number.js" defer></script>' in page
    assert "<script>" not in page
    script = (Path(settings.BASE_DIR) / "static" / "people-national-number.js").read_text()
    assert "fillsBirthDate" in script and "fillsSex" in script


# Impossible and out-of-range dates --------------------------------------------------------


def test_a_number_with_an_impossible_day_is_refused():
    number = _with_check_digits("900230123")  # 30 February 1990
    assert nn.is_valid(number)  # python-stdnum reads it as "day unknown"
    with pytest.raises(ValidationError) as refused:
        national_number_clean(number)
    assert refused.value.code == "invalid_component"


def test_api_and_form_refuse_a_number_of_30_february(intake_client):
    number = _with_check_digits("900230123")
    response = _post_api(intake_client, person_api_payload(national_number=number, birth_date="1990-02-28", sex="M"))
    assert response.status_code == 422
    assert response.json()["errors"] == {"national_number": [_dutch(IMPOSSIBLE)]}
    response = intake_client.post(
        "/people/new/", person_form_data(national_number=number, birth_date="28/02/1990", sex="M")
    )
    assert _form_errors(response) == {"national_number": [_dutch(IMPOSSIBLE)]}
    assert not Person.objects.exists()


@pytest.mark.parametrize("birth_date", ["2090-01-01", "1800-01-01", "1899-12-31"])
def test_api_refuses_a_birth_date_before_1900_or_in_the_future(intake_client, birth_date):
    response = _post_api(intake_client, person_api_payload(birth_date=birth_date, first_registration_date=None))
    assert response.status_code == 422
    assert response.json()["errors"] == {"birth_date": [_dutch(BIRTH_RANGE)]}
    assert not Person.objects.exists()


def test_tomorrow_is_refused_and_today_and_1900_are_accepted(intake_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    payload = person_api_payload(birth_date=tomorrow.isoformat(), first_registration_date=None)
    assert _post_api(intake_client, payload).status_code == 422
    for born, name in ((timezone.localdate(), "Noor"), (datetime.date(1900, 1, 1), "Oudste")):
        payload = person_api_payload(birth_date=born.isoformat(), first_registration_date=None, given_names=name)
        assert _post_api(intake_client, payload).status_code == 201


@pytest.mark.parametrize("birth_date", ["01/01/2090", "01/01/1800"])
def test_form_refuses_a_birth_date_before_1900_or_in_the_future(intake_client, birth_date):
    response = intake_client.post("/people/new/", person_form_data(birth_date=birth_date, first_registration_date=""))
    assert response.status_code == 200
    assert _form_errors(response) == {"birth_date": [_dutch(BIRTH_RANGE)]}
    assert not Person.objects.exists()


# Names and free text ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u200d", "\u2060\ufeff", "123", "- .", "\u00a0"])
def test_api_refuses_a_name_without_a_letter(intake_client, name):
    response = _post_api(intake_client, person_api_payload(given_names=name))
    assert response.status_code == 422
    assert "given_names" in response.json()["errors"]
    assert not Person.objects.exists()


def test_form_refuses_a_name_of_only_zero_width_characters(intake_client):
    response = intake_client.post("/people/new/", person_form_data(family_name="\u200b\u200c\u200d"))
    assert response.status_code == 200
    assert _form_errors(response) == {"family_name": [_dutch(NO_LETTER)]}
    assert not Person.objects.exists()


@pytest.mark.parametrize("name", ["Ömer", "李", "أمينة", "O'Neil-Smith", "Ngũgĩ"])
def test_names_in_any_script_are_accepted(intake_client, name):
    assert _post_api(intake_client, person_api_payload(given_names=name)).status_code == 201


def test_notes_are_bounded_at_ten_thousand_characters(intake_client):
    response = _post_api(intake_client, person_api_payload(notes="x" * 10_001))
    assert response.status_code == 422 and set(response.json()["errors"]) == {"notes"}
    response = intake_client.post("/people/new/", person_form_data(notes="x" * 10_001))
    assert response.status_code == 200 and set(_form_errors(response)) == {"notes"}
    assert not Person.objects.exists()
    assert _post_api(intake_client, person_api_payload(notes="x" * 10_000)).status_code == 201


def test_a_patch_with_one_megabyte_of_notes_is_refused(intake_client):
    person = PersonFactory()
    response = intake_client.patch(
        f"/api/people/{person.pk}?purpose=correction",
        json.dumps({"notes": "x" * 1_000_000}),
        content_type="application/json",
    )
    assert response.status_code == 422
    person.refresh_from_db()
    assert person.notes == ""


@pytest.mark.parametrize("field", ["given_names", "family_name", "street", "notes"])
def test_the_service_refuses_a_nul_itself_on_every_database(intake_user, field):
    """Behind the web layer, the service's own validation refuses it (PostgreSQL would
    otherwise fail with 'A string literal cannot contain NUL')."""
    values = {
        "given_names": "Amina",
        "family_name": "Haddad",
        "birth_date": datetime.date(1990, 2, 14),
        "sex": "F",
        field: "Am\x00ina",
    }
    with pytest.raises(ValidationError) as refused:
        services.person_create(by=intake_user, values=values)
    assert set(refused.value.message_dict) == {field}
    assert not Person.objects.exists()


def test_api_page_counts_obey_the_forms_limits(dispatcher):
    from conftest import logged_in_client

    client = logged_in_client(dispatcher)
    response = client.post(
        "/api/interpreting/translations",
        json.dumps(
            {
                "title": "Brief",
                "kind": "ordinary",
                "source_language": "nld",
                "target_language": "ara",
                "pages": 1_000_000,
                "deadline": "2030-01-01",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "pages" in response.json()["errors"]


# The same national number twice ------------------------------------------------------------


def test_api_409_names_the_existing_file_but_never_the_number(intake_client):
    existing = PersonFactory(national_number="85073003328", birth_date=datetime.date(1985, 7, 30), sex="M")
    response = _post_api(
        intake_client,
        person_api_payload(
            national_number=NATIONAL_NUMBER, birth_date="1985-07-30", sex="M", given_names="Someone", family_name="Else"
        ),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["existing"] == {"id": existing.pk, "reference": existing.reference}
    assert existing.reference in body["detail"]
    assert body["errors"] == {"national_number": [_dutch(TAKEN)]}
    assert "85073003328" not in response.content.decode() and "033" not in response.content.decode()
    assert Person.objects.count() == 1


@pytest.fixture
def race_lost(monkeypatch):
    """As if a parallel registration had taken the number between the checks and the
    insert: the up-front checks see nothing, the unique constraint fires."""
    monkeypatch.setattr(services, "_check_national_number_free", lambda person: None)
    monkeypatch.setattr(Person, "validate_unique", lambda self, exclude=None: None)


def test_the_unique_constraint_becomes_already_registered_in_the_service(intake_user, race_lost):
    existing = PersonFactory(national_number="85073003328", birth_date=datetime.date(1985, 7, 30), sex="M")
    values = {
        "given_names": "Karim",
        "family_name": "Nasser",
        "birth_date": datetime.date(1985, 7, 30),
        "sex": "M",
        "national_number": "85073003328",
    }
    with pytest.raises(services.AlreadyRegistered) as taken:
        services.person_create(by=intake_user, values=values)
    assert taken.value.existing_id == existing.pk
    assert Person.objects.count() == 1
    assert not AccessLogEntry.objects.filter(action="create").exists()  # nothing half-written


def test_the_unique_constraint_becomes_a_409_in_the_api(intake_client, race_lost):
    existing = PersonFactory(national_number="85073003328", birth_date=datetime.date(1985, 7, 30), sex="M")
    response = _post_api(
        intake_client,
        person_api_payload(
            national_number=NATIONAL_NUMBER, birth_date="1985-07-30", sex="M", given_names="Karim", family_name="Nasser"
        ),
    )
    assert response.status_code == 409
    assert response.json()["existing"]["id"] == existing.pk
    other = PersonFactory(birth_date=datetime.date(1985, 7, 30), sex="M")
    response = intake_client.patch(
        f"/api/people/{other.pk}?purpose=correction",
        json.dumps({"national_number": NATIONAL_NUMBER}),
        content_type="application/json",
    )
    assert response.status_code == 409
    other.refresh_from_db()
    assert other.national_number is None


def test_the_unique_constraint_becomes_a_form_error_with_a_link(intake_client, race_lost):
    existing = PersonFactory(national_number="85073003328", birth_date=datetime.date(1985, 7, 30), sex="M")
    response = intake_client.post(
        "/people/new/", person_form_data(national_number=NATIONAL_NUMBER, birth_date="30/07/1985", sex="M")
    )
    assert response.status_code == 200
    (error,) = _form_errors(response)["national_number"]
    assert f'<a href="/people/{existing.pk}/">' in error
    assert "85073003328" not in error
    assert Person.objects.count() == 1


def test_the_edit_form_shows_the_same_error(intake_client, race_lost):
    existing = PersonFactory(national_number="85073003328", birth_date=datetime.date(1985, 7, 30), sex="M")
    other = PersonFactory(birth_date=datetime.date(1985, 7, 30), sex="M")
    response = intake_client.post(
        f"/people/{other.pk}/edit/?purpose=correction", person_edit_data(other, national_number=NATIONAL_NUMBER)
    )
    assert response.status_code == 200
    assert f"/people/{existing.pk}/" in _form_errors(response)["national_number"][0]


# At the same moment (PostgreSQL) -----------------------------------------------------------


def _race(intake_user, values_for, allow_similar=False, count=10):
    """``count`` threads, each with its own open connection, register at the same moment."""
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def register(index):
        try:
            connection.ensure_connection()
            barrier.wait()
            try:
                services.person_create(by=intake_user, values=values_for(index), allow_similar=allow_similar)
                outcome = "registered"
            except services.AlreadyRegistered:
                outcome = "already registered"
            except services.PossibleDuplicate:
                outcome = "possible duplicate"
            except Exception as error:  # an IntegrityError here is the failure this test is about
                outcome = type(error).__name__
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_parallel_registrations_of_one_person_give_one_file_and_nine_warnings(intake_user):
    def values(index):
        # The same person, typed a little differently each time.
        given = ["Ömer", "Omer", "OMER", "ömer"][index % 4]
        return {"given_names": given, "family_name": "Çelik", "birth_date": datetime.date(1991, 5, 17), "sex": "M"}

    outcomes = _race(intake_user, values)
    assert outcomes == ["possible duplicate"] * 9 + ["registered"]
    assert Person.objects.filter(birth_date=datetime.date(1991, 5, 17)).count() == 1


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("allow_similar", [False, True])
def test_ten_parallel_registrations_of_one_number_give_one_file_and_nine_already_registered(intake_user, allow_similar):
    """With allow_similar no lock serialises them: the unique constraint decides, and its
    IntegrityError becomes "already registered"."""

    def values(index):
        return {
            "given_names": f"Karim {'abcdefghij'[index]}",
            "family_name": "Nasser",
            "birth_date": datetime.date(1985, 7, 30),
            "sex": "M",
            "national_number": "85073003328",
        }

    outcomes = _race(intake_user, values, allow_similar=allow_similar)
    assert outcomes == ["already registered"] * 9 + ["registered"]
    assert Person.objects.filter(national_number="85073003328").count() == 1
