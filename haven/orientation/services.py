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
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, Language
from haven.integration.models import Contract, ContractState
from haven.integration.services import contract_progress_record
from haven.orientation.models import (
    ACTIVE_ENROLMENT_STATES,
    Attendance,
    Course,
    Enrolment,
    EnrolmentState,
    OfferState,
    Presence,
    SeatOffer,
    Session,
    WaitingEntry,
    WaitingState,
)
from haven.people.access import purpose_or_default
from haven.people.models import Person

OFFER_DAYS = 7  # a freed seat is held this long for the person it is offered to
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


@transaction.atomic
def session_create(*, course: Course, starts_at: datetime, ends_at: datetime) -> Session:
    session = Session(course=course, starts_at=starts_at, ends_at=ends_at)
    session.full_clean(exclude=["course"])
    session.save()
    return session


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
    offer = SeatOffer.objects.create(
        course=course, waiting=entry, offered_on=on, expires_on=on + timedelta(days=OFFER_DAYS)
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
    """A course with weekly sessions from its start date; its hours are the sessions' sum."""

    course = course_create(
        values={**values, "hours": session_hours * sessions}, interpreter_languages=interpreter_languages
    )
    for week in range(sessions):
        starts_at = timezone.make_aware(datetime.combine(course.starts_on + timedelta(days=7 * week), start_time))
        session_create(course=course, starts_at=starts_at, ends_at=starts_at + timedelta(hours=session_hours))
    return course
