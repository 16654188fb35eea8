"""``haven anonymise``: the dry run lists, a real run needs the page's first confirmation and --yes."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.models import AnonymisationRun

pytestmark = pytest.mark.django_db


def _old_person() -> Person:
    person = PersonFactory(given_names="Zephyrine", family_name="Quaxtonbury", national_number=None)
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now() - datetime.timedelta(days=6 * 366))
    return person


def _run(*args) -> str:
    out = StringIO()
    call_command("anonymise", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_the_files_by_number_and_changes_nothing():
    person = _old_person()
    output = _run("--dry-run")
    assert f"#{person.pk}" in output and "1  people to anonymise" in output
    assert "Quaxtonbury" not in output
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_as_of_decides_what_is_due():
    person = _old_person()
    Person.objects.filter(pk=person.pk).update(updated_at=timezone.now())
    assert "0  people to anonymise" in _run("--dry-run")
    later = (timezone.localdate() + datetime.timedelta(days=5 * 366 + 2)).isoformat()
    assert f"#{person.pk}" in _run("--dry-run", "--as-of", later)


def test_a_run_waits_for_the_first_confirmation_on_the_page():
    _old_person()
    with pytest.raises(CommandError, match="/privacy/retention/"):
        _run("--yes")


def test_a_run_after_the_first_confirmation_needs_yes(privacy_officer):
    AnonymisationRun.objects.create(as_of=timezone.localdate(), by=privacy_officer, channel="page")
    person = _old_person()
    with pytest.raises(CommandError, match="Not confirmed"):
        _run()
    output = _run("--yes")
    assert "1 people" in output
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert AnonymisationRun.objects.filter(channel="command").count() == 1


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--as-of"):
        _run("--dry-run", "--as-of", "31/12/2030")
