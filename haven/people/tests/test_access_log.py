"""The access log: one entry per read with who, whose file, why and how; the names
of changed fields on writes; nothing else about the person; append-only."""

import datetime

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.forms.models import model_to_dict
from django.test import Client

from haven.core.audit import access_record
from haven.core.models import AccessLogEntry
from haven.people.models import Person
from haven.people.tests.factories import person_api_payload, person_edit_data, person_form_data

on_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL"
)


def _only_entry() -> AccessLogEntry:
    entries = list(AccessLogEntry.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


def _personal_values(person: Person) -> list[str]:
    values = [
        person.given_names,
        person.family_name,
        person.birth_date.isoformat(),
        person.birth_date.strftime("%d/%m/%Y"),
        person.street,
        person.phone,
    ]
    if person.national_number:
        values.append(person.national_number)
    return [value for value in values if value]


def _assert_no_personal_data(entry: AccessLogEntry, person: Person) -> None:
    text = repr(model_to_dict(entry)) + str(entry)
    for value in _personal_values(person):
        assert value not in text


@pytest.mark.parametrize(
    ("persona", "purpose"), [("counsellor", "counselling"), ("privacy_officer", "subject_request")]
)
def test_opening_a_file_with_a_purpose_writes_one_view_entry(request, caseload, person, persona, purpose):
    # Each purpose is given by a role that may give it (the access policy).
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(user)
    response = client.get(f"/people/{person.pk}/?purpose={purpose}")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(action="view")
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel, entry.fields) == (
        user,
        person.pk,
        "view",
        purpose,
        "web",
        [],
    )
    # The household panel names the son: one list entry for him, with the same purpose.
    son = caseload[1]
    shown = AccessLogEntry.objects.get(action="list")
    assert (shown.user, shown.person_id, shown.purpose) == (user, son.pk, purpose)
    assert AccessLogEntry.objects.count() == 2


def test_reading_a_file_through_the_api_writes_one_view_entry(counsellor_client, counsellor, caseload, person):
    response = counsellor_client.get(f"/api/people/{person.pk}?purpose=correction")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(action="view")
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel) == (
        counsellor,
        person.pk,
        "view",
        "correction",
        "api",
    )


def test_reading_a_file_through_the_api_needs_a_known_purpose(counsellor_client, person):
    assert counsellor_client.get(f"/api/people/{person.pk}").status_code == 422
    assert counsellor_client.get(f"/api/people/{person.pk}?purpose=curiosity").status_code == 422
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("query", ["", "?purpose=", "?purpose=curiosity"])
def test_opening_a_file_without_a_purpose_shows_the_chooser_and_logs_nothing(counsellor_client, person, query):
    response = counsellor_client.get(f"/people/{person.pk}/{query}")
    assert response.status_code == 200
    assert next(template.name for template in response.templates) == "people/purpose.html"
    content = response.content.decode()
    assert 'name="purpose"' in content
    assert person.family_name not in content
    assert not AccessLogEntry.objects.exists()


def test_search_and_list_write_one_list_entry_per_person_shown_and_no_read(intake_client, intake_user, household):
    # A list opens no file (no "view" entry) but leaves a trace of everyone it shows.
    mother, son, _link = household
    intake_client.get("/people/")
    intake_client.post("/people/", {"q": "Mansour"})
    intake_client.get("/api/people")
    intake_client.post("/api/people/search", {"q": "Mansour"}, content_type="application/json")
    assert not AccessLogEntry.objects.exclude(action="list").exists()
    listed = list(AccessLogEntry.objects.order_by("id").values_list("user", "person_id", "channel"))
    web = [(intake_user.pk, mother.pk, "web"), (intake_user.pk, son.pk, "web")]
    api = [(intake_user.pk, mother.pk, "api"), (intake_user.pk, son.pk, "api")]
    assert sorted(listed) == sorted(web * 2 + api * 2)


def test_registering_through_the_form_writes_one_create_entry_with_field_names(intake_client, intake_user):
    # The number agrees with the birth date and sex given (85.07.30, odd serial: male).
    response = intake_client.post(
        "/people/new/",
        person_form_data(national_number="85.07.30-033.28", birth_date="30/07/1985", sex="M", phone="0470 12 34 56"),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    entry = _only_entry()
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel) == (
        intake_user,
        person.pk,
        "create",
        "registration",
        "web",
    )
    assert {"given_names", "family_name", "birth_date", "national_number", "phone", "languages"} <= set(entry.fields)
    _assert_no_personal_data(entry, person)


