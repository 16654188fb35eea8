"""Writes of the civic-orientation courses. Pages, API and the demo use these."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.calendar import belgian_public_holidays
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, Language
from haven.integration.models import Contract, ContractState
from haven.integration.services import contract_progress_record
from haven.orientation.formation.schedule import session_days, session_lengths
from haven.orientation.models import (
    ACTIVE_ENROLMENT_STATES,
    SLOT_SCHEDULE,
    Attendance,
    ClosingPeriod,
    Course,
    CourseState,
    Enrolment,
    EnrolmentState,
    OfferState,
    Presence,
    SeatOffer,
    Session,
    SessionState,
    Slot,
    WaitingEntry,
    WaitingState,
)
from haven.people.access import purpose_or_default
from haven.people.models import Person

OFFER_DAYS = 7  # a freed seat is held this long for the person it is offered to (never past the first session)
PLANNING_HORIZON = timedelta(weeks=104)  # how far ahead a new course's sessions may reach
ACTIONS_TO_PASS = 2  # the personal action plan: two actions done (2019 rules)
COURSE_FIELDS = (
    "language",
    "location",
    "slot",
    "starts_on",
    "hours",
    "capacity",
    "teacher",
    "room",
    "childcare",
    "project",
)


@transaction.atomic
def course_create(
    *, values: Mapping[str, Any], interpreter_languages: Iterable[Language] = (), by: User | None = None
) -> Course:
    unknown = set(values) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"Not a course field: {sorted(unknown)}")
    course = Course(**values)
    course.full_clean()
    course.save()
    course.interpreter_languages.set(interpreter_languages)
    return course


# Sessions ------------------------------------------------------------------------------------


def closed_days(first: date, last: date) -> dict[date, str]:
    """The days from ``first`` to ``last`` no session is planned on, each with its reason:
    the Belgian public holidays and the agency's closing periods (one query)."""
    closed = belgian_public_holidays(first, last)
    for period in ClosingPeriod.objects.filter(first_day__lte=last, last_day__gte=first).order_by("first_day"):
        day = max(period.first_day, first)
        while day <= min(period.last_day, last):
            closed.setdefault(day, period.reason)
            day += timedelta(days=1)
    return closed


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _session_problem(course: Course, starts_at: datetime, ends_at: datetime, *, moving: Session | None = None) -> None:
    """Refuse a session time the course cannot meet at: outside its slot's weekdays, on a
    public holiday or closing day, across midnight, or overlapping another of its planned
    sessions. Messages in the user's language, dates in the local format."""
    from django.utils.formats import date_format

    if course.state == CourseState.CANCELLED:
        raise ValidationError(_("This course is cancelled."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A session ends after it starts.")})
    start, end = _local(starts_at), _local(ends_at)
    if start.date() != end.date():
        raise ValidationError({"ends_at": _("A session starts and ends on the same day.")})
    day = start.date()
    schedule = SLOT_SCHEDULE[course.slot]
    if day.weekday() not in schedule.allowed_weekdays:
        if course.slot == Slot.WEEKEND:
            message = _("A weekend course meets on Saturday or Sunday.")
        else:
            message = _("A day or evening course meets from Monday to Friday.")
        raise ValidationError({"day": message})
    closed = closed_days(day, day)
    if day in closed:
        raise ValidationError(
            {
                "day": _("No session on %(date)s: %(reason)s.")
                % {"date": date_format(day, "SHORT_DATE_FORMAT"), "reason": closed[day]}
            }
        )
    others = Session.objects.filter(
        course=course, state=SessionState.PLANNED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if moving is not None:
        others = others.exclude(pk=moving.pk)
    clash = others.order_by("starts_at").first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": _("This overlaps the course's session of %(date)s.")
                % {"date": date_format(_local(clash.starts_at), "SHORT_DATETIME_FORMAT")}
            }
        )


def first_session(course: Course) -> Session | None:
    """The course's first planned session (what a seat offer names)."""
    return Session.objects.filter(course=course, state=SessionState.PLANNED).order_by("starts_at", "id").first()


def offer_expiry(*, offered_on: date, first_day: date | None) -> date:
    """Until when a seat is held: a week, and never past the day before the first session,
    so that the person answers before the course begins (at the latest on the day it was
    offered). A seat freed in a course that has begun is held the whole week."""
    expires_on = offered_on + timedelta(days=OFFER_DAYS)
    if first_day is not None and first_day > offered_on:
        expires_on = min(expires_on, first_day - timedelta(days=1))
    return expires_on


def _after_sessions_change(course: Course) -> None:
    """Keep what depends on the first session true after a session is added, moved or
    cancelled: the course's start date and the open offers' expiry."""
    first = first_session(course)
    if first is None:
        return
    first_day = _local(first.starts_at).date()
    if course.starts_on != first_day:
        course.starts_on = first_day
        Course.objects.filter(pk=course.pk).update(starts_on=first_day)
    changed = []
    for offer in SeatOffer.objects.filter(course=course, state=OfferState.OPEN):
        expires_on = offer_expiry(offered_on=offer.offered_on, first_day=first_day)
        if offer.expires_on != expires_on:
            offer.expires_on = expires_on
            changed.append(offer)
    SeatOffer.objects.bulk_update(changed, ["expires_on"])


@transaction.atomic
def session_create(
    *, course: Course, starts_at: datetime, ends_at: datetime, place: str = "", by: User | None = None
) -> Session:
    """Add a session to a course (a replacement for a cancelled one, an extra meeting)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    _session_problem(course, starts_at, ends_at)
    session = Session(course=course, starts_at=starts_at, ends_at=ends_at, place=place)
    session.full_clean(exclude=["course"])
    session.save()
    _after_sessions_change(course)
    return session


def _unrecorded(session: Session) -> None:
    if session.state != SessionState.PLANNED:
        raise ValidationError(_("This session is cancelled."))
    if Attendance.objects.filter(session=session).exists():
        raise ValidationError(_("Attendance is recorded for this session: it took place and cannot change."))


@transaction.atomic
def session_move(
    *, session: Session, starts_at: datetime, ends_at: datetime, place: str, by: User | None = None
) -> Session:
    """Move a session to another day, time or place, on the same rules as a new one."""
    course = Course.objects.select_for_update().get(pk=session.course_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    _unrecorded(session)
    _session_problem(course, starts_at, ends_at, moving=session)
    session.starts_at, session.ends_at, session.place = starts_at, ends_at, place
    session.full_clean(exclude=["course"])
    session.save(update_fields=["starts_at", "ends_at", "place"])
    _after_sessions_change(course)
    return session


@transaction.atomic
def session_cancel(*, session: Session, by: User | None = None) -> Session:
    """Cancel a session that has not taken place; it stays on the list, struck through."""
    course = Course.objects.select_for_update().get(pk=session.course_id)
    session = Session.objects.select_for_update().get(pk=session.pk)
    _unrecorded(session)
    session.state = SessionState.CANCELLED
    session.save(update_fields=["state"])
    _after_sessions_change(course)
    return session


def _sessions_on(course: Course, days: list[date], lengths: list[int], starts: time, place: str) -> list[Session]:
    made = []
    for day, hours in zip(days, lengths, strict=True):
        starts_at = timezone.make_aware(datetime.combine(day, starts))
        made.append(
            Session(course=course, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), place=place)
        )
    return made


@transaction.atomic
def course_sessions_create(
    *, course: Course, first_day: date, closed: Mapping[date, str] | None = None, place: str = ""
) -> list[Session]:
    """The sessions of a new course from its slot and its hours: the slot's weekdays and
    times (``SLOT_SCHEDULE``) from ``first_day`` on, skipping public holidays and closing
    days; the course starts on its first session. One insert whatever the number of
    sessions; pass ``closed`` (``closed_days``) when making many courses."""
    schedule = SLOT_SCHEDULE[course.slot]
    if closed is None:
        closed = closed_days(first_day, first_day + PLANNING_HORIZON)
    lengths = session_lengths(hours=course.hours, session_hours=schedule.hours)
    days = session_days(weekdays=schedule.weekdays, first_day=first_day, count=len(lengths), closed=closed)
    sessions = Session.objects.bulk_create(_sessions_on(course, days, lengths, schedule.starts, place))
    if days and course.starts_on != days[0]:
        course.starts_on = days[0]
        Course.objects.filter(pk=course.pk).update(starts_on=days[0])
    return sessions


@transaction.atomic
def waiting_entry_create(
    *,
    person: Person,
    languages: Iterable[Language],
    slots: list[str],
    waiting_since: date,
    by: User,
    contract: Contract | None = None,
    childcare_needed: bool = False,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> WaitingEntry:
    if WaitingEntry.objects.filter(person=person, state__in=[WaitingState.WAITING, WaitingState.OFFERED]).exists():
        raise ValidationError(_("This person is already on the waiting list."))
    languages = list(languages)
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    entry = WaitingEntry(
        person=person,
        contract=contract,
        slots=list(slots),
        waiting_since=waiting_since,
        childcare_needed=childcare_needed,
    )
    entry.full_clean(exclude=["person", "contract"])
    entry.save()
    entry.languages.set(languages)
    _change_logged(by, person.pk, "mo_waiting", purpose, channel)
    return entry


def _change_logged(by: User, person_id: int, field: str, purpose: str | None, channel: AccessChannel | None) -> None:
    """Log a change to the person's civic-orientation record, for the purpose given (else
    the course's, where the user's roles may give it)."""
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, purpose, AccessPurpose.COURSE),
        channel=channel,
        fields=[field],
    )


def seats_taken(course: Course, *, except_offer: SeatOffer | None = None) -> int:
    """Active enrolments plus open offers: an offered seat is held for its person."""
    offers = course.offers.filter(state=OfferState.OPEN)
    if except_offer is not None:
        offers = offers.exclude(pk=except_offer.pk)
    return course.enrolments.filter(state__in=ACTIVE_ENROLMENT_STATES).count() + offers.count()


@transaction.atomic
def enrolment_create(
    *,
    course: Course,
    person: Person,
    by: User,
    enrolled_on: date,
    offer: SeatOffer | None = None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Enrolment:
    """Enrol a person. The course row is locked for the count, so two coordinators
    enrolling at the same moment can never exceed the places (PostgreSQL: row lock;
    SQLite: transactions start IMMEDIATE and so run one at a time)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.state != "planned":
        raise ValidationError(_("This course is cancelled."))
    if seats_taken(course, except_offer=offer) >= course.capacity:
        raise ValidationError(_("The course is full."))
    if Enrolment.objects.filter(course=course, person=person).exists():
        raise ValidationError(_("This person is already enrolled in this course."))
    enrolment = Enrolment(course=course, person=person, enrolled_on=enrolled_on, created_by=by)
    enrolment.full_clean(exclude=["course", "person", "created_by"])
    enrolment.save()
    WaitingEntry.objects.filter(person=person, state__in=[WaitingState.WAITING, WaitingState.OFFERED]).update(
        state=WaitingState.ENROLLED
    )
    _change_logged(by, person.pk, "mo_enrolments", purpose, channel)
    return enrolment


