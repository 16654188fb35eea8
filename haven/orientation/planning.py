"""Course formation, the Django side: load the waiting list, teachers and rooms, run the
pure engine (and the greedy baseline beside it), and, once the coordinator accepts a
proposal, create the courses with their sessions and offer their seats to the people
placed in them."""

from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.core.models import Language
from haven.orientation import formation
from haven.orientation.models import (
    Course,
    OfferState,
    Room,
    SeatOffer,
    Slot,
    Teacher,
    WaitingEntry,
    WaitingState,
)
from haven.orientation.services import (
    PLANNING_HORIZON,
    closed_days,
    course_create,
    course_sessions_create,
    offer_expiry,
)

TEACHER_MAX_COURSES = 2


@dataclass(frozen=True)
class Formation:
    """A proposal with the greedy baseline's figures beside it, for the coordinator."""

    proposal: formation.Proposal
    greedy_served: int
    waiting: int


def formation_inputs():
    entries = (
        WaitingEntry.objects.filter(state=WaitingState.WAITING)
        .prefetch_related("languages")
        .order_by("waiting_since", "id")
    )
    learners = [
        formation.Learner(
            id=entry.pk,
            languages=frozenset(language.code for language in entry.languages.all()),
            slots=frozenset(entry.slots),
            waiting_since=entry.waiting_since,
        )
        for entry in entries
    ]
    teachers = [
        formation.Teacher(
            id=teacher.pk,
            languages=frozenset(language.code for language in teacher.languages.all()),
            slots=frozenset(teacher.slots),
            max_courses=TEACHER_MAX_COURSES,
        )
        for teacher in Teacher.objects.filter(active=True).prefetch_related("languages")
    ]
    rooms = [
        formation.Room(id=room.pk, slots=frozenset(room.slots), capacity=room.capacity)
        for room in Room.objects.filter(active=True)
    ]
    return learners, teachers, rooms


def formation_propose(*, min_size: int, max_size: int, time_limit_seconds: float = 20.0) -> Formation:
    learners, teachers, rooms = formation_inputs()
    limits = formation.Limits(min_size=min_size, max_size=max_size)
    greedy = formation.propose_greedy(learners, teachers, rooms, limits)
    proposal = formation.propose(learners, teachers, rooms, limits, time_limit_seconds=time_limit_seconds)
    return Formation(proposal=proposal, greedy_served=greedy.served, waiting=len(learners))


def proposal_to_session(proposal: formation.Proposal) -> dict:
    """A proposal as JSON for the session, between showing and accepting it."""
    return {
        "courses": [asdict(course) for course in proposal.courses],
        "served": proposal.served,
        "optimal": proposal.optimal,
        "method": proposal.method,
    }


@transaction.atomic
def formation_accept(*, courses: list[dict], starts_on: date, by, on: date) -> list[Course]:
    """Create the proposed courses with their sessions (the slot's weekdays and times from
    ``starts_on``, for the course's hours, skipping public holidays and closing days) and
    offer each placed person a seat until the offer expires (a week, never past the day
    before the first session). Refuses when the waiting list changed so that someone is
    no longer waiting. A fixed number of queries per course, however many sessions and people."""
    entry_ids = [entry_id for course in courses for entry_id in course["learner_ids"]]
    entries = {
        entry.pk: entry
        for entry in WaitingEntry.objects.select_for_update().filter(pk__in=entry_ids, state=WaitingState.WAITING)
    }
    if len(entries) != len(entry_ids):
        raise ValidationError(_("The waiting list changed since the proposal: make a new proposal."))
    teachers = Teacher.objects.in_bulk([course["teacher_id"] for course in courses])
    rooms = Room.objects.in_bulk([course["room_id"] for course in courses])
    languages = Language.objects.in_bulk([course["language"] for course in courses])
    closed = closed_days(starts_on, starts_on + PLANNING_HORIZON)
    created = []
    for proposed in courses:
        room = rooms[proposed["room_id"]]
        course = course_create(
            values={
                "language": languages[proposed["language"]],
                "location": room.name,
                "slot": proposed["slot"],
                "starts_on": starts_on,
                "capacity": max(room.capacity, len(proposed["learner_ids"])),
                "teacher": teachers[proposed["teacher_id"]],
                "room": room,
            }
        )
        sessions = course_sessions_create(course=course, first_day=starts_on, closed=closed)
        expires_on = offer_expiry(offered_on=on, first_day=course.starts_on if sessions else None)
        SeatOffer.objects.bulk_create(
            [
                SeatOffer(
                    course=course,
                    waiting=entries[entry_id],
                    offered_on=on,
                    expires_on=expires_on,
                    state=OfferState.OPEN,
                )
                for entry_id in proposed["learner_ids"]
            ]
        )
        WaitingEntry.objects.filter(pk__in=proposed["learner_ids"]).update(state=WaitingState.OFFERED)
        created.append(course)
    return created


def proposal_rows(proposal: formation.Proposal) -> list[dict]:
    """The proposed courses with names instead of ids, for the page (fixed queries)."""
    teachers = Teacher.objects.in_bulk([course.teacher_id for course in proposal.courses])
    rooms = Room.objects.in_bulk([course.room_id for course in proposal.courses])
    from haven.core.reference import language_name

    return [
        {
            "language": language_name(course.language),
            "slot": Slot(course.slot).label,
            "teacher": teachers.get(course.teacher_id),
            "room": rooms.get(course.room_id),
            "size": len(course.learner_ids),
        }
        for course in proposal.courses
    ]
