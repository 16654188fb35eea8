"""The directory of practice opportunities: an opportunity added or corrected (reference
data naming organisations only, in the audit trail). Every change invalidates the cached
public page (``directory_cache_bump``): its cache key carries a version that a change moves
on, now and again when the transaction commits (a page cached in between is dropped too)."""

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.changes import fields_set
from haven.core.models import AuditAction
from haven.dutch_practice.models import Opportunity

OPPORTUNITY_FIELDS = (
    "organiser",
    "title",
    "description",
    "district",
    "address",
    "weekdays",
    "starts_at",
    "ends_at",
    "level",
    "price",
    "target_group",
    "contact_email",
    "contact_phone",
    "published",
    "valid_until",
)
VERSION_KEY = "dutch_practice:directory:version"


def directory_cache_version() -> int:
    """The version of the directory's cached pages (one cache read)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def directory_cache_bump() -> None:
    """Drop every cached page of the directory (by moving the version on)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _bump_now_and_on_commit() -> None:
    directory_cache_bump()
    transaction.on_commit(directory_cache_bump)


def weekdays_normalised(value: str) -> str:
    """The weekdays as sorted distinct digits 0 (Monday) to 6 (Sunday)."""
    days = sorted({character for character in (value or "") if not character.isspace() and character != ","})
    if any(day not in "0123456" for day in days):
        raise ValidationError({"weekdays": _("Weekdays are given as 0 (Monday) to 6 (Sunday).")})
    return "".join(days)


def _opportunity_check(opportunity: Opportunity) -> None:
    errors: dict[str, str] = {}
    if opportunity.starts_at and opportunity.ends_at and opportunity.ends_at <= opportunity.starts_at:
        errors["ends_at"] = _("An opportunity ends after it starts.")
    if opportunity.price is not None and opportunity.price < 0:
        errors["price"] = _("The price is 0 (free) or more.")
    if opportunity.published and not (opportunity.contact_email or opportunity.contact_phone):
        errors["contact_email"] = _("A published opportunity has the organisation's e-mail address or phone.")
    if errors:
        raise ValidationError(errors)


def _prepared(opportunity: Opportunity) -> None:
    opportunity.title = (opportunity.title or "").strip()
    opportunity.organiser = (opportunity.organiser or "").strip()
    opportunity.weekdays = weekdays_normalised(opportunity.weekdays)
    opportunity.full_clean(exclude=["district"], validate_constraints=False)
    _opportunity_check(opportunity)


@transaction.atomic
def opportunity_create(*, values: Mapping[str, Any], by: User | None) -> Opportunity:
    opportunity = Opportunity()
    fields_set(opportunity, values, OPPORTUNITY_FIELDS)
    _prepared(opportunity)
    opportunity.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=opportunity, fields=list(OPPORTUNITY_FIELDS))
    _bump_now_and_on_commit()
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, values: Mapping[str, Any], by: User | None) -> Opportunity:
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    names = fields_set(opportunity, values, OPPORTUNITY_FIELDS)
    _prepared(opportunity)
    if names:
        opportunity.save(update_fields=[*names, "weekdays", "updated_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, target=opportunity, fields=names)
        _bump_now_and_on_commit()
    return opportunity
