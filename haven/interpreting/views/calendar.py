"""The interpreters' calendar: the iCalendar feed behind a secret token (no login, so a
calendar program can subscribe), and the page where an interpreter finds the feed's
address and replaces the token when the address may have leaked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.interpreting import access
from haven.interpreting.access import AnyUser
from haven.interpreting.ical import interpreter_calendar
from haven.interpreting.models import Interpreter
from haven.interpreting.services.interpreters import ical_token_rotate


@require_GET
def calendar_feed(request, token: str) -> HttpResponse:
    """The interpreter's confirmed jobs as iCalendar. An unknown token, or the token of an
    interpreter who no longer works for the agency, is simply not found."""
    interpreter = Interpreter.objects.select_related("user").filter(ical_token=token, active=True).first()
    if interpreter is None:
        raise Http404
    response = HttpResponse(interpreter_calendar(interpreter), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="haven.ics"'
    # The feed is personal: no shared cache may keep it, and the token must not leak on.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _interpreter(user: AnyUser) -> Interpreter:
    interpreter = access.interpreter_of(user)
    if interpreter is None:
        raise PermissionDenied
    return interpreter


def _feed_url(request: HttpRequest, interpreter: Interpreter) -> str:
    return request.build_absolute_uri(reverse("interpreting:calendar", args=[interpreter.ical_token]))


@login_required
@require_GET
def calendar_settings(request) -> HttpResponse:
    """The interpreter's own feed address, to paste into their calendar program."""
    interpreter = _interpreter(request.user)
    feed_url = _feed_url(request, interpreter)
    response = render(
        request,
        "interpreting/calendar.html",
        {
            "interpreter": interpreter,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def calendar_rotate(request) -> HttpResponse:
    """A new secret address; calendars subscribed to the old one stop receiving jobs."""
    ical_token_rotate(_interpreter(request.user))
    messages.success(
        request,
        _("Your calendar has a new address. The old address no longer works: subscribe again with the new one."),
    )
    return redirect("interpreting:calendar_settings")
