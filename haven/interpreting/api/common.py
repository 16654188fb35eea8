"""What the interpreting endpoints share: the router, and reading the records a body names."""

from datetime import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from haven.core.models import Language
from haven.interpreting import access
from haven.interpreting.access import AnyUser
from haven.interpreting.models import Organisation
from haven.interpreting.workdays import BRUSSELS

router = Router(tags=["interpreting and translation"])

M = TypeVar("M", bound=Model)


def aware(moment: datetime) -> datetime:
    """A time sent without a zone means Brussels time."""
    return moment.replace(tzinfo=BRUSSELS) if timezone.is_naive(moment) else moment


def named(queryset: QuerySet[M], pk: int, field: str, message: str) -> M:
    """The record a body names, or a validation error on that field (the URL was right,
    the body was not)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def named_if_given(queryset: QuerySet[M], pk: int | None, field: str, message: str) -> M | None:
    """``named`` for a field the body may leave out (None)."""
    return None if pk is None else named(queryset, pk, field, message)


def language_of(code: str, field: str) -> Language:
    found = Language.objects.filter(pk=code).first() if code else None
    if found is None:
        raise ValidationError({field: [_("Unknown language.")]})
    return found


def ordering_organisation(user: AnyUser, organisation_id: int | None, permission: str) -> Organisation:
    """Whom a new request or order is for: a partner's own organisation (naming another is
    404), or the organisation the dispatcher names."""
    if access.is_dispatcher(user):
        if organisation_id is None:
            raise ValidationError({"organisation_id": [_("Choose the organisation.")]})
        return named(Organisation.objects.all(), organisation_id, "organisation_id", _("Unknown organisation."))
    organisation = access.partner_for_user(user, permission)
    if organisation_id is not None and organisation_id != organisation.pk:
        raise Http404
    return organisation
