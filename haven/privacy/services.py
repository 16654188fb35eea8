"""Writes of the privacy officer."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.models import AccessAction, AccessLogEntry
from haven.privacy.models import GlassReview


def glass_review_create(*, entry_id: int, by: User, justified: bool = True, note: str = "") -> GlassReview:
    """Mark one break-glass opening reviewed. A reviewer never reviews their own opening."""
    entry = AccessLogEntry.objects.filter(pk=entry_id, break_glass=True, action=AccessAction.VIEW).first()
    if entry is None:
        raise ValidationError(_("This is not a break-glass opening."))
    if entry.user_id == by.pk:
        raise ValidationError(_("Someone else must review your own break-glass openings."))
    review = GlassReview(entry=entry, entry_at=entry.at, reviewed_by=by, justified=justified, note=note)
    review.full_clean(exclude=["entry"])
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(_("This opening is already reviewed.")) from None
    return review
