"""Why a page opens a person's record: the one place every app asks, reads, remembers and
passes on the purpose of a read or a write.

A page that shows a person's record reads the purpose from its URL (``read_purpose``);
without one it asks (``purpose_page``) and shows and logs nothing. The purpose chosen is
remembered in the session and offered first next time (``default_purpose``), and only the
purposes the user's roles may give are offered (``purpose_form``). A write is logged with
the purpose posted, else the service line's own where the user's roles may give it
(``posted_purpose``; ``page_purpose`` for a page that does both). Links back to the
record carry the purpose (``with_purpose``). Whether the user may give a purpose at all
is the access policy's decision (``people.access``), not this module's.
"""

from typing import cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from haven.core.models import AccessPurpose
from haven.people import policy
from haven.people.access import purpose_or_default
from haven.people.forms import PurposeForm

PURPOSE_SESSION_KEY = "haven_purpose"


def default_purpose(request: HttpRequest) -> str:
    """The purpose the user chose last, if their roles may give it, else their roles' first."""
    return policy.default_purpose_for(request.user, request.session.get(PURPOSE_SESSION_KEY)) or AccessPurpose.AUDIT


def purpose_form(request: HttpRequest, data: dict | None = None) -> PurposeForm:
    """The purpose question, offering only the purposes the user's roles may give."""
    form = PurposeForm(data, initial={"purpose": default_purpose(request)})
    cast(forms.ChoiceField, form.fields["purpose"]).choices = policy.purposes_for(request.user)
    return form


def remember_purpose(request: HttpRequest, purpose: str) -> None:
    """Offer ``purpose`` first the next time the user is asked (the session is written
    only when it changes)."""
    if request.session.get(PURPOSE_SESSION_KEY) != purpose:
        request.session[PURPOSE_SESSION_KEY] = purpose


def read_purpose(request: HttpRequest) -> str | None:
    """The purpose in the URL, remembered in the session; None if absent or unknown."""
    purpose = request.GET.get("purpose", "")
    if purpose not in AccessPurpose.values:
        return None
    remember_purpose(request, purpose)
    return purpose


def purpose_page(request: HttpRequest, what: str) -> HttpResponse:
    """Ask why the user opens ``what`` (a record's name): nothing is shown or logged before."""
    return render(request, "people/purpose_record.html", {"form": purpose_form(request), "what": what})


def posted_purpose(request: HttpRequest, default: str = AccessPurpose.COUNSELLING) -> str:
    """The purpose given with a write, else ``default`` if the user's roles may give it."""
    value = request.POST.get("purpose") or request.GET.get("purpose")
    return purpose_or_default(request.user, value, default)


def page_purpose(request: HttpRequest, default: str) -> str:
    """The purpose of a page that shows a record and takes changes to it: on GET the one in
    the URL (remembered), on POST the one posted; else ``default`` where the user's roles
    may give it."""
    if request.method == "GET" and (given := read_purpose(request)):
        return given
    return posted_purpose(request, default)


def purpose_or_correction(value: str | None) -> str:
    """The purpose a change to the file was made for; correcting data when none (valid) was given."""
    return value if value in AccessPurpose.values else AccessPurpose.CORRECTION


def with_purpose(url: str, purpose: str) -> str:
    """``url`` carrying the purpose, so the page it opens does not ask again."""
    return url + "?" + urlencode({"purpose": purpose})
