"""Writes of interpreting requests and bookings. Pages, API, dispatch and the demo use these.

A booking is an assignment in state ``confirmed``. Two confirmed assignments of one
interpreter never overlap: the service checks first (for a clear message), and on
PostgreSQL the exclusion constraint ``interpreting_no_double_booking`` refuses the loser of
a race, which the service turns into the same message. On SQLite every transaction starts
IMMEDIATE, so bookings run one at a time and the check is enough.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.languages import interpreting_refusal
from haven.interpreting import hard_rules, notifications
from haven.interpreting.models import (
    Agreement,
    Assignment,
    AssignmentStatus,
    DispatchRun,
    Interpreter,
    InterpretingRequest,
    Modality,
    Organisation,
    RequestStatus,
    agreements_in_force,
)
from haven.interpreting.tasks import booking_mail
from haven.interpreting.workdays import BRUSSELS, earliest_bookable_day, free_cancellation_deadline

REQUEST_FIELDS = (
    "kind",
    "language",
    "dialect",
    "starts_at",
    "duration_minutes",
    "site",
    "video_link",
    "subject_sector",
    "required_sex",
    "preferred_sex",
    "certified_required",
    "preferred_interpreter",
    "urgent",
    "notes",
)
LIVE_REQUEST_STATES = (RequestStatus.OPEN, RequestStatus.PROPOSED, RequestStatus.CONFIRMED, RequestStatus.UNFILLED)
DOUBLE_BOOKING = "interpreting_no_double_booking"
BOOKING_HORIZON = timedelta(days=2 * 366)
logger = logging.getLogger(__name__)


def _notify(function: Callable[[Assignment], None], assignment: Assignment) -> None:
    """After the commit, enqueue the notification's e-mails as one background task (the
    worker sends them); a failure is logged (ids only) and never undoes or breaks the
    booking the user made."""

    def enqueue() -> None:
        try:
            booking_mail.enqueue(function.__name__, assignment.pk)
        except Exception:
            logger.exception("notification %s not enqueued for assignment %s", function.__name__, assignment.pk)

    transaction.on_commit(enqueue)


def conflict_message() -> str:
    return _("This interpreter is already booked at that time.")


def agreement_in_force(organisation: Organisation, day: date) -> bool:
    return Agreement.objects.filter(agreements_in_force(day), organisation=organisation).exists()


@transaction.atomic
def request_create(
    *, organisation: Organisation, by: User, values: Mapping, now: datetime | None = None
) -> InterpretingRequest:
    """A partner's request. Only an organisation with an agreement in force on the day of
    the job books; a request comes at least two working days ahead unless it is urgent."""
    unknown = set(values) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"Not a request field: {sorted(unknown)}")
    now = now or timezone.now()
    request = InterpretingRequest(organisation=organisation, requested_by=by, created_at=now, **values)
    request.full_clean(exclude=["organisation", "requested_by"])
    errors = {}
    if refusal := interpreting_refusal(request.language):  # never Dutch, nor a language not offered
        errors["language"] = refusal
    if request.site is not None and request.site.organisation_id != organisation.pk:
        errors["site"] = _("Choose one of your organisation's addresses.")
    if refusal := _time_refusal(request, now):
        errors["starts_at"] = refusal
    if request.kind and request.modality == Modality.VIDEO and not request.video_link:
        errors["video_link"] = _("Give the link of the video call.")
    if errors:
        raise ValidationError(errors)
    if not agreement_in_force(organisation, request.starts_at.astimezone(BRUSSELS).date()):
        raise ValidationError(_("Your organisation has no cooperation agreement in force on that day."))
    request.save()
    return request


def _time_refusal(request: InterpretingRequest, now: datetime) -> str:
    """Why a request cannot be booked for its time (empty: it can)."""
    if request.starts_at <= now:
        return _("The job must be in the future.")
    if request.starts_at > now + BOOKING_HORIZON:
        return _("Book at most two years ahead.")
    if not request.urgent and request.starts_at.astimezone(BRUSSELS).date() < earliest_bookable_day(now):
        return _("Book at least two working days ahead, or mark the request as urgent.")
    return ""


@transaction.atomic
def request_move(
    *, request: InterpretingRequest, starts_at: datetime, by: User, now: datetime | None = None
) -> InterpretingRequest:
    """A job moved to another time, under the same rules as a new request. Not booked yet
    (open, proposed, unfilled): the request takes the new time and its proposals are
    withdrawn. Booked: the booking is cancelled as any cancellation is (late: billed) and a
    new request is made for the new time; the new request is returned."""
    now = now or timezone.now()
    request = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in LIVE_REQUEST_STATES:
        raise ValidationError(_("This request can no longer be moved."))
    if request.status == RequestStatus.CONFIRMED:
        values = {name: getattr(request, name) for name in REQUEST_FIELDS}
        request_cancel(request=request, by=by, now=now)
        return request_create(
            organisation=request.organisation, by=by, values={**values, "starts_at": starts_at}, now=now
        )
    request.starts_at = starts_at
    if refusal := _time_refusal(request, now):
        raise ValidationError({"starts_at": refusal})
    if not agreement_in_force(request.organisation, starts_at.astimezone(BRUSSELS).date()):
        raise ValidationError(_("Your organisation has no cooperation agreement in force on that day."))
    request.status = RequestStatus.OPEN
    request.save(update_fields=["starts_at", "status"])
    request.assignments.exclude(status=AssignmentStatus.CANCELLED).update(status=AssignmentStatus.CANCELLED)
    return request


def cancellation_is_late(request: InterpretingRequest, now: datetime) -> bool:
    """Late (billed) when an interpreter was booked and it is past 10:00 on the working day
    before the job."""
    booked = request.assignments.filter(status=AssignmentStatus.CONFIRMED).exists()
    return booked and now > free_cancellation_deadline(request.starts_at)


@transaction.atomic
def request_cancel(*, request: InterpretingRequest, by: User, now: datetime | None = None) -> InterpretingRequest:
    now = now or timezone.now()
    request = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in LIVE_REQUEST_STATES:
        raise ValidationError(_("This request can no longer be cancelled."))
    if request.starts_at <= now:
        raise ValidationError(_("This job has started; it can no longer be cancelled."))
    request.cancellation_billable = cancellation_is_late(request, now)
    request.status = RequestStatus.CANCELLED
    request.cancelled_at = now
    request.cancelled_by = by
    request.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_billable"])
    booked = list(request.assignments.filter(status=AssignmentStatus.CONFIRMED).select_related("interpreter"))
    request.assignments.exclude(status=AssignmentStatus.CANCELLED).update(status=AssignmentStatus.CANCELLED)
    for assignment in booked:
        assignment.status = AssignmentStatus.CANCELLED
        _notify(notifications.booking_cancelled, assignment)
    return request


def _booked_range(request: InterpretingRequest) -> tuple[datetime, datetime]:
    return request.starts_at, request.starts_at + timedelta(minutes=request.duration_minutes)


def overlapping_bookings(
    interpreter: Interpreter, starts_at: datetime, ends_at: datetime, exclude_id: int | None = None
) -> QuerySet[Assignment]:
    queryset = Assignment.objects.filter(
        interpreter=interpreter, status=AssignmentStatus.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return queryset.exclude(pk=exclude_id) if exclude_id else queryset


def _confirm(assignment: Assignment, by: User, now: datetime) -> Assignment:
    if overlapping_bookings(
        assignment.interpreter, assignment.starts_at, assignment.ends_at, exclude_id=assignment.pk
    ).exists():
        raise ValidationError(conflict_message())
    assignment.status = AssignmentStatus.CONFIRMED
    assignment.confirmed_at = now
    assignment.confirmed_by = by
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:
        if DOUBLE_BOOKING in str(error) or "one_live_assignment" in str(error):
            raise ValidationError(conflict_message()) from None
        raise
    InterpretingRequest.objects.filter(pk=assignment.request_id).update(status=RequestStatus.CONFIRMED)
    return assignment


@transaction.atomic
def booking_create(
    *,
    request: InterpretingRequest,
    interpreter: Interpreter,
    by: User,
    why: Mapping | None = None,
    now: datetime | None = None,
) -> Assignment:
    """The dispatcher books an interpreter for a request directly (and confirms), within the
    engine's hard rules (``hard_rules``), as for a proposal the dispatcher changes or confirms."""
    now = now or timezone.now()
    request = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.OPEN, RequestStatus.UNFILLED, RequestStatus.PROPOSED):
        raise ValidationError(_("This request is not open."))
    # The engine's hard rules, as for a proposal the dispatcher changes or confirms: language,
    # modality, the partner's conditions, availability, absence, the week's bookings, travel
    # between on-site jobs, the weekly maximum. A refusal names each rule broken; a booking
    # that overlaps another is the conflict (the API answers it with 409).
    week = hard_rules.Week(
        request.starts_at.astimezone(BRUSSELS).date(), interpreters=Q(pk=interpreter.pk), with_proposals=False
    )
    refusal = week.refusal(request, interpreter.pk)
    starts_at, ends_at = _booked_range(request)
    if overlapping_bookings(interpreter, starts_at, ends_at).exists():
        raise ValidationError(conflict_message(), code="conflict")
    if refusal:
        raise ValidationError(refusal, code="hard_rule")
    request.assignments.filter(status=AssignmentStatus.PROPOSED).update(status=AssignmentStatus.CANCELLED)
    why = dict(why or {"code": "dispatcher_choice", "facts": {}})
    assignment = Assignment(request=request, interpreter=interpreter, starts_at=starts_at, ends_at=ends_at, why=why)
    _confirm(assignment, by, now)
    _notify(notifications.booking_confirmed, assignment)
    return assignment


