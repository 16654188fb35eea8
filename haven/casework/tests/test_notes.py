"""Notes on a person's file: who writes them, who reads them at each confidentiality, the
correction that keeps the old version, the trace of every read, search."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.casework import access, selectors, services
from haven.casework.models import Confidentiality, Note
from haven.casework.tests.notes_data import COUNSELLING, client_of, write
from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.people.access import BreakGlassRequired

pytestmark = pytest.mark.usefixtures("english")


def readable(world, who, purpose=COUNSELLING) -> set[str]:
    notes = access.notes_for_user(world[who], world["person"].pk, purpose=purpose)
    return set(notes.values_list("subject", flat=True))


def test_each_confidentiality_has_its_readers(world):
    write(world, subject="For the team")
    write(world, subject="For the counsellor", confidentiality=Confidentiality.COUNSELLOR)
    write(world, subject="For the privacy officer", confidentiality=Confidentiality.PRIVACY)

    assert readable(world, "counsellor") == {"For the team", "For the counsellor", "For the privacy officer"}
    # The team coordinator is the line's staff (and follows the team's files), not the counsellor.
    assert readable(world, "coordinator") == {"For the team"}
    assert readable(world, "privacy", AccessPurpose.AUDIT) == {
        "For the team",
        "For the counsellor",
        "For the privacy officer",
    }


def test_a_colleague_outside_the_caseload_reads_nothing_without_breaking_the_glass(world):
    write(world, subject="Confidential", confidentiality=Confidentiality.COUNSELLOR)

    with pytest.raises(BreakGlassRequired):
        access.notes_for_user(world["colleague"], world["person"].pk, purpose=COUNSELLING)

    refused = AccessLogEntry.objects.filter(user=world["colleague"], person_id=world["person"].pk)
    assert list(refused.values_list("action", flat=True)) == [AccessAction.REFUSED]


def test_every_read_of_the_notes_is_traced_with_its_purpose(world):
    write(world)
    before = AccessLogEntry.objects.count()

    readable(world, "coordinator")

    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.user, entry.action, entry.purpose, entry.fields) == (
        world["coordinator"],
        AccessAction.VIEW,
        COUNSELLING,
        ["notes"],
    )


def test_a_correction_is_a_new_version_and_the_old_one_stays_for_the_author_and_the_privacy_officer(world):
    first = write(world, text="Wants an evening course.")
    corrected = services.note_correct(
        note=first, subject=first.subject, text="Wants a morning course.", by=world["counsellor"], purpose=COUNSELLING
    )

    assert Note.objects.get(pk=first.pk).text == "Wants an evening course."  # never changed in place
    assert corrected.replaces == first
    team = access.notes_for_user(world["coordinator"], world["person"].pk, purpose=COUNSELLING)
    assert list(team.values_list("text", flat=True)) == ["Wants a morning course."]
    for who, purpose in (("counsellor", COUNSELLING), ("privacy", AccessPurpose.AUDIT)):
        notes = access.notes_for_user(world[who], world["person"].pk, purpose=purpose)
        assert set(notes.values_list("text", flat=True)) == {"Wants an evening course.", "Wants a morning course."}

    with pytest.raises(ValidationError, match="corrected already"):
        services.note_correct(note=first, subject="x", text="y", by=world["counsellor"], purpose=COUNSELLING)


def test_only_the_author_corrects_a_note(world):
    note = write(world)
    with pytest.raises(PermissionDenied):
        services.note_correct(note=note, subject="x", text="y", by=world["coordinator"], purpose=COUNSELLING)


def test_staff_write_notes_for_their_own_service_line_only(world):
    with pytest.raises(PermissionDenied, match="own service line"):
        write(world, service_line="nt2")
    with pytest.raises(ValidationError) as unknown:
        write(world, service_line="no-such-line")
    assert "service_line" in unknown.value.message_dict
    assert not Note.objects.exists()


def test_a_note_about_tomorrow_or_without_a_subject_is_refused_on_its_field(world):
    with pytest.raises(ValidationError) as tomorrow:
        write(world, happened_on=datetime.date.max)
    assert "happened_on" in tomorrow.value.message_dict
    with pytest.raises(ValidationError) as empty:
        write(world, subject="   ")
    assert "subject" in empty.value.message_dict
    assert not Note.objects.exists()


def test_search_finds_the_notes_with_every_word_among_those_the_reader_may_read(world):
    write(world, subject="Housing", text="Looking for a flat in Ledeberg.")
    write(world, subject="Course", text="Evening course in Ledeberg preferred.")
    write(world, subject="Secret", text="Ledeberg flat", confidentiality=Confidentiality.COUNSELLOR)

    notes = access.notes_for_user(world["coordinator"], world["person"].pk, purpose=COUNSELLING)
    assert {note.subject for note in selectors.notes_search(notes, "ledeberg FLAT")} == {"Housing"}
    assert {note.subject for note in selectors.notes_search(notes, "ledeberg")} == {"Housing", "Course"}


# The page ------------------------------------------------------------------------------------


def test_the_page_asks_the_purpose_then_shows_the_notes_the_reader_may_read_and_traces_it(world):
    write(world, subject="For the team", text="Prefers mornings.")
    write(world, subject="Between us", confidentiality=Confidentiality.COUNSELLOR)
    url = f"/casework/people/{world['person'].pk}/notes/"
    client = client_of(world["coordinator"])
    before = AccessLogEntry.objects.count()

    asked = client.get(url)
    assert AccessLogEntry.objects.count() == before  # nothing shown or logged before the purpose
    assert "purpose" in asked.content.decode()

    page = client.get(url + "?purpose=counselling").content.decode()
    assert "For the team" in page and "Prefers mornings." in page
    assert "Between us" not in page
    assert AccessLogEntry.objects.filter(user=world["coordinator"], fields=["notes"]).count() == 1


def test_the_counsellor_writes_searches_and_corrects_a_note_on_the_page(world):
    client = client_of(world["counsellor"])
    url = f"/casework/people/{world['person'].pk}/notes/"
    refused = client.post(
        url + "new/",
        {
            "purpose": "counselling",
            "service_line": "integration",
            "happened_on": "2026-03-02",
            "subject": "",
            "text": "x",
        },
    )
    assert refused.status_code == 422 and "subject" in refused.context["note_form"].errors

    client.post(
        url + "new/",
        {
            "purpose": "counselling",
            "service_line": "integration",
            "happened_on": "2026-03-02",
            "subject": "Housing",
            "text": "Looking for a flat in Ledeberg.",
            "confidentiality": "line",
        },
    )
    note = Note.objects.get()
    found = client.get(url + "?purpose=counselling&q=ledeberg").content.decode()
    assert "Looking for a flat in Ledeberg." in found
    assert "Housing" not in client.get(url + "?purpose=counselling&q=course").content.decode()

    client.post(
        f"/casework/notes/{note.pk}/correction/",
        {
            "purpose": "counselling",
            f"note-{note.pk}-subject": "Housing",
            f"note-{note.pk}-text": "A flat in Gentbrugge.",
        },
    )
    page = client.get(url + "?purpose=counselling").content.decode()
    assert "A flat in Gentbrugge." in page and "corrected by a later version" in page
    # a colleague cannot correct it, even by posting
    other = client_of(world["coordinator"]).post(
        f"/casework/notes/{note.pk}/correction/",
        {"purpose": "counselling", f"note-{note.pk}-subject": "x", f"note-{note.pk}-text": "y"},
    )
    assert other.status_code == 404
