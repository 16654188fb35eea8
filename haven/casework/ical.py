"""A staff member's appointments as iCalendar, behind a secret token.

An event names the person by their file number only (``H010040``), never by name: a
calendar program and its cloud are outside the agency. The feed is still a list of
people, so every fetch is traced (one LIST entry per person shown, channel API). Built
with ``icalendar``; times in UTC.
"""

from datetime import UTC, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from haven.casework.models import Appointment, AppointmentPlace, AppointmentState, CalendarFeed
from haven.core.models import AccessChannel
from haven.people import access as people_access
from haven.people.models import file_reference

PRODUCT_ID = "-//Haven//Casework//NL"
PAST_DAYS, AHEAD_DAYS = 30, 366


def staff_calendar(feed: CalendarFeed) -> bytes:
    user = feed.user
    now = timezone.now()
    rows = list(
        Appointment.objects.filter(
            staff=user, starts_at__gte=now - timedelta(days=PAST_DAYS), starts_at__lt=now + timedelta(days=AHEAD_DAYS)
        )
        .exclude(state=AppointmentState.CANCELLED)
        .select_related("interpreting_request")
        .order_by("starts_at", "id")
    )
    people_access.people_shown(user, [row.person_id for row in rows], channel=AccessChannel.API)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    with translation.override(getattr(user, "language", "") or "nl"):
        for row in rows:
            event = Event()
            event.add("uid", f"appointment-{row.pk}@haven")
            event.add("dtstamp", now.astimezone(UTC))
            event.add("dtstart", row.starts_at.astimezone(UTC))
            event.add("dtend", row.ends_at.astimezone(UTC))
            event.add("summary", _("Appointment · file %(reference)s") % {"reference": file_reference(row.person_id)})
            event.add(
                "location", row.video_link if row.place == AppointmentPlace.VIDEO else str(row.get_place_display())
            )
            lines = [row.purpose]
            if row.interpreting_request is not None:
                lines.append(_("Interpreter: %(state)s") % {"state": row.interpreting_request.get_status_display()})
            event.add("description", "\n".join(lines))
            event.add("status", "CONFIRMED")
            calendar.add_component(event)
    return calendar.to_ical()