@transaction.atomic
def assignment_confirm(*, assignment: Assignment, by: User, now: datetime | None = None) -> Assignment:
    """Confirm a proposed assignment (from dispatch or the dispatcher). It must still keep
    the engine's hard rules (``hard_rules``): something may have changed since the run (an
    absence, a booking by hand, the interpreter's hours)."""
    now = now or timezone.now()
    assignment = _proposal_locked(assignment)
    week = hard_rules.Week(
        assignment.request.starts_at.astimezone(BRUSSELS).date(),
        interpreters=Q(pk=assignment.interpreter_id),
        with_proposals=False,
    )
    return _confirm_checked(assignment, week, by, now)


def _proposal_locked(assignment: Assignment) -> Assignment:
    assignment = (
        Assignment.objects.select_for_update(of=("self",))  # the site is optional: no lock through the outer join
        .select_related("request__site__zone", "request__organisation", "interpreter")
        .get(pk=assignment.pk)
    )
    if assignment.status != AssignmentStatus.PROPOSED:
        raise ValidationError(_("Only a proposed assignment can be confirmed."))
    if assignment.request.status in (RequestStatus.CANCELLED, RequestStatus.DONE):
        raise ValidationError(_("This request is no longer open."))
    return assignment


def _confirm_checked(assignment: Assignment, week: hard_rules.Week, by: User, now: datetime) -> Assignment:
    """Confirm a locked proposal if it keeps the hard rules against the week's bookings (a
    double booking also carries the conflict message, which the API answers with 409)."""
    refusal = week.refusal(assignment.request, assignment.interpreter_id)
    if overlapping_bookings(
        assignment.interpreter, assignment.starts_at, assignment.ends_at, exclude_id=assignment.pk
    ).exists():
        raise ValidationError([conflict_message(), *([refusal] if refusal else [])], code="conflict")
    if refusal:
        raise ValidationError(refusal, code="hard_rule")
    _confirm(assignment, by, now)
    week.book(assignment)
    _notify(notifications.booking_confirmed, assignment)
    return assignment


