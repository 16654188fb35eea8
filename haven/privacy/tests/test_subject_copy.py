"""A person's own copy (GDPR art. 15 and 20): everything about them from every declared
record type, in a PDF and a JSON, nobody else's data, traced, for its starter only."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from haven.accounts.tests.factories import UserFactory
from haven.casework.models import Document, Note
from haven.community.tests.factories import DuoFactory
from haven.core import retention
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.core.retention import Retention
from haven.integration.tests.factories import ContractFactory
from haven.jobs.models import Job, JobState
from haven.people.models import Person
from haven.people.tests.factories import HouseholdLinkFactory, PersonFactory
from haven.privacy.models import SubjectRequest
from haven.privacy.subject_copy import subject_copy_document
from haven.privacy.subject_copy_files import copies_prune, copies_remove
from haven.privacy.subject_copy_tasks import subject_copy_start

pytestmark = pytest.mark.django_db

DOCUMENT_BYTES = b"%PDF-1.4 a scan of a residence card"

# The record types the test person has, declared here when their app has not declared them
# yet (the registry is filled by each app; the copy only ever reads the registry).
FALLBACK_DECLARATIONS = [
    Retention("integration.Registration", start="registered_on", years=5, legal="test", persons=("person",)),
    Retention("integration.Contract", start="signed_on", years=5, legal="test", persons=("person",)),
    Retention("casework.Note", start="written_at", years=5, legal="test", persons=("person",), erase=("text",)),
    Retention("casework.Document", start="uploaded_at", years=5, legal="test", persons=("person",), erase=("file",)),
    Retention("community.Participant", start="registered_on", years=5, legal="test", persons=("person",)),
    Retention("community.Buddy", start="registered_on", years=5, legal="test", persons=("person",)),
    Retention(
        "community.Duo", start="started_on", years=5, legal="test", persons=("participant__person", "buddy__person")
    ),
]


@pytest.fixture(autouse=True)
def declared(monkeypatch):
    for declaration in FALLBACK_DECLARATIONS:
        if declaration.key not in retention._REGISTRY:
            monkeypatch.setitem(retention._REGISTRY, declaration.key, declaration)


def _subject() -> Person:
    return PersonFactory(
        given_names="Zephyrine",
        family_name="Quaxtonbury",
        national_number="85073003328",
        email="zephyrine.quaxtonbury@example.org",
        street="Wolkenkrabberstraat",
        preferred_language_id="ara",
    )


@pytest.fixture
def rich(counsellor, privacy_officer):
    """A person with records in several apps, and two people who share a record with them:
    a child in their household and their buddy."""
    person = _subject()
    child = PersonFactory(given_names="Balthazar", family_name="Vonkelbeek", national_number="15021512345")
    buddy_person = PersonFactory(given_names="Ottoline", family_name="Grimsdyke", national_number="70010112360")
    HouseholdLinkFactory(parent=person, child=child)
    ContractFactory(registration__person=person)
    Note.objects.create(
        person=person,
        service_line="integration",
        author=counsellor,
        written_at=timezone.now(),
        happened_on=datetime.date(2025, 3, 4),
        subject="Intake call",
        text="Talked about the Dutch course in Sint-Amandsberg",
    )
    document = Document(
        person=person,
        kind="residence_card",
        valid_until=datetime.date(2030, 1, 1),
        service_line="integration",
        content_type="application/pdf",
        size=len(DOCUMENT_BYTES),
        uploaded_by=counsellor,
        uploaded_at=timezone.now(),
    )
    document.file.save("card.pdf", ContentFile(DOCUMENT_BYTES), save=False)
    document.save()
    DuoFactory(participant__person=person, buddy__person=buddy_person)
    access_record(user=counsellor, person_id=person.pk, action=AccessAction.VIEW, purpose=AccessPurpose.COUNSELLING)
    return {"person": person, "others": [child, buddy_person], "document": document}


def _post(client, person, **values):
    data = {"reason": "Letter of 2 March asking for all data", "received_on": "02/03/2026", "language": "en"}
    data.update(values)
    return client.post(reverse("privacy:copy_start", args=[person.pk]), data)


def _archive(job: Job) -> zipfile.ZipFile:
    from django.core.files.storage import default_storage

    with default_storage.open(job.result["file"], "rb") as kept:
        return zipfile.ZipFile(io.BytesIO(kept.read()))


def _contents(archive: zipfile.ZipFile) -> tuple[dict, str]:
    names = archive.namelist()
    document = json.loads(archive.read(next(name for name in names if name.endswith(".json"))))
    pdf = PdfReader(io.BytesIO(archive.read(next(name for name in names if name.endswith(".pdf")))))
    return document, " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def _identifiers(person: Person) -> list[str]:
    return [person.given_names, person.family_name, person.national_number, person.reference]


def test_the_copy_holds_every_declared_record_in_json_pdf_and_files(
    rich, privacy_officer_client, privacy_officer, counsellor
):
    person = rich["person"]
    response = _post(privacy_officer_client, person)

    request = SubjectRequest.objects.get(person=person)
    assert request.kind == SubjectRequest.Kind.COPY and request.language == "en"
    assert request.made_by == privacy_officer and request.received_on == datetime.date(2026, 3, 2)
    job = request.job
    assert job is not None and job.state == JobState.DONE
    assert response.status_code == 302 and response["Location"] == reverse("privacy:copy_download", args=[job.pk])

    archive = _archive(job)
    document, pdf_text = _contents(archive)
    counts = {section["key"]: len(section["records"]) for section in document["sections"]}
    for key in (
        "people.person",
        "people.householdlink",
        "integration.registration",
        "integration.contract",
        "casework.note",
        "casework.document",
        "community.participant",
        "community.duo",
    ):
        assert counts.get(key) == 1, key
    assert "community.buddy" not in counts  # the buddy's role record is theirs, not this person's
    assert document["sections"][0]["key"] == "people.person"
    own = {field["field"]: field for field in document["sections"][0]["records"][0]["fields"]}
    assert own["family_name"]["value"] == "Quaxtonbury" and own["national_number"]["value"] == "85073003328"
    assert own["preferred_language"]["text"]  # reference data by its name
    with translation.override("en"):
        assert own["sex"]["text"] == str(person.get_sex_display())  # a choice by its label

    # The PDF: the title page, each record type, the fields, the access history.
    assert "Personal data held about Zephyrine Quaxtonbury" in pdf_text
    assert "Talked about the Dutch course in Sint-Amandsberg" in pdf_text
    assert "Who has read your file" in pdf_text and counsellor.username in pdf_text
    for section in document["sections"]:
        assert section["title"] in pdf_text
    # The uploaded document itself, as stored.
    (listed,) = document["sections"][[s["key"] for s in document["sections"]].index("casework.document")]["files"]
    assert archive.read(listed["archive"]) == DOCUMENT_BYTES
    # The access history, before this copy.
    assert [entry["purpose"] for entry in document["access_history"]] == ["counselling"]


def test_nobody_else_who_shares_a_record_is_named_or_numbered(rich, privacy_officer_client):
    _post(privacy_officer_client, rich["person"])
    document, pdf_text = _contents(_archive(SubjectRequest.objects.get().job))
    text = json.dumps(document, ensure_ascii=False)
    for other in rich["others"]:
        for value in _identifiers(other):
            assert value not in text, value
            assert value not in pdf_text, value
    by_key = {section["key"]: section for section in document["sections"]}
    (link,) = by_key["people.householdlink"]["records"]
    child = next(field for field in link["fields"] if field["field"] == "child")
    assert child == {"field": "child", "label": "Child", "value": None, "text": "another person"}
    (duo,) = by_key["community.duo"]["records"]
    buddy = next(field for field in duo["fields"] if field["field"] == "buddy")
    assert buddy["text"] == f"#{buddy['value']}"  # the buddy's record by number, never by name


def test_making_the_copy_is_logged_as_an_export_for_a_subject_request(rich, privacy_officer_client, privacy_officer):
    person = rich["person"]
    _post(privacy_officer_client, person)
    (entry,) = AccessLogEntry.objects.filter(person_id=person.pk, action=AccessAction.EXPORT)
    assert entry.user == privacy_officer and entry.purpose == AccessPurpose.SUBJECT_REQUEST
    assert entry.fields == ["copy"]


def test_only_the_officer_who_asked_downloads_the_copy_and_each_download_is_traced(rich, privacy_officer_client):
    person = rich["person"]
    _post(privacy_officer_client, person)
    job = SubjectRequest.objects.get().job
    url = reverse("privacy:copy_download", args=[job.pk])

    response = privacy_officer_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AccessLogEntry.objects.filter(person_id=person.pk, action=AccessAction.EXPORT, fields=["download"]).exists()

    colleague = UserFactory(username="privacy-colleague", roles=["privacy_officer"])
    privacy_officer_client.force_login(colleague)
    assert privacy_officer_client.get(url).status_code == 404


def test_a_counsellor_may_not_ask_for_a_copy(rich, counsellor_client):
    assert _post(counsellor_client, rich["person"]).status_code == 403
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"received_on": "01/01/2999"}, "received_on", "The date received cannot be in the future."),
        ({"reason": "   "}, "reason", "This field is required."),
        ({"language": "fr"}, "language", "Select a valid choice. fr is not one of the available choices."),
        ({"received_on": "31/02/2026"}, "received_on", "Enter a valid date."),
    ],
)
def test_bad_input_is_refused_on_its_field(rich, privacy_officer_client, english, values, field, message):
    response = _post(privacy_officer_client, rich["person"], **values)
    assert response.status_code == 400
    assert response.context["copy_form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert not SubjectRequest.objects.exists() and not Job.objects.exists()


def test_an_unknown_person_is_not_found(privacy_officer_client):
    assert _post(privacy_officer_client, Person(pk=987654)).status_code == 404


def _queries(person: Person) -> int:
    with CaptureQueriesContext(connection) as captured:
        subject_copy_document(person, language="en")
    return len(captured.captured_queries)


def test_the_copy_reads_a_fixed_number_of_queries_whatever_the_number_of_records(rich, counsellor):
    person = rich["person"]
    one = _queries(person)
    for day in range(2, 6):
        Note.objects.create(
            person=person,
            service_line="integration",
            author=UserFactory(username=f"author-{day}", roles=["counsellor"]),
            written_at=timezone.now(),
            happened_on=datetime.date(2025, 3, day),
            subject="Follow-up",
            text="Another conversation",
        )
        HouseholdLinkFactory(parent=person, child=PersonFactory())
        DuoFactory(participant__person=person)
        access_record(user=counsellor, person_id=person.pk, action=AccessAction.VIEW, purpose=AccessPurpose.COUNSELLING)
    assert _queries(person) == one
    document = subject_copy_document(person, language="en")
    counts = {section["key"]: len(section["records"]) for section in document["sections"]}
    assert counts["casework.note"] == 5 and counts["people.householdlink"] == 5 and counts["community.duo"] == 5


def test_the_copy_is_in_the_language_asked(rich):
    dutch = subject_copy_document(rich["person"], language="nl")
    english = subject_copy_document(rich["person"], language="en")
    assert dutch["language"] == "nl" and english["language"] == "en"
    link = next(section for section in english["sections"] if section["key"] == "people.householdlink")
    child = next(field for field in link["records"][0]["fields"] if field["field"] == "child")
    assert child["text"] == "another person"


def test_copies_go_after_a_week_or_when_the_person_is_erased(rich, privacy_officer):
    from django.core.files.storage import default_storage

    person = rich["person"]
    first = subject_copy_start(
        person=person,
        by=privacy_officer,
        reason="Asked at the desk",
        received_on=datetime.date(2026, 1, 5),
        language="nl",
    ).job
    second = subject_copy_start(
        person=person, by=privacy_officer, reason="Asked again", received_on=datetime.date(2026, 1, 6), language="en"
    ).job
    Job.objects.filter(pk=first.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    paths = [first.result["file"], second.result["file"]]

    assert copies_prune() == 1
    assert not default_storage.exists(paths[0]) and default_storage.exists(paths[1])
    first.refresh_from_db()
    assert "file" not in first.result and first.result["person"] == person.pk

    assert copies_remove([person.pk]) == 1
    assert not default_storage.exists(paths[1])


def test_an_early_erasure_takes_the_kept_copies_with_it(rich, privacy_officer, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    from haven.privacy.anonymise import person_erase

    person = rich["person"]
    job = subject_copy_start(
        person=person,
        by=privacy_officer,
        reason="Asked at the desk",
        received_on=datetime.date(2026, 1, 5),
        language="nl",
    ).job
    path = job.result["file"]
    assert default_storage.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person, by=privacy_officer, reason="Art. 17(1)(a)", received_on=datetime.date(2026, 1, 6))
    assert not default_storage.exists(path)
