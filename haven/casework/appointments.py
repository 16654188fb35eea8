"""Appointments: planned with a person, moved, cancelled, their outcome recorded; with an
interpreter in one step.

**An interpreter with the appointment.** When the person's preferred language is not one
the staff member speaks (the languages a service line registers for its staff:
``staff_languages_register``), the form offers an interpreter on site or by video. The
appointment then makes an interpreting request of the agency's own organisation
(``interpreting.agency.agency_organisation``) through the interpreting services, so every
interpreting rule holds: the notice period (or urgent), the agreement in force, the
language offered. Moving the appointment moves the request (``request_move``: a booked job
is cancelled under the cancellation rules and asked again); cancelling it cancels the
request (a late cancellation is billed, as any other).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.casework import access
from haven.casework.models import Appointment, AppointmentPlace, AppointmentState
from haven.core.models import AccessChannel, AccessPurpose
from haven.people.models import Person

APPOINTMENTS_FIELD = "appointments"
NO_INTERPRETER, ON_SITE, VIDEO = "", "on_site", "video"
DUTCH = "nld"

_staff_languages: list[Callable[[Any], set[str]]] = []


def staff_languages_register(languages: Callable[[Any], set[str]]) -> None:
    """A service line says which languages a staff member speaks (ISO 639-3 codes)."""
    _staff_languages.append(languages)


def staff_languages(user: Any) -> set[str]:
    spoken = {DUTCH}
    for languages in _staff_languages:
        spoken |= languages(user)
    return spoken


def interpreter_needed(person: Person, staff: Any) -> bool:
    """Whether the person's preferred language is one the staff member does not speak."""
    code = person.preferred_language_id
    return bool(code) and code not in staff_languages(staff)


def _interpreter_request(appointment: Appointment, kind: str, by: User, urgent: bool):
    from haven.interpreting.agency import agency_organisation
    from haven.interpreting.models import RequestKind, Sector
    from haven.interpreting.services import requests as interpreting

    person = appointment.person
    if not person.preferred_language_id or person.preferred_language_id == DUTCH:
        raise ValidationError({"interpreter": _("The person's file names no language to interpret into.")})
    organisation = agency_organisation()
    site = organisation.sites.order_by("id").first() if kind == ON_SITE else None
    if kind == ON_SITE and site is None:
        raise ValidationError(
            {"interpreter": _("The agency's organisation has no address for an interpreter on site.")}
        )
    link = appointment.video_link or f"https://meet.invalid/appointment-{appointment.pk}"
    return interpreting.request_create(
        organisation=organisation,
        by=by,
        values={
            "kind": RequestKind.VIDEO if kind == VIDEO else RequestKind.ON_SITE,
            "language": person.preferred_language,
            "starts_at": appointment.starts_at,
            "duration_minutes": appointment.duration_minutes,
            "site": site,
            "video_link": link if kind == VIDEO else "",
            "subject_sector": Sector.INTEGRATION,
            "urgent": urgent,
            "notes": appointment.purpose,
        },
    )


@transaction.atomic
def appointment_create(
    *,
    person: Person,
    staff: User,
    service_line: str,
    starts_at: datetime,
    duration_minutes: int,
    purpose: str,
    by: User,
    access_purpose: AccessPurpose | str,
    place: str = AppointmentPlace.ON_SITE,
    video_link: str = "",
    interpreter: str = NO_INTERPRETER,
    urgent: bool = False,
    channel: AccessChannel | None = None,
) -> Appointment:
    """An appointment in the staff member's calendar, by the staff of its service line;
    with ``interpreter`` ("on_site" or "video") the interpreting request is made in the same
    transaction (refused with the interpreting rule's reason: nothing is saved then)."""
    access.line_write_check(by, person.pk, line=service_line, purpose=access_purpose)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("An appointment is planned in the future.")})
    if interpreter not in (NO_INTERPRETER, ON_SITE, VIDEO):
        raise ValidationError({"interpreter": _("Choose on site or by video.")})
    appointment = Appointment(
        person=person,
        staff=staff,
        service_line=service_line,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        video_link=video_link,
        purpose=purpose.strip(),
        created_by=by,
        created_at=timezone.now(),
    )
    appointment.full_clean(exclude=["person", "staff", "created_by", "interpreting_request"])
    appointment.save()
    if interpreter:
        appointment.interpreting_request = _interpreter_request(appointment, interpreter, by, urgent)
        appointment.save(update_fields=["interpreting_request"])
    access.change_logged(
        person_id=appointment.person_id, by=by, purpose=access_purpose, channel=channel, field=APPOINTMENTS_FIELD
    )
    return appointment


def _locked(appointment: Appointment, by: User) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("interpreting_request")
        .get(pk=appointment.pk)
    )
    if by.pk not in (appointment.staff_id, appointment.created_by_id):
        raise ValidationError(_("Only the staff member of the appointment (or who planned it) changes it."))
    if appointment.state != AppointmentState.PLANNED:
        raise ValidationError(_("This appointment is no longer planned."))
    return appointment


@transaction.atomic
def appointment_move(
    *,
    appointment: Appointment,
    starts_at: datetime,
    by: User,
    access_purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> Appointment:
    """The appointment at another time; its interpreting request moves with it, under the
    interpreting rules (a refusal leaves both where they were)."""
    appointment = _locked(appointment, by)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("An appointment is planned in the future.")})
    appointment.starts_at = starts_at
    appointment.save(update_fields=["starts_at"])
    request = appointment.interpreting_request
    if request is not None and request.cancelled_at is None:
        from haven.interpreting.services import requests as interpreting

        moved = interpreting.request_move(request=request, starts_at=starts_at, by=by)
        if moved.pk != request.pk:
            appointment.interpreting_request = moved
            appointment.save(update_fields=["interpreting_request"])
    access.change_logged(
        person_id=appointment.person_id, by=by, purpose=access_purpose, channel=channel, field=APPOINTMENTS_FIELD
    )
    return appointment


@transaction.atomic
def appointment_cancel(
    *, appointment: Appointment, by: User, access_purpose: AccessPurpose | str, channel: AccessChannel | None = None
) -> Appointment:
    """Cancelled; its interpreting request is cancelled under the interpreting rules (late:
    billed to the agency's organisation, like any partner's)."""
    appointment = _locked(appointment, by)
    appointment.state = AppointmentState.CANCELLED
    appointment.save(update_fields=["state"])
    request = appointment.interpreting_request
    if request is not None and request.cancelled_at is None:
        from haven.interpreting.services import requests as interpreting

        interpreting.request_cancel(request=request, by=by)
    access.change_logged(
        person_id=appointment.person_id, by=by, purpose=access_purpose, channel=channel, field=APPOINTMENTS_FIELD
    )
    return appointment


@transaction.atomic
def appointment_outcome(
    *,
    appointment: Appointment,
    state: str,
    by: User,
    access_purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> Appointment:
    """Whether the person came: recorded once the appointment has begun."""
    appointment = _locked(appointment, by)
    if state not in (AppointmentState.CAME, AppointmentState.NO_SHOW):
        raise ValidationError({"state": _("Say whether the person came.")})
    if appointment.starts_at > timezone.now():
        raise ValidationError({"state": _("The appointment has not begun yet.")})
    appointment.state = state
    appointment.save(update_fields=["state"])
    access.change_logged(
        person_id=appointment.person_id, by=by, purpose=access_purpose, channel=channel, field=APPOINTMENTS_FIELD
    )
    return appointment
