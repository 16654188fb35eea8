"""A staff member's calendar (a day or a week, server-rendered), planning an appointment
from a person's casework page (with an interpreter in one step), moving, cancelling and
recording whether the person came."""

from datetime import date, datetime, timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.accounts.models import User
from haven.casework import appointments
from haven.casework.forms import AppointmentForm, AppointmentMoveForm
from haven.casework.ical import staff_calendar
from haven.casework.models import Appointment, AppointmentState, CalendarFeed
from haven.people import access as people_access
from haven.people.models import Person
from haven.people.purpose import default_purpose, posted_purpose, with_purpose


def _staff(request: HttpRequest) -> User:
    if not request.user.has_perm("casework.add_note"):
        raise PermissionDenied
    return cast(User, request.user)


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return timezone.localdate()


def calendar_url(day: date, view: str = "day") -> str:
    return reverse("casework:calendar") + "?" + urlencode({"day": day.isoformat(), "view": view})


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """One's appointments of a day or a week (Monday to Sunday), each with its person,
    its interpreting request and the actions; every person shown is traced. Three queries
    and the trace, whatever the number of appointments."""
    user = _staff(request)
    view = "week" if request.GET.get("view") == "week" else "day"
    day = _day(request.GET.get("day"))
    first = day - timedelta(days=day.weekday()) if view == "week" else day
    days = [first + timedelta(days=offset) for offset in range(7 if view == "week" else 1)]
    start = timezone.make_aware(datetime.combine(days[0], datetime.min.time()))
    end = start + timedelta(days=len(days))
    rows = list(
        Appointment.objects.filter(staff=user, starts_at__gte=start, starts_at__lt=end)
        .select_related("person", "interpreting_request")
        .order_by("starts_at", "id")
    )
    purpose = default_purpose(request)
    people_access.people_shown(user, [row.person_id for row in rows], purpose=purpose)
    now = timezone.now()
    cards = [(row, AppointmentMoveForm(prefix=f"move-{row.pk}"), row.starts_at <= now) for row in rows]
    by_day = [(one, [card for card in cards if timezone.localtime(card[0].starts_at).date() == one]) for one in days]
    step = timedelta(days=7 if view == "week" else 1)
    return render(
        request,
        "casework/calendar.html",
        {
            "view": view,
            "day": day,
            "by_day": by_day,
            "today": timezone.localdate(),
            "purpose": purpose,
            "previous_url": calendar_url(day - step, view),
            "next_url": calendar_url(day + step, view),
            "day_url": calendar_url(day, "day"),
            "week_url": calendar_url(day, "week"),
            "planned": AppointmentState.PLANNED,
            "feed_url": request.build_absolute_uri(
                reverse("casework:calendar_feed", args=[CalendarFeed.objects.get_or_create(user=user)[0].token])
            ),
        },
    )


@login_required
@require_POST
def appointment_add(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _staff(request)
    purpose = posted_purpose(request)
    person = get_object_or_404(Person, pk=person_id)
    form = AppointmentForm(request.POST, prefix="appointment", user=user)
    back = with_purpose(reverse("casework:notes", args=[person_id]), purpose)
    if form.is_valid():
        data = form.cleaned_data
        try:
            appointment = appointments.appointment_create(
                person=person,
                staff=user,
                service_line=data["service_line"],
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                video_link=data["video_link"],
                purpose=data["purpose"],
                interpreter=data["interpreter"],
                urgent=data["urgent"],
                by=user,
                access_purpose=purpose,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("The appointment is planned."))
        return redirect(calendar_url(timezone.localtime(appointment.starts_at).date()))
    problems = [str(error) for errors in form.errors.values() for error in errors]
    messages.error(request, " ".join(problems))
    return redirect(back)


def _change(request: HttpRequest, appointment_id: int, change, success: str) -> HttpResponse:
    user = _staff(request)
    appointment = get_object_or_404(Appointment, pk=appointment_id, staff=user)  # another's is not found
    day = timezone.localtime(appointment.starts_at).date()
    try:
        changed = change(appointment, user, posted_purpose(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
        day = timezone.localtime(changed.starts_at).date()
    return redirect(calendar_url(day, request.POST.get("view", "day")))


@login_required
@require_POST
def appointment_move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    form = AppointmentMoveForm(request.POST, prefix=f"move-{appointment_id}")

    def move(appointment, user, purpose):
        if not form.is_valid():
            raise ValidationError(_("Give the new date and time."))
        return appointments.appointment_move(
            appointment=appointment, starts_at=form.starts_at(), by=user, access_purpose=purpose
        )

    return _change(request, appointment_id, move, _("The appointment is moved."))


@login_required
@require_POST
def appointment_cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _change(
        request,
        appointment_id,
        lambda appointment, user, purpose: appointments.appointment_cancel(
            appointment=appointment, by=user, access_purpose=purpose
        ),
        _("The appointment is cancelled."),
    )


@login_required
@require_POST
def appointment_outcome(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _change(
        request,
        appointment_id,
        lambda appointment, user, purpose: appointments.appointment_outcome(
            appointment=appointment, state=request.POST.get("state", ""), by=user, access_purpose=purpose
        ),
        _("The outcome is saved."),
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The staff member's appointments as iCalendar; an unknown token, or an inactive
    user's, is not found."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = HttpResponse(staff_calendar(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="haven-afspraken.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_feed_renew(request: HttpRequest) -> HttpResponse:
    """A new secret address: the old one stops working."""
    user = _staff(request)
    CalendarFeed.objects.filter(user=user).delete()
    CalendarFeed.objects.create(user=user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect(reverse("casework:calendar"))
