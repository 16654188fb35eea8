"""iCalendar for interpreters: the feed of their confirmed jobs behind a secret token, and
the invitation (METHOD:REQUEST) or cancellation (METHOD:CANCEL) attached to the e-mails.

Built with the ``icalendar`` library. Times are written in UTC (``…Z``): every calendar
program shows them in the reader's zone, and no VTIMEZONE block is needed.

An assignment keeps one UID everywhere (``assignment-<id>@haven``), so the feed, the
invitation and the cancellation all speak of the same event; the cancellation carries a
higher SEQUENCE than the invitation, as RFC 5546 asks.

The events say what the interpreter needs to go to the job (time, place or link, the
organisation, language and kind, the partner's notes); requests hold no personal data of
the newcomers.
"""

from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from haven.interpreting.models import Assignment, AssignmentStatus, Interpreter

PRODUCT_ID = "-//Haven//Interpreting//NL"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
# An assignment's time does not change once it is confirmed (a changed job is a new
# request), so the invitation is always the first version and a cancellation the second.
SEQUENCE = {METHOD_REQUEST: 0, METHOD_CANCEL: 1}


def assignment_uid(assignment: Assignment) -> str:
    return f"assignment-{assignment.pk}@haven"


def interface_language(user) -> str:
    """The interface language of a user if the user model records one, else Dutch."""
    language = getattr(user, "language", "") if user is not None else ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def place_of(assignment: Assignment) -> str:
    """The address of the job, or the link of the video call."""
    request = assignment.request
    site = request.site
    if site is not None:
        return f"{site.name}, {site.street}, {site.postal_code} {site.municipality}"
    return request.video_link


def summary_of(assignment: Assignment) -> str:
    request = assignment.request
    return _("Interpreting: %(kind)s, %(language)s") % {
        "kind": request.get_kind_display(),
        "language": request.language.name,
    }


def _description(assignment: Assignment) -> str:
    request = assignment.request
    lines = [_("Organisation: %(name)s") % {"name": request.organisation.name}]
    if request.organisation.phone:
        lines.append(_("Phone: %(phone)s") % {"phone": request.organisation.phone})
    language = request.language.name
    if request.dialect:
        language = f"{language} ({request.dialect})"
    lines.append(_("Language: %(language)s") % {"language": language})
    if request.video_link:
        lines.append(_("Video link: %(link)s") % {"link": request.video_link})
    if request.notes:
        lines.append(_("Notes: %(notes)s") % {"notes": request.notes})
    return "\n".join(lines)


def _event(assignment: Assignment, *, sequence: int, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", assignment_uid(assignment))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", assignment.starts_at.astimezone(UTC))
    event.add("dtend", assignment.ends_at.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("summary", summary_of(assignment))
    event.add("location", place_of(assignment))
    if assignment.request.video_link:
        event.add("url", assignment.request.video_link)
    event.add("description", _description(assignment))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _organizer() -> vCalAddress:
    organizer = vCalAddress(f"mailto:{_sender_address()}")
    organizer.params["cn"] = vText("Haven")
    return organizer


def _sender_address() -> str:
    # DEFAULT_FROM_EMAIL may carry a display name: "Haven <noreply@example.org>".
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL


def assignment_ics(assignment: Assignment, method: str) -> bytes:
    """The invitation (``REQUEST``) or cancellation (``CANCEL``) of one assignment, in the
    interpreter's language, to attach to an e-mail."""
    if method not in SEQUENCE:
        raise ValueError(f"Not an iTIP method: {method}")
    interpreter = assignment.interpreter
    with translation.override(interface_language(interpreter.user)):
        event = _event(assignment, sequence=SEQUENCE[method], cancelled=method == METHOD_CANCEL)
    # iTIP wants an organiser and the attendee the message is for.
    event.add("organizer", _organizer())
    attendee = vCalAddress(f"mailto:{interpreter.email}")
    attendee.params["cn"] = vText(str(interpreter))
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    event.add("attendee", attendee)
    calendar = _calendar(method)
    calendar.add_component(event)
    return calendar.to_ical()


def confirmed_assignments(interpreter: Interpreter) -> QuerySet:
    """The interpreter's bookings: confirmed assignments only (proposed ones are not yet
    theirs; cancelled ones are gone)."""
    return (
        Assignment.objects.filter(interpreter=interpreter, status=AssignmentStatus.CONFIRMED)
        .select_related("request__organisation", "request__language", "request__site")
        .order_by("starts_at", "id")
    )


def interpreter_calendar(interpreter: Interpreter) -> bytes:
    """The feed: one VEVENT per confirmed assignment of the interpreter."""
    with translation.override(interface_language(interpreter.user)):
        calendar = _calendar()
        calendar.add("x-wr-calname", _("Interpreting jobs (Haven)"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for assignment in confirmed_assignments(interpreter):
            calendar.add_component(_event(assignment, sequence=SEQUENCE[METHOD_REQUEST]))
    return calendar.to_ical()
