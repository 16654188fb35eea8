"""Issue 18, item 6, in the community line.

Buddies: a withdrawn buddy is no longer offered by the matching, no duo is made with them,
and their running duos end on the day (the newcomer stays signed up, to be matched again).
Photos at events: a photo shows only while everyone in it consents; one person withdrawing
deletes the photo's file and takes it off every page. Both withdrawn on a confirmation
page, traced in the access log and the audit trail."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.community import selectors, services
from haven.community.models import Buddy, Duo, EventPhoto, PhotoConsent, WithdrawReason
from haven.community.services.matching import available_buddies
from haven.community.tests.factories import GentenaarFactory
from haven.core.models import AccessLogEntry, AuditEntry
from haven.people.tests.factories import PersonFactory

TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def duo(participant, buddy, programme_staff):
    return services.duo_create(
        participant=participant, buddy=buddy, started_on=datetime.date(2019, 3, 1), by=programme_staff
    )


# Buddies --------------------------------------------------------------------------------------


def test_a_withdrawn_buddy_is_not_offered_by_the_matching(programme_staff, buddy):
    assert buddy in available_buddies(TODAY)
    services.buddy_consent_withdraw(buddy=buddy, by=programme_staff, on=TODAY)
    assert buddy not in available_buddies(TODAY)


def test_a_withdrawn_buddy_is_refused_a_new_duo(english, programme_staff, participant, buddy):
    services.buddy_consent_withdraw(buddy=buddy, by=programme_staff, on=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.duo_create(participant=participant, buddy=buddy, started_on=TODAY, by=programme_staff)
    assert refused.value.message_dict["buddy"] == ["This buddy's consent is withdrawn: they are matched no more."]


def test_withdrawing_ends_the_running_duos_and_keeps_the_newcomer_signed_up(programme_staff, participant, buddy, duo):
    services.meeting_log(duo=duo, held_on=datetime.date(2019, 3, 15), by=programme_staff)
    services.buddy_consent_withdraw(buddy=buddy, by=programme_staff, on=TODAY)
    duo.refresh_from_db()
    assert (duo.ended_on, duo.end_reason) == (TODAY, WithdrawReason.CONSENT)
    assert duo.meetings.count() == 1  # the past stays as it was
    participant.refresh_from_db()
    assert participant.withdrawn_on is None
    assert AuditEntry.objects.filter(target_type="community.duo", target_id=str(duo.pk)).exists()
    assert AccessLogEntry.objects.filter(
        person_id=participant.person_id, action="update", fields=["community"]
    ).exists()


def test_a_duo_ends_after_its_last_meeting_when_the_withdrawal_is_dated_earlier(programme_staff, buddy, duo):
    services.meeting_log(duo=duo, held_on=datetime.date(2019, 4, 12), by=programme_staff)
    services.buddy_consent_withdraw(buddy=buddy, by=programme_staff, on=datetime.date(2019, 4, 1))
    duo.refresh_from_db()
    assert duo.ended_on == datetime.date(2019, 4, 12)


def test_the_edit_service_recording_a_withdrawal_ends_the_duos_too(programme_staff, buddy, duo):
    services.buddy_update(buddy=buddy, values={"consent_withdrawn_on": TODAY}, by=programme_staff)
    assert Duo.objects.get(pk=duo.pk).end_reason == WithdrawReason.CONSENT


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (datetime.date(2019, 1, 1), "Consent cannot be withdrawn before it was given."),
        (TODAY + datetime.timedelta(days=1), "Consent is withdrawn today at the latest."),
    ],
)
def test_a_buddy_withdrawal_out_of_its_dates_is_refused(english, programme_staff, buddy, on, message):
    with pytest.raises(ValidationError) as refused:
        services.buddy_consent_withdraw(buddy=buddy, by=programme_staff, on=on)
    assert refused.value.message_dict == {"consent_withdrawn_on": [message]}


def test_the_staff_withdraw_a_buddys_consent_on_a_confirmation_page(
    english, programme_staff_client, programme_staff, participant, buddy, duo
):
    detail = programme_staff_client.get(f"/community/buddies/{buddy.pk}/?purpose=programme").content.decode()
    url = f"/community/buddies/{buddy.pk}/consent/withdraw/"
    assert f'href="{url}?purpose=programme"' in detail
    page = programme_staff_client.get(url + "?purpose=programme")
    text = page.content.decode()
    assert page.status_code == 200 and "QADRI Samir" in text and "end on that day" in text
    assert Buddy.objects.get(pk=buddy.pk).consent_withdrawn_on is None
    response = programme_staff_client.post(
        url, {"purpose": "programme", "consent_withdrawn_on": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    assert Buddy.objects.get(pk=buddy.pk).consent_withdrawn_on == TODAY
    assert Duo.objects.get(pk=duo.pk).ended_on == TODAY
    change = AccessLogEntry.objects.filter(person_id=buddy.person_id, action="update").latest("id")
    assert (change.fields, change.user_id) == (["community"], programme_staff.pk)
    assert AuditEntry.objects.filter(target_type="community.buddy", fields=["consent_withdrawn_on"]).count() == 1
    refused = programme_staff_client.post(url, {"purpose": "programme", "consent_withdrawn_on": "01/01/2019"})
    assert refused.status_code == 302  # withdrawn already: back to the buddy's page


def test_a_buddy_withdrawal_before_the_consent_is_refused_on_the_page(english, programme_staff_client, buddy):
    response = programme_staff_client.post(
        f"/community/buddies/{buddy.pk}/consent/withdraw/",
        {"purpose": "programme", "consent_withdrawn_on": "01/01/2019"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["consent_withdrawn_on"] == [
        "Consent cannot be withdrawn before it was given."
    ]


# Photos at events ------------------------------------------------------------------------------


@pytest.fixture
def event(db, programme_staff):
    return services.event_create(
        values={"kind": "hidirellez", "name": "Hidirellez 2019", "held_on": datetime.date(2019, 5, 6)},
        by=programme_staff,
    )


@pytest.fixture
def pictured(db):
    """Two people at the event: Leila and Omar."""
    return [
        PersonFactory(given_names="Leila", family_name="Haddad", birth_date=datetime.date(1991, 1, 9)),
        GentenaarFactory(given_names="Omar", family_name="Verstraete", birth_date=datetime.date(1980, 7, 2)),
    ]


def _photo(event, people, by, *, content=PNG, name="feest.png") -> EventPhoto:
    return services.photo_upload(
        event=event,
        file=SimpleUploadedFile(name, content),
        people=people,
        consent_given_on=datetime.date(2019, 5, 6),
        consent_text_version="2019-1",
        by=by,
    )


def test_a_photo_is_stored_with_each_persons_consent(programme_staff, event, pictured):
    photo = _photo(event, pictured, programme_staff)
    assert photo.content_type == "image/png" and photo.file.name.startswith("community/photos/")
    assert "feest" not in photo.file.name  # the name is made up, nothing of the upload's
    consents = list(photo.consents.order_by("person__given_names"))
    assert [(consent.person_id, consent.consent_given_on, consent.consent_text_version) for consent in consents] == [
        (pictured[0].pk, datetime.date(2019, 5, 6), "2019-1"),
        (pictured[1].pk, datetime.date(2019, 5, 6), "2019-1"),
    ]
    assert list(selectors.photos_shown(TODAY)) == [photo]
    logged = AccessLogEntry.objects.filter(action="update", fields=["photos"]).values_list("person_id", flat=True)
    assert sorted(logged) == sorted(person.pk for person in pictured)


def test_a_photo_shows_only_while_everyone_in_it_consents(programme_staff, event, pictured):
    photo = _photo(event, pictured, programme_staff)
    # Leila's consent counts from a later day (recorded on the record): not shown before it.
    PhotoConsent.objects.filter(photo=photo, person=pictured[0]).update(consent_given_on=datetime.date(2019, 6, 1))
    assert list(selectors.photos_shown(datetime.date(2019, 5, 20))) == []
    assert list(selectors.photos_shown(datetime.date(2019, 6, 1))) == [photo]


def test_one_person_withdrawing_deletes_the_photo_and_takes_it_off_every_page(
    programme_staff, programme_staff_client, event, pictured
):
    photo = _photo(event, pictured, programme_staff)
    stored = Path(photo.file.path)
    assert stored.exists()
    leila = photo.consents.get(person=pictured[0])
    services.photo_consent_withdraw(consent=leila, by=programme_staff, on=TODAY)
    photo.refresh_from_db()
    assert not stored.exists() and photo.file.name == "" and photo.file_removed_on == TODAY
    assert PhotoConsent.objects.get(person=pictured[1], photo=photo).consent_withdrawn_on is None
    assert list(selectors.photos_shown(TODAY)) == []
    assert programme_staff_client.get(f"/community/photos/{photo.pk}/").status_code == 404
    assert programme_staff_client.get(f"/community/photos/{photo.pk}/file/").status_code == 404
    assert f"/community/photos/{photo.pk}/" not in programme_staff_client.get("/community/photos/").content.decode()
    audited = AuditEntry.objects.filter(target_type="community.eventphoto", target_id=str(photo.pk), action="update")
    assert list(audited.values_list("fields", flat=True)) == [["file", "file_removed_on"]]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4\n%%EOF\n", "feest.pdf", "Upload a photo: a PNG or JPEG image."),
        (b"MZ\x90\x00" + b"\x00" * 32, "feest.png", "Upload a PDF or an image (PNG or JPEG)."),
        (b"", "feest.png", "The file is empty."),
    ],
)
def test_an_upload_that_is_not_a_photo_is_refused_and_nothing_stored(
    english, programme_staff, event, pictured, settings, content, name, message
):
    with pytest.raises(ValidationError) as refused:
        _photo(event, pictured, programme_staff, content=content, name=name)
    assert refused.value.message_dict == {"file": [message]}
    assert not EventPhoto.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_the_staff_upload_a_photo_and_see_it_with_its_people(english, programme_staff_client, event, pictured):
    references = ", ".join(person.reference for person in pictured)
    response = programme_staff_client.post(
        "/community/photos/new/",
        {
            "purpose": "programme",
            "event": event.pk,
            "file": SimpleUploadedFile("feest.jpg", JPEG),
            "people": references,
            "consent_given_on": "06/05/2019",
            "consent_text_version": "2019-1",
        },
    )
    assert response.status_code == 302
    photo = EventPhoto.objects.get()
    assert photo.content_type == "image/jpeg"
    before = AccessLogEntry.objects.count()
    listing = programme_staff_client.get("/community/photos/").content.decode()
    assert "HADDAD Leila" in listing and f"/community/photos/{photo.pk}/file/" in listing
    assert AccessLogEntry.objects.count() == before + 2  # both people traced as shown
    image = programme_staff_client.get(f"/community/photos/{photo.pk}/file/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"] == "private, no-store" and b"".join(image.streaming_content) == JPEG
    detail = programme_staff_client.get(f"/community/photos/{photo.pk}/").content.decode()
    consent = photo.consents.get(person=pictured[0])
    assert f"/community/photos/consents/{consent.pk}/withdraw/" in detail


def test_an_upload_with_an_unknown_file_number_is_refused_on_its_field(english, programme_staff_client, event):
    response = programme_staff_client.post(
        "/community/photos/new/",
        {
            "event": event.pk,
            "file": SimpleUploadedFile("feest.png", PNG),
            "people": "H999999",
            "consent_given_on": "06/05/2019",
            "consent_text_version": "2019-1",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["people"] == ["There is no person with this file number."]
    assert not EventPhoto.objects.exists()


def test_the_staff_withdraw_a_photo_consent_on_a_confirmation_page(
    english, programme_staff_client, programme_staff, event, pictured
):
    photo = _photo(event, pictured, programme_staff)
    consent = photo.consents.get(person=pictured[1])
    url = f"/community/photos/consents/{consent.pk}/withdraw/"
    page = programme_staff_client.get(url + "?purpose=programme")
    assert page.status_code == 200 and "The photo&#x27;s file is deleted today" in page.content.decode()
    assert EventPhoto.objects.get().file_removed_on is None
    response = programme_staff_client.post(
        url, {"purpose": "programme", "consent_withdrawn_on": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302 and response["Location"] == "/community/photos/?purpose=programme"
    assert EventPhoto.objects.get().file_removed_on == TODAY
    change = AccessLogEntry.objects.filter(person_id=pictured[1].pk, action="update").latest("id")
    assert (change.fields, change.user_id) == (["photos"], programme_staff.pk)


def test_the_photo_list_runs_as_many_queries_for_one_photo_as_for_three(
    programme_staff_client, programme_staff, event, pictured, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _photo(event, pictured, programme_staff)
    programme_staff_client.get("/community/photos/")  # the session and the user's roles warmed
    with CaptureQueriesContext(connection) as one:
        programme_staff_client.get("/community/photos/")
    for _ in range(2):
        _photo(event, [*pictured, PersonFactory()], programme_staff)
    with CaptureQueriesContext(connection) as three:
        programme_staff_client.get("/community/photos/")
    assert len(three) == len(one)


def test_other_roles_see_no_photos(counsellor_client, programme_staff, event, pictured):
    photo = _photo(event, pictured, programme_staff)
    for url in ("/community/photos/", f"/community/photos/{photo.pk}/", f"/community/photos/{photo.pk}/file/"):
        assert counsellor_client.get(url).status_code == 403
