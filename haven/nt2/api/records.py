"""What an NT2 operation looks up before it writes: the person written to, and the
records a body names (a wrong id there is a 422 on its field, not a 404)."""

from datetime import date
from typing import Any, overload

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.core.models import AccessChannel
from haven.nt2 import access
from haven.nt2.models import Module
from haven.people.models import Person

API = AccessChannel.API


def named(queryset: Any, pk: int | None, field: str, message: str, **conditions: Any) -> Any:
    """A record named in the body, or a validation error on that field (not a 404: the
    URL was right, the body was not)."""
    if pk is None:
        return None
    record = queryset.filter(pk=pk, **conditions).first()
    if record is None:
        raise ValidationError({field: [message]})
    return record


@overload
def module_named(pk: int, field: str = ...) -> Module: ...
@overload
def module_named(pk: int | None, field: str = ...) -> Module | None: ...
def module_named(pk: int | None, field: str = "module_id") -> Module | None:
    """The module named in the body (its provider with it)."""
    return named(Module.objects.select_related("provider"), pk, field, _("Unknown module."))


def or_today(day: date | None) -> date:
    return day or timezone.localdate()


def writer(request, person_id: int, permission: str) -> Person:
    """The person an operation writes to (``request.auth``: the API's user)."""
    return access.intake_person_for_user(request.auth, person_id, permission=permission, write=True, channel=API)
