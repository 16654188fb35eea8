"""The privacy officer's retention page, the confirmation of a run and the daily job."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.models import AnonymisationRun
from haven.privacy.retention_tasks import anonymise_daily

pytestmark = pytest.mark.django_db
URL = reverse("privacy:retention")


def _old_person(**values) -> Person:
    person = PersonFactory(given_names="Zephyrine", family_name="Quaxtonbury", national_number=None, **values)
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - datetime.timedelta(days=6 * 366))
    return person


def test_the_page_lists_the_registry_and_the_files_due_by_number(english, privacy_officer_client):
    person = _old_person()
    response = privacy_officer_client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "What Haven keeps, and for how long" in text
    assert f"H{person.pk:06d}" in text
    assert "Quaxtonbury" not in text  # numbers only: the list names no one
    assert "No run has been confirmed yet" in text


def test_the_page_is_the_privacy_officers(counsellor_client, manager_client):
    assert counsellor_client.get(URL).status_code == 403
    assert manager_client.get(URL).status_code == 403


def test_a_run_needs_the_box_ticked(english, privacy_officer_client):
    _old_person()
    response = privacy_officer_client.post(URL, {})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    assert not AnonymisationRun.objects.exists()


def test_the_daily_job_waits_for_the_first_confirmed_run_then_anonymises(privacy_officer, privacy_officer_client):
    first, today = _old_person(), timezone.localdate().isoformat()
    waiting = anonymise_daily.call(today)
    assert waiting["waiting"] is True and waiting["persons"] == 1
    assert not AnonymisationRun.objects.exists()

    response = privacy_officer_client.post(URL, {"confirm": "on"})
    assert response.status_code == 302
    run = AnonymisationRun.objects.get()
    assert (run.channel, run.by, run.persons) == ("page", privacy_officer, 1)
    first.refresh_from_db()
    assert first.anonymised_at is not None

    second = _old_person(email="octavian@example.org")
    done = anonymise_daily.call(today)
    assert done["persons"] == 1
    second.refresh_from_db()
    assert second.anonymised_at is not None
    assert AnonymisationRun.objects.filter(channel="job").count() == 1


def test_the_page_costs_the_same_queries_for_one_or_many_due(privacy_officer_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _old_person()
    with CaptureQueriesContext(connection) as one:
        privacy_officer_client.get(URL)
    for _ in range(5):
        _old_person()
    with CaptureQueriesContext(connection) as six:
        privacy_officer_client.get(URL)
    assert len(six) == len(one)
