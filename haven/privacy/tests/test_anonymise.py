"""The anonymisation engine on the registry alone (every app's records: their own tests)."""

import datetime

import pytest
from django.utils import timezone

from haven.core.audit import access_record
from haven.core.chain import CHAINS, verify
from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.people.models import Person
from haven.people.tests.factories import HouseholdLinkFactory, PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX, anonymisation_due, anonymise, person_erase
from haven.privacy.models import AnonymisationRun, SubjectRequest
from haven.privacy.testing import identifying_values_found, person_identifiers

pytestmark = pytest.mark.django_db


def _person(**values) -> Person:
    defaults = {
        "given_names": "Zephyrine",
        "family_name": "Quaxtonbury",
        "national_number": "85073003328",
        "birth_date": datetime.date(1985, 7, 30),
        "sex": "M",
        "email": "zephyrine.quaxtonbury@example.org",
        "phone": "+32 470 12 34 56",
        "street": "Wolkenkrabberstraat",
        "notes": "Prefers Thursday mornings",
    }
    defaults.update(values)
    return PersonFactory(**defaults)


def _aged(person: Person, years: int) -> None:
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - datetime.timedelta(days=365 * years + 2))


def test_a_person_past_the_period_is_due_and_one_changed_lately_is_not():
    old, recent = _person(), _person(given_names="Octavian", family_name="Brumblewick", national_number=None)
    _aged(old, 6)
    due = anonymisation_due(timezone.localdate())
    assert old.pk in due.persons
    assert recent.pk not in due.persons


def test_anonymising_leaves_no_trace_of_the_person_and_keeps_what_is_counted(intake_user):
    person = _person()
    access_record(user=intake_user, person_id=person.pk, action=AccessAction.VIEW, purpose=AccessPurpose.REGISTRATION)
    identifiers = person_identifiers(person)
    assert identifying_values_found(identifiers)  # the search finds them before
    kept = (person.birth_date, person.sex, person.nationality, person.first_registration_date)
    _aged(person, 6)

    outcome = anonymise(timezone.localdate())

    person.refresh_from_db()
    assert person.family_name == f"{PSEUDONYM_PREFIX}{person.pk}"
    assert person.anonymised_at is not None
    assert (person.birth_date, person.sex, person.nationality, person.first_registration_date) == kept
    assert identifying_values_found(identifiers) == []
    assert outcome.run is not None and outcome.run.persons == 1
    # The access log still points to the same id, now a pseudonym, and its chain holds.
    assert AccessLogEntry.objects.filter(person_id=person.pk).exists()
    assert all(verify(chain).broken is None for chain in CHAINS)


def test_a_second_run_finds_nothing_left():
    _aged(_person(), 6)
    anonymise(timezone.localdate())
    due = anonymisation_due(timezone.localdate())
    assert due.persons == [] and due.records == {}


def test_a_dry_run_changes_nothing():
    person = _person()
    _aged(person, 6)
    outcome = anonymise(timezone.localdate(), dry_run=True)
    assert person.pk in outcome.due.persons and outcome.run is None
    person.refresh_from_db()
    assert person.family_name == "Quaxtonbury"
    assert not AnonymisationRun.objects.exists()


def test_a_household_link_follows_its_people_and_keeps_no_one_in_use():
    parent, child = _person(), _person(given_names="Ludovica", family_name="Quaxtonbury", national_number=None)
    HouseholdLinkFactory(parent=parent, child=child)
    _aged(parent, 6)
    due = anonymisation_due(timezone.localdate())
    # The link was made today, yet only the child's own recent file keeps the child.
    assert parent.pk in due.persons and child.pk not in due.persons


def test_the_period_is_a_setting_per_record_type(settings):
    person = _person()
    _aged(person, 6)
    settings.HAVEN_RETENTION_YEARS = {"people.person": 10}
    assert person.pk not in anonymisation_due(timezone.localdate()).persons


def test_early_erasure_is_recorded_traced_and_leaves_no_trace(intake_user):
    person = _person()
    identifiers = person_identifiers(person)
    request = person_erase(
        person, by=intake_user, reason="Art. 17(1)(a): no longer needed", received_on=timezone.localdate()
    )
    assert request.kind == SubjectRequest.Kind.ERASURE
    assert identifying_values_found(identifiers) == []
    entry = AccessLogEntry.objects.filter(person_id=person.pk).latest("id")
    assert (entry.action, entry.purpose, entry.fields) == ("update", "subject_request", ["erasure"])


def test_people_are_anonymised_in_slices_each_statement_naming_only_its_own(monkeypatch):
    from django.db import connection

    from haven.privacy import anonymise as engine

    people = [_person(given_names=name, national_number=None) for name in ("Aurelio", "Bettina", "Cosimo")]
    for person in people:
        _aged(person, 6)
    ids = {person.pk for person in people}
    named: list[set] = []

    def record(execute, sql, params, many, context):
        if sql.startswith('UPDATE "people_person"'):
            named.append(ids & set(params or ()))
        return execute(sql, params, many, context)

    monkeypatch.setattr(engine, "SLICE", 1)
    with connection.execute_wrapper(record):
        anonymise(timezone.localdate())
    assert sorted(len(found) for found in named) == [1, 1, 1]
    assert Person.objects.filter(pk__in=ids, anonymised_at__isnull=False).count() == 3
