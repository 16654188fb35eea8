"""The item's own test on the whole demo: the demo person with records in the most declared
record types gets a copy holding every one of those records, and nobody else's name or
number (the people who share a record with them: household, buddies, duos)."""

import io
import json
import re
import zipfile
from collections import Counter
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from haven.accounts.tests.factories import UserFactory
from haven.core.retention import retentions
from haven.people.models import Person
from haven.privacy.anonymise import records_about
from haven.privacy.subject_copy_tasks import subject_copy_start

pytestmark = pytest.mark.slow  # the whole demo: left out by make test-fast


def _richest_person() -> Person:
    """The person with records in the most declared record types (the lowest id on a tie):
    one query per person lookup of every declaration."""
    types: Counter[int] = Counter()
    for declaration in (declaration for declaration in retentions() if declaration.persons):
        if declaration.model_class is Person:
            continue
        found: set[int] = set()
        for lookup in declaration.persons:
            found.update(
                declaration.model_class._default_manager.filter(**{f"{lookup}__isnull": False})
                .values_list(lookup, flat=True)
                .distinct()
            )
        types.update(found)
    best = max(types.values())
    return Person.objects.get(pk=min(person_id for person_id, count in types.items() if count == best))


def _sharing(person: Person) -> set[int]:
    """The other people named by the records about ``person``."""
    others: set[int] = set()
    for declaration, queryset in records_about(person):
        for lookup in declaration.persons:
            others.update(queryset.filter(**{f"{lookup}__isnull": False}).values_list(lookup, flat=True))
    return others - {person.pk}


@pytest.mark.django_db
def test_the_richest_demo_person_gets_every_record_and_nobody_elses_data():
    call_command("demo", seed=2019, stdout=StringIO())
    person = _richest_person()
    expected = {}
    for declaration, queryset in records_about(person):
        count = queryset.values("pk").distinct().count()
        if count:
            expected[declaration.key] = count
    assert len(expected) >= 3, expected  # a rich person: records in several apps

    officer = UserFactory(username="copy-officer", roles=["privacy_officer"])
    request = subject_copy_start(
        person=person, by=officer, reason="Letter asking for all data", received_on=timezone.localdate(), language="nl"
    )
    assert request.job is not None and request.job.state == "done", request.job and request.job.message
    with default_storage.open(request.job.result["file"], "rb") as kept:
        archive = zipfile.ZipFile(io.BytesIO(kept.read()))
    names = archive.namelist()
    document = json.loads(archive.read(next(name for name in names if name.endswith(".json"))))
    pdf = PdfReader(io.BytesIO(archive.read(next(name for name in names if name.endswith(".pdf")))))
    pdf_text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)

    found = {section["key"]: len(section["records"]) for section in document["sections"]}
    # The request for this copy is itself a record about the person, made after the count.
    assert found.pop("privacy.subjectrequest") == expected.pop("privacy.subjectrequest", 0) + 1
    assert found == expected
    for section in document["sections"]:
        for file in section["files"]:
            assert file["archive"] in names
    assert person.full_name in pdf_text

    json_text = json.dumps(document, ensure_ascii=False)
    others = Person.objects.filter(pk__in=_sharing(person))
    assert others.exists(), "the richest demo person shares no record with anyone"
    for other in others:
        values = [f"{other.given_names} {other.family_name}", other.reference]
        if other.national_number:
            values.append(other.national_number)
        if other.family_name not in person.full_name:
            values.append(other.family_name)
        for value in values:
            pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            assert not pattern.search(json_text), (other.pk, value)
            assert not pattern.search(pdf_text), (other.pk, value)
