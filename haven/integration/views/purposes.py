"""The purpose of a page (asked, posted or remembered), addresses that carry it, and a
service's refusal put on a form."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from haven.core.models import AccessPurpose
from haven.people.access import purpose_or_default
from haven.people.views import PURPOSE_SESSION_KEY, purpose_form


def read_purpose(request) -> str | None:
    """The purpose in the URL, remembered in the session; None if absent or unknown."""
    purpose = request.GET.get("purpose", "")
    if purpose not in AccessPurpose.values:
        return None
    request.session[PURPOSE_SESSION_KEY] = purpose
    return purpose


def purpose_page(request, what: str):
    """Ask why the user opens the record: nothing is shown or logged before."""
    form = purpose_form(request)
    return render(request, "integration/purpose.html", {"form": form, "what": what})


def posted_purpose(request, default: str = AccessPurpose.COUNSELLING) -> str:
    """The purpose given with a write, else ``default`` if the user's roles may give it."""
    value = request.POST.get("purpose") or request.GET.get("purpose")
    return purpose_or_default(request.user, value, default)


def with_purpose(url: str, purpose: str) -> str:
    return url + "?" + urlencode({"purpose": purpose})


def registration_url(registration_id: int, purpose: str) -> str:
    return with_purpose(reverse("integration:registration", args=[registration_id]), purpose)


def contract_url(contract_id: int, purpose: str) -> str:
    return with_purpose(reverse("integration:contract", args=[contract_id]), purpose)


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)

def service_error(form, error: ValidationError):
    """Put a service's ValidationError on the form: on the fields it names if the form
    has them, otherwise as a general error."""
    if hasattr(error, "error_dict") and all(name in form.fields for name in error.error_dict):
        form.add_error(None, error)
    else:
        form.add_error(None, error_messages(error))