def longest_waiting_match(course: Course) -> WaitingEntry | None:
    """The person who waits longest for this course's language and slot, not already in
    it and not offered a seat of it before (who declined or let it expire)."""
    from haven.orientation.selectors import waiting_matches

    matches = waiting_matches(course, exclude_offered=True)
    return matches[0] if matches else None


@transaction.atomic
def seat_offer_next(*, course: Course, on: date) -> SeatOffer | None:
    """Offer a free seat of the course to the longest-waiting matching person."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if seats_taken(course) >= course.capacity:
        return None
    entry = longest_waiting_match(course)
    if entry is None:
        return None
    first = first_session(course)
    offer = SeatOffer.objects.create(
        course=course,
        waiting=entry,
        offered_on=on,
        expires_on=offer_expiry(offered_on=on, first_day=_local(first.starts_at).date() if first else None),
    )
    WaitingEntry.objects.filter(pk=entry.pk).update(state=WaitingState.OFFERED)
    return offer


@transaction.atomic
def enrolment_withdraw(
    *, enrolment: Enrolment, on: date, by: User, channel: AccessChannel | None = None, purpose: str | None = None
) -> SeatOffer | None:
    """The participant withdraws; the seat is offered at once to the next in line."""
    if enrolment.state != EnrolmentState.ENROLLED:
        raise ValidationError(_("Only an enrolled participant can withdraw."))
    enrolment.state, enrolment.withdrawn_on = EnrolmentState.WITHDRAWN, on
    enrolment.save(update_fields=["state", "withdrawn_on"])
    _change_logged(by, enrolment.person_id, "mo_enrolments", purpose, channel)
    return seat_offer_next(course=enrolment.course, on=on)


@transaction.atomic
def seat_offer_answer(
    *, offer: SeatOffer, accept: bool, on: date, by: User, purpose: str | None = None
) -> Enrolment | None:
    offer = SeatOffer.objects.select_for_update().select_related("waiting", "course").get(pk=offer.pk)
    if offer.state != OfferState.OPEN:
        raise ValidationError(_("This offer is no longer open."))
    if on > offer.expires_on:
        raise ValidationError(_("This offer has expired."))
    if accept:
        enrolment = enrolment_create(
            course=offer.course, person=offer.waiting.person, by=by, enrolled_on=on, offer=offer, purpose=purpose
        )
        SeatOffer.objects.filter(pk=offer.pk).update(state=OfferState.ACCEPTED)
        return enrolment
    SeatOffer.objects.filter(pk=offer.pk).update(state=OfferState.DECLINED)
    WaitingEntry.objects.filter(pk=offer.waiting_id).update(state=WaitingState.WAITING)
    seat_offer_next(course=offer.course, on=on)
    return None


@transaction.atomic
def seat_offers_expire(*, today: date) -> int:
    """Close the offers past their date; the people wait again and the seats go to the next."""
    expired = list(SeatOffer.objects.filter(state=OfferState.OPEN, expires_on__lt=today).select_related("course"))
    SeatOffer.objects.filter(pk__in=[offer.pk for offer in expired]).update(state=OfferState.EXPIRED)
    WaitingEntry.objects.filter(pk__in=[offer.waiting_id for offer in expired]).update(state=WaitingState.WAITING)
    for course in {offer.course for offer in expired}:
        seat_offer_next(course=course, on=today)
    return len(expired)


@transaction.atomic
def attendance_record(*, session: Session, presence: Mapping[int, str], by: User) -> int:
    """Record the presence of the session's participants (enrolment id → presence)."""
    if session.state == SessionState.CANCELLED:
        raise ValidationError(_("This session is cancelled."))
    enrolments = {
        enrolment.pk: enrolment
        for enrolment in session.course.enrolments.filter(pk__in=list(presence), state__in=ACTIVE_ENROLMENT_STATES)
    }
    unknown = set(presence) - set(enrolments)
    if unknown:
        raise ValidationError(_("Someone in the list is not a participant of this course."))
    wrong = set(presence.values()) - set(Presence.values)
    if wrong:
        raise ValidationError(_("Unknown presence value."))
    existing = {row.enrolment_id: row for row in Attendance.objects.filter(session=session)}
    new, changed = [], []
    for enrolment_id, value in presence.items():
        if enrolment_id in existing:
            if existing[enrolment_id].presence != value:
                existing[enrolment_id].presence = value
                changed.append(existing[enrolment_id])
        else:
            new.append(Attendance(session=session, enrolment_id=enrolment_id, presence=value))
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["presence"])
    return len(new) + len(changed)