def test_registering_through_the_api_writes_one_create_entry(intake_client, intake_user):
    response = intake_client.post("/api/people", person_api_payload(), content_type="application/json")
    assert response.status_code == 201
    entry = _only_entry()
    assert (entry.user, entry.person_id, entry.action, entry.channel) == (
        intake_user,
        response.json()["id"],
        "create",
        "api",
    )
    assert "given_names" in entry.fields


def test_editing_a_file_writes_one_update_entry_with_the_changed_field_names(
    counsellor_client, counsellor, caseload, person
):
    data = person_edit_data(person, family_name="Mansour-Haddad", phone="0470 12 34 56")
    response = counsellor_client.post(f"/people/{person.pk}/edit/?purpose=correction", data)
    assert response.status_code == 302
    entry = _only_entry()
    assert (entry.user, entry.person_id, entry.action, entry.purpose, entry.channel, entry.fields) == (
        counsellor,
        person.pk,
        "update",
        "correction",
        "web",
        ["family_name", "phone"],
    )
    person.refresh_from_db()
    _assert_no_personal_data(entry, person)


def test_patching_through_the_api_writes_one_update_entry_with_the_changed_field_names(
    counsellor_client, caseload, person
):
    # The purpose stored is the one given (not the default "correction" of a write).
    response = counsellor_client.patch(
        f"/api/people/{person.pk}?purpose=counselling",
        {"email": "leila@example.org", "notes": "Moved"},
        content_type="application/json",
    )
    assert response.status_code == 200
    entry = _only_entry()
    assert (entry.action, entry.purpose, entry.channel, entry.fields) == (
        "update",
        "counselling",
        "api",
        ["email", "notes"],
    )
    assert "leila@example.org" not in repr(model_to_dict(entry))


def test_the_log_entry_has_no_field_for_personal_data():
    names = {field.name for field in AccessLogEntry._meta.concrete_fields}
    assert names == {
        "id",
        "at",
        "user",
        "person_id",
        "action",
        "purpose",
        "channel",
        "page",
        "request_id",
        "break_glass",
        "reason",
        "fields",
        "previous_hash",
        "hash",
    }


def test_a_read_entry_holds_nothing_about_the_person_but_the_id(counsellor_client, caseload, person):
    person.national_number = "85073003328"
    person.phone = "0470 12 34 56"
    person.save()
    counsellor_client.get(f"/people/{person.pk}/?purpose=counselling")
    entry = AccessLogEntry.objects.get(action="view")
    assert entry.person_id == person.pk
    for written in AccessLogEntry.objects.all():  # the read and the household panel's list entry
        _assert_no_personal_data(written, person)


@pytest.fixture
def entry(counsellor, person):
    return access_record(user=counsellor, person_id=person.pk, action="view", purpose="counselling")


def test_the_log_refuses_a_queryset_update(entry):
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="audit")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().update(purpose="audit")
    entry.refresh_from_db()
    assert entry.purpose == "counselling"


def test_the_log_refuses_a_queryset_delete(entry):
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_log_refuses_deleting_an_entry(entry):
    with pytest.raises(PermissionError):
        entry.delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_a_raw_update_of_the_log(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_accesslogentry SET purpose = %s WHERE id = %s", ["audit", entry.pk])
    entry.refresh_from_db()
    assert entry.purpose == "counselling"


def test_the_database_refuses_a_raw_update_of_the_time(entry):
    earlier = entry.at - datetime.timedelta(days=400)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_accesslogentry SET at = %s", [earlier])
    entry.refresh_from_db()
    assert entry.at != earlier


@pytest.mark.postgres
@on_postgresql
def test_postgresql_refuses_a_raw_delete_from_the_log(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_accesslogentry WHERE id = %s", [entry.pk])
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_opening_the_edit_form_is_logged_as_one_read(counsellor_client, counsellor, caseload, person):
    response = counsellor_client.get(f"/people/{person.pk}/edit/?purpose=correction")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.person_id, entry.action, entry.purpose) == (counsellor, person.pk, "view", "correction")


def test_an_api_patch_that_changes_nothing_is_logged_as_a_read(counsellor, caseload, person):
    from django.test import Client

    client = Client()
    client.force_login(counsellor)
    response = client.patch(f"/api/people/{person.pk}?purpose=correction", data="{}", content_type="application/json")
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.purpose, entry.channel) == ("view", "correction", "api")
