"""Documents on a person's file: PDF and images only, within the size limit, scanned where a
scanner is configured (and refused when it finds a threat or cannot be reached), a validity
date for the kinds that have one, stored under a made-up name, every read traced."""

import datetime
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.casework import access, services, uploads
from haven.casework.models import Document, DocumentKind
from haven.casework.tests.notes_data import COUNSELLING, client_of
from haven.core.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.usefixtures("english")

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
VALID_UNTIL = datetime.date(2027, 6, 30)


def upload(name="verblijfskaart.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def add(world, by="counsellor", **values):
    defaults = {
        "kind": DocumentKind.RESIDENCE_CARD,
        "service_line": "integration",
        "file": upload(),
        "valid_until": VALID_UNTIL,
    }
    return services.document_add(person=world["person"], by=world[by], purpose=COUNSELLING, **{**defaults, **values})


class FakeScanner:
    def __init__(self, status="OK", error=None):
        self.status, self.error, self.scanned = status, error, b""

    def instream(self, buff):
        if self.error:
            raise self.error
        self.scanned = buff.read()
        return {"stream": (self.status, "Eicar-Test-Signature" if self.status == "FOUND" else None)}


def test_a_residence_card_is_stored_under_a_made_up_name_and_its_read_is_traced(world, caplog):
    with caplog.at_level(logging.INFO, logger="haven.casework.uploads"):
        document = add(world)

    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert "verblijfskaart" not in document.file.name and document.file.name.startswith("casework/")
    assert document.file.read() == PDF
    assert document.scanned is False
    assert "virus scan skipped: no ClamAV daemon configured" in caplog.text
    documents = access.documents_for_user(world["coordinator"], world["person"].pk, purpose=COUNSELLING)
    assert list(documents) == [document]
    entry = AccessLogEntry.objects.filter(user=world["coordinator"]).latest("id")
    assert (entry.action, entry.fields) == (AccessAction.VIEW, ["documents"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kaart.exe", b"MZ\x90\x00", "PDF or an image"),
        ("kaart.pdf", b"MZ\x90\x00", "PDF or an image"),  # a name that lies about the content
        ("kaart.png", PDF, "PDF or an image"),
        ("kaart.pdf", b"", "empty"),
        ("kaart.pdf", b"%PDF-" + b"0" * (uploads.UPLOAD_MAX_BYTES), "10 MB"),
    ],
)
def test_an_upload_that_is_not_a_pdf_or_image_or_too_large_is_refused_and_nothing_is_stored(
    world, name, content, message
):
    with pytest.raises(ValidationError, match=message) as refused:
        add(world, file=upload(name, content))
    assert "file" in refused.value.message_dict
    assert not Document.objects.exists()


def test_the_validity_date_is_required_where_the_kind_has_one_and_refused_where_not(world):
    with pytest.raises(ValidationError) as missing:
        add(world, valid_until=None)
    assert "valid_until" in missing.value.message_dict
    with pytest.raises(ValidationError) as needless:
        add(world, kind=DocumentKind.DIPLOMA)
    assert "valid_until" in needless.value.message_dict
    diploma = add(world, kind=DocumentKind.DIPLOMA, valid_until=None, file=upload("diploma.png", PNG))
    assert diploma.content_type == "image/png"


def test_a_configured_scanner_checks_every_upload_and_an_infected_file_is_refused(world, monkeypatch):
    clean = FakeScanner()
    monkeypatch.setattr(uploads, "scanner", lambda: clean)
    document = add(world)
    assert document.scanned is True and clean.scanned == PDF

    monkeypatch.setattr(uploads, "scanner", lambda: FakeScanner("FOUND"))
    with pytest.raises(ValidationError, match="found a threat"):
        add(world)
    assert Document.objects.count() == 1


def test_an_unreachable_scanner_refuses_the_upload_instead_of_skipping_the_scan(world, settings):
    settings.HAVEN_CLAMD = "tcp://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(ValidationError, match="cannot be reached"):
        add(world)
    assert not Document.objects.exists()


def test_only_the_staff_of_the_owning_line_add_a_document(world, nt2_staff):
    with pytest.raises(PermissionDenied):
        add(world, service_line="nt2")
    assert not Document.objects.exists()


def test_the_download_is_traced_and_a_colleague_outside_the_caseload_is_refused(world):
    document = add(world)
    assert access.document_for_user(world["counsellor"], document.pk, purpose=COUNSELLING) == document
    assert AccessLogEntry.objects.filter(user=world["counsellor"], fields=["document"]).count() == 1
    with pytest.raises(PermissionDenied):
        access.document_for_user(world["colleague"], document.pk, purpose=COUNSELLING)


# The pages -------------------------------------------------------------------------------------


def test_the_counsellor_uploads_a_residence_card_and_sees_it_in_the_reminders_and_the_file_header(world):
    client = client_of(world["counsellor"])
    person = world["person"]
    soon = timezone.localdate() + datetime.timedelta(days=20)
    refused = client.post(
        f"/casework/people/{person.pk}/documents/new/",
        {"purpose": "counselling", "kind": "residence_card", "service_line": "integration", "file": upload()},
    )
    assert refused.status_code == 422 and "valid_until" in refused.context["form"].errors

    added = client.post(
        f"/casework/people/{person.pk}/documents/new/",
        {
            "purpose": "counselling",
            "kind": "residence_card",
            "service_line": "integration",
            "valid_until": soon.isoformat(),
            "file": upload(),
        },
    )
    assert added.status_code == 302
    document = Document.objects.get()

    listed = client.get(f"/casework/people/{person.pk}/documents/?purpose=counselling").content.decode()
    assert "Residence card" in listed and f"/casework/documents/{document.pk}/file/" in listed
    download = client.get(f"/casework/documents/{document.pk}/file/?purpose=counselling")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"

    reminders = client.get("/casework/documents/expiring/")
    assert [row.pk for row in reminders.context["page"]] == [document.pk]
    assert AccessLogEntry.objects.filter(user=world["counsellor"], action=AccessAction.LIST).exists()
    file_page = client.get(f"/people/{person.pk}/?purpose=counselling").content.decode()
    assert f"Residence card expires on {soon:%d/%m/%Y}" in file_page


def test_a_colleague_sees_no_reminder_of_another_caseload_and_cannot_download(world):
    document = add(world, valid_until=timezone.localdate() + datetime.timedelta(days=5))
    colleague = client_of(world["colleague"])
    assert list(colleague.get("/casework/documents/expiring/").context["page"]) == []
    refused = colleague.get(f"/casework/documents/{document.pk}/file/?purpose=counselling")
    assert refused.status_code == 403  # the glass: a reason first (the break-glass page), no file
