"""Registering someone who may already be registered: the same birth date and a
similar name make the form and the API show the candidates and register nothing
until the user confirms that this is someone else."""

import datetime

import pytest

from haven.core.models import AccessLogEntry
from haven.people import services
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory, person_api_payload, person_form_data


@pytest.fixture
def omer(db):
    return PersonFactory(given_names="Ömer", family_name="Çelik", birth_date=datetime.date(1990, 11, 27))


SIMILAR_NAMES = [
    ("Omer", "Celik"),  # without accents
    ("ÖMER", "ÇELİK"),  # capitals
    ("omer", "celik"),  # lower case
    ("Çelik", "Ömer"),  # given and family name swapped
    ("Omer", "Çelick"),  # a typing error
]


@pytest.mark.parametrize(("given_names", "family_name"), SIMILAR_NAMES)
def test_form_shows_similar_people_and_registers_no_one(intake_client, omer, given_names, family_name):
    response = intake_client.post(
        "/people/new/", person_form_data(given_names=given_names, family_name=family_name, birth_date="27/11/1990")
    )
    assert response.status_code == 200
    assert response.context["candidates"] == [omer]
    content = response.content.decode()
    assert f"/people/{omer.pk}/?purpose=registration" in content
    assert 'name="allow_similar"' in content
    assert Person.objects.count() == 1
    # Nothing registered, nothing read; the candidate shown leaves a list trace.
    assert not AccessLogEntry.objects.exclude(action="list").exists()
    shown = AccessLogEntry.objects.get()
    assert (shown.person_id, shown.user.username, shown.purpose) == (omer.pk, "ines", "registration")


def test_form_registers_the_similar_person_once_confirmed(intake_client, omer):
    data = person_form_data(given_names="Omer", family_name="Celik", birth_date="27/11/1990")
    assert intake_client.post("/people/new/", data).status_code == 200
    response = intake_client.post("/people/new/", {**data, "allow_similar": "on"})
    assert response.status_code == 302
    created = Person.objects.exclude(pk=omer.pk).get()
    assert (created.given_names, created.family_name) == ("Omer", "Celik")
    assert response["Location"] == f"/people/{created.pk}/?purpose=registration"


@pytest.mark.parametrize(
    "overrides",
    [
        {"given_names": "Omer", "family_name": "Celik", "birth_date": "28/11/1990"},  # another day
        {"given_names": "Fatima", "family_name": "Yilmaz", "birth_date": "27/11/1990"},  # another name
    ],
)
def test_form_registers_at_once_when_nobody_is_similar(intake_client, omer, overrides):
    response = intake_client.post("/people/new/", person_form_data(**overrides))
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_api_answers_409_with_the_candidates(intake_client, omer):
    response = intake_client.post(
        "/api/people",
        person_api_payload(given_names="OMER", family_name="celik", birth_date="1990-11-27"),
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["detail"]
    assert [candidate["id"] for candidate in body["candidates"]] == [omer.pk]
    assert body["candidates"][0]["reference"] == omer.reference
    assert Person.objects.count() == 1


def test_api_registers_the_similar_person_with_allow_similar(intake_client, omer):
    response = intake_client.post(
        "/api/people",
        person_api_payload(given_names="OMER", family_name="celik", birth_date="1990-11-27", allow_similar=True),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Person.objects.filter(pk=response.json()["id"], family_name="celik").exists()
    assert Person.objects.count() == 2


def test_similar_candidates_ignore_accents_case_and_order_but_not_the_birth_date(omer):
    born = datetime.date(1990, 11, 27)
    for given_names, family_name in SIMILAR_NAMES:
        assert services.person_similar_candidates(
            given_names=given_names, family_name=family_name, birth_date=born
        ) == [omer]
    assert (
        services.person_similar_candidates(
            given_names="Omer", family_name="Celik", birth_date=datetime.date(1990, 11, 28)
        )
        == []
    )
    assert services.person_similar_candidates(given_names="Maria", family_name="Janssens", birth_date=born) == []
    assert (
        services.person_similar_candidates(given_names="Omer", family_name="Celik", birth_date=born, exclude_id=omer.pk)
        == []
    )
