"""Changing a file: the edit form and the household links."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from haven.core.models import AccessLogEntry
from haven.core.tests.factories import DistrictFactory
from haven.people import services
from haven.people.models import HouseholdLink
from haven.people.tests.factories import PersonFactory, caseload_add, person_edit_data


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def test_edit_form_shows_the_file(counsellor_client, caseload, person):
    response = counsellor_client.get(f"/people/{person.pk}/edit/?purpose=correction")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{person.family_name}"' in content
    assert 'value="02/04/1975"' in content


def test_edit_form_saves_the_changes_and_logs_the_changed_fields(counsellor_client, counsellor, caseload, person):
    district = DistrictFactory(name="Rabot", postal_codes="9000")
    data = person_edit_data(
        person,
        given_names="Leïla",
        birth_date="03/04/1975",
        district=district.pk,
        languages=["ara", "fra"],
        notes="Prefers mornings.",
    )
    response = counsellor_client.post(f"/people/{person.pk}/edit/?purpose=counselling", data)
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/?purpose=counselling"
    person.refresh_from_db()
    assert (person.given_names, person.birth_date, person.district, person.notes) == (
        "Leïla",
        datetime.date(1975, 4, 3),
        district,
        "Prefers mornings.",
    )
    assert sorted(language.code for language in person.languages.all()) == ["ara", "fra"]
    assert person.search_name == "leila mansour"
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.purpose, entry.fields) == (
        counsellor,
        "update",
        "counselling",
        ["birth_date", "district", "given_names", "languages", "notes"],
    )


def test_edit_form_without_changes_saves_and_logs_nothing(counsellor_client, caseload, person):
    person.national_number = "75040200286"  # agrees with her birth date and sex (even serial: female)
    person.save()
    before = person.updated_at
    response = counsellor_client.post(f"/people/{person.pk}/edit/", person_edit_data(person))
    assert response.status_code == 302
    assert _messages(response) == [_dutch("Nothing was changed.")]
    assert not AccessLogEntry.objects.exists()
    person.refresh_from_db()
    assert person.updated_at == before


def test_edit_form_refuses_an_empty_name_and_keeps_the_file(counsellor_client, caseload, person):
    response = counsellor_client.post(f"/people/{person.pk}/edit/", person_edit_data(person, family_name=" "))
    assert response.status_code == 200
    assert "family_name" in response.context["form"].errors
    person.refresh_from_db()
    assert person.family_name == "Mansour"
    assert not AccessLogEntry.objects.exists()


def test_edit_form_refuses_a_registration_before_the_birth(counsellor_client, caseload, person):
    response = counsellor_client.post(
        f"/people/{person.pk}/edit/", person_edit_data(person, first_registration_date="01/01/1970")
    )
    assert response.status_code == 200
    assert "first_registration_date" in response.context["form"].errors
    person.refresh_from_db()
    assert person.first_registration_date == datetime.date(2019, 3, 1)


def test_edit_with_an_unknown_purpose_is_logged_as_a_correction(counsellor_client, caseload, person):
    counsellor_client.post(
        f"/people/{person.pk}/edit/?purpose=curiosity", person_edit_data(person, phone="09 123 45 67")
    )
    assert AccessLogEntry.objects.get().purpose == "correction"


def test_editing_a_file_that_does_not_exist_gives_404(counsellor_client):
    assert counsellor_client.get("/people/999999/edit/").status_code == 404


@pytest.fixture
def grandmother(db):
    return PersonFactory(given_names="Samira", family_name="Mansour", birth_date=datetime.date(1950, 6, 1))


def test_household_member_can_be_added_as_a_parent(counsellor_client, counsellor, caseload, household, grandmother):
    mother, _son, _link = household
    caseload_add(counsellor, grandmother)
    response = counsellor_client.post(
        f"/people/{mother.pk}/household/",
        {"relation": "parent", "other_reference": grandmother.reference, "purpose": "counselling"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/people/{mother.pk}/?purpose=counselling"
    assert HouseholdLink.objects.filter(parent=grandmother, child=mother).exists()
    entries = {(entry.person_id, tuple(entry.fields)) for entry in AccessLogEntry.objects.all()}
    assert entries == {(grandmother.pk, ("children",)), (mother.pk, ("parents",))}
    assert {entry.user for entry in AccessLogEntry.objects.all()} == {counsellor}


def test_household_member_can_be_added_as_a_child_with_a_lower_case_file_number(
    counsellor_client, counsellor, caseload, household
):
    mother, _son, _link = household
    daughter = PersonFactory(birth_date=datetime.date(2010, 1, 5))
    caseload_add(counsellor, daughter)
    response = counsellor_client.post(
        f"/people/{mother.pk}/household/", {"relation": "child", "other_reference": f" h{daughter.pk:06d} "}
    )
    assert response.status_code == 302
    assert HouseholdLink.objects.filter(parent=mother, child=daughter).exists()


def test_the_file_shows_the_household(counsellor_client, caseload, household):
    mother, son, _link = household
    content = counsellor_client.get(f"/people/{mother.pk}/?purpose=counselling").content.decode()
    assert f"/people/{son.pk}/?purpose=counselling" in content
    assert "MANSOUR Karim" in content


def _refused_link(client, person, other, relation: str) -> list[str]:
    links_before = HouseholdLink.objects.count()
    response = client.post(
        f"/people/{person.pk}/household/", {"relation": relation, "other_reference": other.reference}
    )
    assert response.status_code == 302
    assert HouseholdLink.objects.count() == links_before
    assert not AccessLogEntry.objects.filter(action="update").exists()
    return _messages(response)


@pytest.mark.parametrize(
    ("other_born", "relation"),
    [
        (datetime.date(2012, 5, 5), "parent"),  # the would-be parent is younger
        (datetime.date(2005, 9, 14), "child"),  # born on the same day
        (datetime.date(2005, 9, 14), "parent"),
    ],
)
def test_a_parent_must_be_born_before_the_child(
    counsellor_client, counsellor, caseload, household, other_born, relation
):
    _mother, son, _link = household
    other = PersonFactory(birth_date=other_born)
    caseload_add(counsellor, other)
    messages = _refused_link(counsellor_client, son, other, relation)
    assert messages == [_dutch("A parent must be born before their child.")]


def test_a_person_cannot_be_linked_to_themselves(counsellor_client, caseload, person):
    messages = _refused_link(counsellor_client, person, person, "child")
    assert messages == [_dutch("A person cannot be their own parent.")]  # once, no constraint name


def test_a_reverse_link_is_refused(counsellor_client, caseload, household):
    mother, son, _link = household
    messages = _refused_link(counsellor_client, son, mother, "child")
    assert messages == [_dutch("This person is already recorded as the other's child.")]


def test_the_same_link_twice_is_refused(counsellor_client, caseload, household):
    mother, son, _link = household
    messages = _refused_link(counsellor_client, mother, son, "child")
    assert messages == [_dutch("This household link is already recorded.")]


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("X12", "A file number looks like H000123."),
        ("H999999", "There is no person with this file number."),
    ],
)
def test_an_unknown_file_number_is_refused(counsellor_client, caseload, person, reference, message):
    response = counsellor_client.post(
        f"/people/{person.pk}/household/", {"relation": "child", "other_reference": reference}
    )
    assert response.status_code == 302
    assert _messages(response) == [_dutch(message)]
    assert HouseholdLink.objects.count() == 1


def test_a_household_link_can_be_removed_from_either_side(counsellor_client, caseload, household):
    mother, son, link = household
    response = counsellor_client.post(f"/people/{son.pk}/household/{link.pk}/remove/", {"purpose": "counselling"})
    assert response.status_code == 302
    assert response["Location"] == f"/people/{son.pk}/?purpose=counselling"
    assert not HouseholdLink.objects.exists()
    entries = {(entry.person_id, entry.action, tuple(entry.fields)) for entry in AccessLogEntry.objects.all()}
    assert entries == {(mother.pk, "update", ("children",)), (son.pk, "update", ("parents",))}


def test_a_link_of_another_household_cannot_be_removed_through_this_file(
    counsellor_client, counsellor, caseload, household
):
    _mother, _son, link = household
    stranger = PersonFactory()
    caseload_add(counsellor, stranger)  # a file the counsellor may change, but not this link's
    response = counsellor_client.post(f"/people/{stranger.pk}/household/{link.pk}/remove/")
    assert response.status_code == 404
    assert HouseholdLink.objects.filter(pk=link.pk).exists()
    assert not AccessLogEntry.objects.exists()


def test_household_pages_take_only_posts(counsellor_client, caseload, household):
    mother, _son, link = household
    assert counsellor_client.get(f"/people/{mother.pk}/household/").status_code == 405
    assert counsellor_client.get(f"/people/{mother.pk}/household/{link.pk}/remove/").status_code == 405
    assert HouseholdLink.objects.count() == 1


def test_the_household_service_refuses_what_the_database_would_refuse(counsellor, household):
    mother, son, _link = household
    with pytest.raises(ValidationError):
        services.household_link_create(parent=mother, child=son, by=counsellor, purpose="correction")
    with pytest.raises(ValidationError):
        services.household_link_create(parent=son, child=son, by=counsellor, purpose="correction")
    assert HouseholdLink.objects.count() == 1
    assert not AccessLogEntry.objects.exists()


def test_a_person_outside_ones_files_cannot_be_linked(counsellor_client, caseload, household, grandmother):
    # Linking would put the stranger's name on the file: refused, nothing linked, only the attempt logged.
    mother, _son, _link = household
    response = counsellor_client.post(
        f"/people/{mother.pk}/household/",
        {"relation": "parent", "other_reference": grandmother.reference, "purpose": "counselling"},
    )
    assert response.status_code == 403
    assert not HouseholdLink.objects.filter(parent=grandmother).exists()
    assert list(AccessLogEntry.objects.filter(person_id=grandmother.pk).values_list("action", flat=True)) == ["refused"]