@transaction.atomic
def enrolment_complete(
    *,
    enrolment: Enrolment,
    completed_on: date,
    actions_completed: int,
    evaluation: str,
    by: User,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Enrolment:
    """Close the course for a participant. With the action plan done (two actions) the
    course is passed, and the person's running contract records civic orientation passed."""
    if enrolment.state not in (EnrolmentState.ENROLLED, EnrolmentState.NOT_COMPLETED):
        raise ValidationError(_("This participant cannot be completed."))
    passed = actions_completed >= ACTIONS_TO_PASS
    enrolment.state = EnrolmentState.COMPLETED if passed else EnrolmentState.NOT_COMPLETED
    enrolment.completed_on, enrolment.actions_completed, enrolment.evaluation = (
        completed_on,
        actions_completed,
        evaluation,
    )
    enrolment.full_clean(exclude=["course", "person", "created_by"])
    enrolment.save()
    _change_logged(by, enrolment.person_id, "mo_enrolments", purpose, channel)
    if passed:
        for contract in Contract.objects.filter(
            person_id=enrolment.person_id,
            state=ContractState.OPEN,
            includes_civic_orientation=True,
            civic_orientation_passed_on=None,
        ):
            contract_progress_record(
                contract=contract, values={"civic_orientation_passed_on": completed_on}, by=by, channel=channel
            )
    return enrolment


@transaction.atomic
def course_create_with_sessions(
    *,
    values: Mapping[str, Any],
    interpreter_languages: Iterable[Language] = (),
    start_time: time,
    session_hours: int,
    sessions: int,
) -> Course:
    """A course planned by hand: a session a week on the weekday of its start date, which
    must suit the slot (a weekend course starts on a Saturday or Sunday), skipping public
    holidays and closing days; its hours are the sessions' sum and it starts on its first
    session."""
    starts_on = values["starts_on"]
    if starts_on.weekday() not in SLOT_SCHEDULE[values["slot"]].allowed_weekdays:
        if values["slot"] == Slot.WEEKEND:
            raise ValidationError({"starts_on": _("A weekend course meets on Saturday or Sunday.")})
        raise ValidationError({"starts_on": _("A day or evening course meets from Monday to Friday.")})
    course = course_create(
        values={**values, "hours": session_hours * sessions}, interpreter_languages=interpreter_languages
    )
    closed = closed_days(starts_on, starts_on + PLANNING_HORIZON)
    days = session_days(weekdays=(starts_on.weekday(),), first_day=starts_on, count=sessions, closed=closed)
    Session.objects.bulk_create(_sessions_on(course, days, [session_hours] * sessions, start_time, ""))
    if course.starts_on != days[0]:
        course.starts_on = days[0]
        Course.objects.filter(pk=course.pk).update(starts_on=days[0])
    return course
