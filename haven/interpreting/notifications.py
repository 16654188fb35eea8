"""E-mails about bookings, sent through Django's mail API after the booking is committed
(the services enqueue ``tasks.booking_mail`` from ``transaction.on_commit``; a worker runs it).

- ``booking_confirmed``: the interpreter gets the job with an invitation (.ics,
  METHOD:REQUEST); the partner organisation gets the interpreter's name and phone.
- ``booking_cancelled``: the interpreter gets the cancellation (.ics, METHOD:CANCEL, the
  same UID with a higher SEQUENCE).

Each message is written in its recipient's interface language if the user model records
one, else in Dutch. Requests hold no personal data of newcomers, and the log gets only
event names and ids — never addresses or content. A failing mail server does not undo or
break a booking that is already committed: the failure is logged and the booking stands.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from haven.interpreting.ical import (
    METHOD_CANCEL,
    METHOD_REQUEST,
    assignment_ics,
    interface_language,
    place_of,
)
from haven.interpreting.models import Assignment
from haven.interpreting.workdays import BRUSSELS

logger = logging.getLogger(__name__)


def _load(assignment: Assignment) -> Assignment:
    # The services hand over the object they wrote; read it again with what the e-mails show.
    return Assignment.objects.select_related(
        "interpreter__user", "request__organisation", "request__language", "request__site", "request__requested_by"
    ).get(pk=assignment.pk)


def _context(assignment: Assignment) -> dict:
    """What the e-mails say about the job; call inside the recipient's language."""
    request = assignment.request
    starts_at = timezone.localtime(assignment.starts_at, BRUSSELS)
    ends_at = timezone.localtime(assignment.ends_at, BRUSSELS)
    minutes = int((assignment.ends_at - assignment.starts_at).total_seconds() // 60)
    return {
        "assignment": assignment,
        "request": request,
        "organisation": request.organisation,
        "interpreter": assignment.interpreter,
        "date": date_format(starts_at, "l j F Y"),
        "starts": time_format(starts_at, "H:i"),
        "ends": time_format(ends_at, "H:i"),
        "hours": minutes // 60,
        "minutes": minutes % 60,
        "duration_minutes": minutes,
        "language": request.language.name,
        "kind": request.get_kind_display(),
        "place": place_of(assignment) if request.site_id else "",
        "video_link": request.video_link,
        "reference": request.pk,
    }


def _subject_values(context: dict) -> dict:
    return {
        "kind": context["kind"],
        "language": context["language"],
        "date": context["date"],
        "time": context["starts"],
    }


def _send(message: EmailMessage, event: str, assignment: Assignment) -> bool:
    try:
        message.send()
    except Exception as error:
        logger.warning(
            "interpreting mail %s for assignment %s not sent (%s)", event, assignment.pk, type(error).__name__
        )
        return False
    logger.info("interpreting mail %s sent for assignment %s", event, assignment.pk)
    return True


def _interpreter_message(assignment: Assignment, method: str) -> EmailMessage:
    interpreter = assignment.interpreter
    with translation.override(interface_language(interpreter.user)):
        context = _context(assignment)
        if method == METHOD_REQUEST:
            subject = _("Booking confirmed: %(kind)s, %(language)s on %(date)s at %(time)s")
            template = "interpreting/email/booking_confirmed_interpreter.txt"
            filename = "booking.ics"
        else:
            subject = _("Booking cancelled: %(kind)s, %(language)s on %(date)s at %(time)s")
            template = "interpreting/email/booking_cancelled_interpreter.txt"
            filename = "cancellation.ics"
        message = EmailMessage(
            subject=subject % _subject_values(context),
            body=render_to_string(template, context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[interpreter.email],
        )
        message.attach(filename, assignment_ics(assignment, method), f"text/calendar; method={method}")
    return message


def _partner_recipients(assignment: Assignment) -> tuple[list[str], object]:
    """The user who asked, else the organisation's address; with the user, for the language."""
    request = assignment.request
    if request.requested_by.email:
        return [request.requested_by.email], request.requested_by
    if request.organisation.email:
        return [request.organisation.email], None
    return [], None


def _partner_message(assignment: Assignment) -> EmailMessage | None:
    recipients, user = _partner_recipients(assignment)
    if not recipients:
        return None
    with translation.override(interface_language(user)):
        context = _context(assignment)
        return EmailMessage(
            subject=_("Interpreter booked: %(kind)s, %(language)s on %(date)s at %(time)s") % _subject_values(context),
            body=render_to_string("interpreting/email/booking_confirmed_partner.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )


def booking_confirmed(assignment: Assignment) -> None:
    """Tell the interpreter (with the invitation) and the partner that the job is booked."""
    assignment = _load(assignment)
    _send(_interpreter_message(assignment, METHOD_REQUEST), "booking_confirmed_interpreter", assignment)
    partner_message = _partner_message(assignment)
    if partner_message is None:
        logger.warning("interpreting mail booking_confirmed_partner for assignment %s: no address", assignment.pk)
    else:
        _send(partner_message, "booking_confirmed_partner", assignment)


def booking_cancelled(assignment: Assignment) -> None:
    """Tell the interpreter that a booked job is cancelled (with the calendar cancellation)."""
    assignment = _load(assignment)
    _send(_interpreter_message(assignment, METHOD_CANCEL), "booking_cancelled_interpreter", assignment)
