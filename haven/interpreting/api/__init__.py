"""Interpreting and translation endpoints under /api/interpreting/: requests (partner-scoped),
assignments and bookings, performance sheets, translations and the library, invoices.

Every endpoint reads through ``interpreting.access`` (the library through
``translations.library_for_user``) and writes through the services, as the pages do:

- the dispatcher sees every organisation's records; a partner user only their own
  organisation's — another organisation's id is 404, never 403, so ids reveal nothing;
  an interpreter their own assignments, sheets and translations;
- roles without the line (managers, counsellors, outsiders) get 403;
- a refused write (a service's ValidationError) is 422 with the messages; a body that does
  not fit the schema is 422 from django-ninja; a double booking is 409 with the message.

The requests hold no personal data of newcomers (a partner describes the job, not the
client), so reads are not written to the person access log.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from haven.core.api import Problem
from haven.core.models import Language
from haven.interpreting import access
from haven.interpreting.models import Organisation
from haven.interpreting.workdays import BRUSSELS

router = Router(tags=["interpreting and translation"])

PAGE_SIZE = 25


# Shared by the topic modules ---------------------------------------------------------------


def _problem(error: ValidationError) -> Problem:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return Problem(detail=" ".join(error.messages), errors=errors)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=BRUSSELS) if timezone.is_naive(moment) else moment


def _page(queryset, page: int):
    paginator = Paginator(queryset, PAGE_SIZE)
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages}, current


def _one(queryset, pk: int | None, field: str, message: str):
    """A record named in the body, or a validation error on that field (the URL was right,
    the body was not)."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


def _language(code: str, field: str) -> Language:
    found = Language.objects.filter(pk=code).first() if code else None
    if found is None:
        raise ValidationError({field: [_("Unknown language.")]})
    return found


def _ordering_organisation(user, organisation_id: int | None, permission: str) -> Organisation:
    """Whom a new request or order is for: a partner's own organisation (naming another is
    404), or the organisation the dispatcher names."""
    if access.is_dispatcher(user):
        if organisation_id is None:
            raise ValidationError({"organisation_id": [_("Choose the organisation.")]})
        return _one(Organisation.objects, organisation_id, "organisation_id", _("Unknown organisation."))
    organisation = access.partner_for_user(user, permission)
    if organisation_id is not None and organisation_id != organisation.pk:
        raise Http404
    return organisation


# The operations, in the order the schema lists them (each module adds its own to ``router``).
from haven.interpreting.api import (
    invoices,  # noqa: F401
    requests,  # noqa: F401  (requests, bookings, assignments)
    sheets,  # noqa: F401  (performance sheets)
    translations,  # noqa: F401  (translations and the library)
)