@transaction.atomic
def assignment_change(*, assignment: Assignment, interpreter: Interpreter, by: User) -> Assignment:
    """The dispatcher proposes another interpreter for a proposed assignment. The choice
    keeps the engine's hard rules (``hard_rules``: language, modality, the partner's
    conditions, availability, absence, no overlap with the week's bookings and proposals,
    time to travel between on-site jobs, the weekly maximum); a refusal names each rule."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("request__site__zone", "request__organisation")
        .get(pk=assignment.pk)
    )
    if assignment.status != AssignmentStatus.PROPOSED:
        raise ValidationError(_("Only a proposed assignment can be changed."))
    if assignment.request.status not in (RequestStatus.PROPOSED, RequestStatus.OPEN, RequestStatus.UNFILLED):
        raise ValidationError(_("This request is no longer open."))
    refusal = hard_rules.choice_refusal(assignment.request, interpreter)
    if refusal:
        raise ValidationError(refusal, code="hard_rule")
    assignment.interpreter = interpreter
    assignment.why = {"code": "dispatcher_choice", "facts": {"by": by.get_full_name() or by.get_username()}}
    assignment.save(update_fields=["interpreter", "why"])
    return assignment


@transaction.atomic
def run_confirm(*, run: DispatchRun, by: User, now: datetime | None = None) -> tuple[int, list[tuple[Assignment, str]]]:
    """Confirm every proposed assignment of a dispatch run, in time order. A proposal that
    no longer keeps the hard rules (the interpreter was booked meanwhile, became absent, ran
    out of hours, …) is skipped: it stays proposed and is listed with the reason. The hard
    rules are checked on each week's agendas loaded once, each confirmation booked on them
    in turn."""
    now = now or timezone.now()
    proposals = list(
        run.assignments.filter(status=AssignmentStatus.PROPOSED)
        .select_related("request__site__zone", "request__organisation", "interpreter")
        .order_by("starts_at", "id")
    )
    weeks = hard_rules.confirmation_weeks(proposals)
    confirmed = 0
    skipped: list[tuple[Assignment, str]] = []
    for proposal in proposals:
        try:
            with transaction.atomic():
                locked = _proposal_locked(proposal)
                _confirm_checked(locked, weeks[hard_rules.week_key(locked.request)], by, now)
            confirmed += 1
        except ValidationError as error:
            skipped.append((proposal, " ".join(error.messages)))
    run.confirmed_at = now
    run.save(update_fields=["confirmed_at"])
    return confirmed, skipped
