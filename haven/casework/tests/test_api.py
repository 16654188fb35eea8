"""The notes API: the same policy as the page, every read traced, search, pagination,
a correction as a new version."""

import pytest

from haven.casework.models import Confidentiality, Note
from haven.casework.tests.notes_data import client_of, write
from haven.core.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.usefixtures("english")
JSON = "application/json"


def test_the_api_lists_the_notes_the_reader_may_read_and_traces_the_read(world):
    write(world, subject="For the team")
    write(world, subject="Between us", confidentiality=Confidentiality.COUNSELLOR)
    url = f"/api/casework/people/{world['person'].pk}/notes"

    coordinator = client_of(world["coordinator"]).get(url, {"purpose": "counselling"})
    counsellor = client_of(world["counsellor"]).get(url, {"purpose": "counselling", "q": "between"})

    assert coordinator.status_code == 200
    assert [item["subject"] for item in coordinator.json()["items"]] == ["For the team"]
    assert [item["subject"] for item in counsellor.json()["items"]] == ["Between us"]
    entries = AccessLogEntry.objects.filter(action=AccessAction.VIEW, fields=["notes"], channel="api")
    assert entries.count() == 2
    assert client_of(world["coordinator"]).get(url).status_code == 422  # no purpose: nothing shown


def test_a_colleague_outside_the_caseload_gets_403_and_a_manager_403(world, manager):
    write(world)
    url = f"/api/casework/people/{world['person'].pk}/notes"
    assert client_of(world["colleague"]).get(url, {"purpose": "counselling"}).status_code == 403
    assert client_of(manager).get(url, {"purpose": "counselling"}).status_code == 403


def test_the_counsellor_writes_and_corrects_through_the_api(world):
    client = client_of(world["counsellor"])
    url = f"/api/casework/people/{world['person'].pk}/notes"
    refused = client.post(
        url,
        {"service_line": "nt2", "happened_on": "2026-03-02", "subject": "x", "text": "y"},
        content_type=JSON,
    )
    assert refused.status_code == 403

    made = client.post(
        url,
        {"service_line": "integration", "happened_on": "2026-03-02", "subject": "Housing", "text": "Ledeberg."},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    note_id = made.json()["id"]
    corrected = client.post(
        f"/api/casework/notes/{note_id}/correction", {"subject": "Housing", "text": "Gentbrugge."}, content_type=JSON
    )
    assert corrected.status_code == 201 and corrected.json()["replaces_id"] == note_id
    items = client.get(url, {"purpose": "counselling"}).json()["items"]
    assert [(item["text"], item["corrected"]) for item in items] == [("Gentbrugge.", False), ("Ledeberg.", True)]
    other = client_of(world["coordinator"]).post(
        f"/api/casework/notes/{note_id}/correction", {"subject": "x", "text": "y"}, content_type=JSON
    )
    assert other.status_code == 404
    assert Note.objects.count() == 2


def test_documents_through_the_api_upload_list_and_download_traced(world):
    client = client_of(world["counsellor"])
    url = f"/api/casework/people/{world['person'].pk}/documents"
    pdf = b"%PDF-1.4\n%%EOF\n"
    refused = client.post(url, {"kind": "residence_card", "service_line": "integration", "file": upload(pdf)})
    assert refused.status_code == 422 and "valid_until" in refused.json()["errors"]
    wrong = client.post(
        url, {"kind": "diploma", "service_line": "integration", "file": upload(b"MZ", name="diploma.exe")}
    )
    assert wrong.status_code == 422 and "file" in wrong.json()["errors"]

    made = client.post(
        url, {"kind": "residence_card", "service_line": "integration", "valid_until": "2027-06-30", "file": upload(pdf)}
    )
    assert made.status_code == 201, made.content
    listed = client.get(url, {"purpose": "counselling"}).json()
    assert [(item["kind"], item["valid_until"]) for item in listed] == [("residence_card", "2027-06-30")]
    download = client.get(f"/api/casework/documents/{made.json()['id']}/file", {"purpose": "counselling"})
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    fields = AccessLogEntry.objects.filter(user=world["counsellor"], channel="api").values_list("fields", flat=True)
    assert {tuple(entry) for entry in fields} >= {("documents",), ("document",)}


def upload(content: bytes, name: str = "kaart.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_tasks_and_appointments_through_the_api(world):
    import datetime

    from django.utils import timezone

    client = client_of(world["counsellor"])
    person = world["person"].pk
    today = timezone.localdate()
    made = client.post(
        f"/api/casework/people/{person}/tasks", {"title": "Call back", "due_on": today.isoformat()}, content_type=JSON
    )
    assert made.status_code == 201, made.content
    mine = client.get("/api/casework/tasks").json()
    assert [task["text"] for task in mine] == ["Call back"]
    done = client.post(f"/api/casework/tasks/{made.json()['id']}/done", content_type=JSON)
    assert done.status_code == 200 and done.json()["done_at"]
    other = client_of(world["coordinator"]).post(f"/api/casework/tasks/{made.json()['id']}/done", content_type=JSON)
    assert other.status_code == 404

    monday = today + datetime.timedelta(days=14 - today.weekday())
    starts = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(10)))
    planned = client.post(
        f"/api/casework/people/{person}/appointments",
        {"service_line": "integration", "starts_at": starts.isoformat(), "purpose": "Follow-up"},
        content_type=JSON,
    )
    assert planned.status_code == 201, planned.content
    appointment = planned.json()["id"]
    later = starts + datetime.timedelta(days=1)
    moved = client.post(
        f"/api/casework/appointments/{appointment}/move", {"starts_at": later.isoformat()}, content_type=JSON
    )
    assert moved.status_code == 200 and moved.json()["starts_at"].startswith(later.date().isoformat())
    listed = client.get("/api/casework/appointments", {"start": monday.isoformat(), "days": 7}).json()
    assert [item["id"] for item in listed] == [appointment]
    too_early = client.post(f"/api/casework/appointments/{appointment}/outcome", {"state": "came"}, content_type=JSON)
    assert too_early.status_code == 422
    cancelled = client.post(f"/api/casework/appointments/{appointment}/cancel", content_type=JSON)
    assert cancelled.json()["state"] == "cancelled"
    assert AccessLogEntry.objects.filter(user=world["counsellor"], action=AccessAction.LIST, channel="api").exists()
