"""Photos of community events and the consent of the people in them.

``photo_upload`` stores a photo of an event with everyone recognisable in it, each with
their own consent (given on, text version): a PNG or JPEG within the upload limit, checked
by its first bytes and scanned for viruses where a scanner is configured, as the casework
documents are (``casework.uploads``); nothing is stored when it is refused.
``photo_consent_withdraw`` records one person's consent withdrawn and deletes the photo's
file (see ``models.photos`` for why deleting rather than hiding). Each is traced in the
access log (the people's records, field ``photos``) and the audit trail."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework import uploads
from haven.community.models import CommunityEvent, EventPhoto, PhotoConsent
from haven.core.audit import access_trace, audit_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, AuditAction
from haven.people.access import purpose_or_default
from haven.people.models import Person

PHOTO_FIELD = "photos"
PHOTO_TYPES = ("image/png", "image/jpeg")


def _traced(by: User | None, person_ids: Sequence[int], channel: AccessChannel | None) -> None:
    """The people's records changed: one access-log entry each, in one insert."""
    purpose = purpose_or_default(by, None, AccessPurpose.PROGRAMME) if by else AccessPurpose.PROGRAMME
    access_trace(
        user=by,
        person_ids=person_ids,
        action=AccessAction.UPDATE,
        purpose=purpose,
        channel=channel,
        fields=[PHOTO_FIELD],
    )


def _upload_check(people: Sequence[Person], consent_given_on: date, consent_text_version: str) -> None:
    errors: dict[str, str] = {}
    if not people:
        errors["people"] = _("Give the file number of everyone in the photo.")
    if consent_given_on > timezone.localdate():
        errors["consent_given_on"] = _("Consent is recorded today at the latest.")
    if not (consent_text_version or "").strip():
        errors["consent_text_version"] = _("Give the version of the consent text they signed.")
    if errors:
        raise ValidationError(errors)


def photo_upload(
    *,
    event: CommunityEvent,
    file: Any,
    people: Sequence[Person],
    consent_given_on: date,
    consent_text_version: str,
    by: User,
    channel: AccessChannel | None = None,
) -> EventPhoto:
    """A photo of ``event`` with the people in it, each consenting from ``consent_given_on``
    to the text ``consent_text_version``."""
    _upload_check(people, consent_given_on, consent_text_version)
    content_type = uploads.upload_format(file)
    if content_type not in PHOTO_TYPES:
        raise ValidationError({"file": [_("Upload a photo: a PNG or JPEG image.")]})
    scanned = uploads.upload_scan(file)
    photo = EventPhoto(
        event=event,
        content_type=content_type,
        size=file.size,
        scanned=scanned,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    with transaction.atomic():
        photo.file.save(f"photo.{content_type.rsplit('/', 1)[-1]}", file, save=False)
        try:
            photo.full_clean(exclude=["event", "uploaded_by", "file"])
            photo.save()
            consents = [
                PhotoConsent(
                    photo=photo,
                    person=person,
                    consent_given_on=consent_given_on,
                    consent_text_version=consent_text_version.strip(),
                )
                for person in dict.fromkeys(people)
            ]
            for consent in consents:
                consent.full_clean(exclude=["photo", "person"], validate_constraints=False)
            PhotoConsent.objects.bulk_create(consents)
        except Exception:
            photo.file.delete(save=False)  # nothing stored on a refusal
            raise
        audit_record(actor=by, action=AuditAction.CREATE, target=photo, fields=["event", "file", "people"])
        _traced(by, [person.pk for person in people], channel)
    return photo


@transaction.atomic
def photo_consent_withdraw(
    *, consent: PhotoConsent, by: User | None, on: date, channel: AccessChannel | None = None
) -> PhotoConsent:
    """A person in a photo withdraws their consent on ``on`` (on or after it was given,
    today at the latest, once): the photo's file is deleted today and the photo leaves
    every page; the other people's consents stay as they were."""
    consent = PhotoConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.consent_withdrawn_on is not None:
        raise ValidationError({"consent_withdrawn_on": _("This consent is withdrawn already.")})
    if on < consent.consent_given_on:
        raise ValidationError({"consent_withdrawn_on": _("Consent cannot be withdrawn before it was given.")})
    if on > timezone.localdate():
        raise ValidationError({"consent_withdrawn_on": _("Consent is withdrawn today at the latest.")})
    consent.consent_withdrawn_on = on
    consent.save(update_fields=["consent_withdrawn_on"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=consent, fields=["consent_withdrawn_on"])
    photo = EventPhoto.objects.select_for_update().get(pk=consent.photo_id)
    if photo.file:
        # Deleted now, not after the commit: should the transaction fail after this, the
        # image is gone and the consent not yet recorded withdrawn, the safe side of the two.
        photo.file.delete(save=False)
        photo.file_removed_on = timezone.localdate()
        photo.save(update_fields=["file", "file_removed_on"])
        audit_record(actor=by, action=AuditAction.UPDATE, target=photo, fields=["file", "file_removed_on"])
    _traced(by, [consent.person_id], channel)
    return consent
