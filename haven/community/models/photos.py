"""Photos taken at community events, and the consent of each person in them.

Showing a photo of a person rests on their consent, so each person in a photo has their
own ``PhotoConsent`` (``core.consent.Consent``: given on, text version, withdrawn on). A
photo shows only while every person in it has their consent in force; when one of them
withdraws it, the photo's file is deleted (``file_removed_on``) and the photo leaves every
page. Deleting rather than hiding: once one person's consent is gone there is no ground
left to keep their image at all (GDPR art. 17(1)(b)), and a hidden file is still held,
backed up and exposed to a mistake. The photo's row and its consents stay, without the
image, as the record of what was agreed and withdrawn (art. 7(1)), until retention ends."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.core.consent import Consent
from haven.people.models import Person

from .culture import CommunityEvent

# The version of the photo consent text people sign at an event now (a constant: a new text
# is a code change, reviewed with the privacy officer; each consent keeps its own version).
PHOTO_CONSENT_TEXT_VERSION = "2019-1"


def photo_path(photo: "EventPhoto", filename: str) -> str:
    """A name Haven makes up: nothing of the people or of the uploaded file's name."""
    extension = PurePath(filename).suffix.lower().lstrip(".") or "bin"
    return f"community/photos/{photo.uploaded_at:%Y}/{uuid.uuid4().hex}.{extension}"


class EventPhoto(models.Model):
    """A photo of a community event (PNG or JPEG), stored outside the web root and served
    only to the programme staff, while every person in it consents."""

    event = models.ForeignKey(CommunityEvent, on_delete=models.PROTECT, related_name="photos", verbose_name=_("event"))
    file = models.FileField(_("photo"), upload_to=photo_path, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    scanned = models.BooleanField(_("checked by the virus scanner"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    file_removed_on = models.DateField(_("photo removed on"), null=True, blank=True)
    people = models.ManyToManyField(
        Person, through="PhotoConsent", related_name="event_photos", verbose_name=_("people in the photo")
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(file_removed_on__isnull=True) | Q(file=""), name="community_photo_removed_has_no_file"
            )
        ]

    def __str__(self) -> str:
        return f"{_('event photo')} {self.pk}"


class PhotoConsent(Consent):
    """One person's consent to be shown in one photo."""

    photo = models.ForeignKey(EventPhoto, on_delete=models.CASCADE, related_name="consents", verbose_name=_("photo"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="photo_consents", verbose_name=_("person")
    )

    class Meta:
        ordering = ["photo_id", "person__family_name", "person__given_names", "id"]
        verbose_name = _("photo consent")
        verbose_name_plural = _("photo consents")
        constraints = [
            models.UniqueConstraint(fields=["photo", "person"], name="community_photo_person_once"),
            models.CheckConstraint(
                condition=Q(consent_withdrawn_on__isnull=True) | Q(consent_withdrawn_on__gte=F("consent_given_on")),
                name="community_photo_consent_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('photo consent')} {self.photo_id}/{self.person_id}"
