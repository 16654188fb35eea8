"""Who may see and change civic-orientation records. Pages and API use these.

A course coordinator plans courses, enrols, records attendance and completion; counsellors
and team coordinators read the courses and put their clients on the waiting list; roles
without the permissions (partners, interpreters, managers) see nothing of it. Every read
of a person's records (a waiting-list entry, an enrolment) is logged with the purpose
"course", like a read of the person's file.
"""

from django.http import Http404

from haven.core.access import require_permission as _require
from haven.core.models import AccessChannel, AccessPurpose
from haven.orientation.models import Course, Enrolment, SeatOffer, Session, WaitingEntry
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default

READ = "orientation.view_course"


def orientation_for_user(user, permission: str = READ) -> None:
    """For lists and pages that show no single person's records."""
    _require(user, permission)


def course_for_user(user, course_id: int, *, write: bool = False) -> Course:
    """A course for reading (anyone of the line) or changing (the course coordinator)."""
    _require(user, "orientation.change_course" if write else READ)
    course = Course.objects.select_related("language", "teacher").filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def session_for_user(user, session_id: int, *, write: bool = False) -> Session:
    """A session; recording attendance is the coordinator's."""
    _require(user, "orientation.add_attendance" if write else "orientation.view_session")
    session = Session.objects.select_related("course__language").filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def enrolment_for_user(
    user, enrolment_id: int, *, write: bool = False, channel: AccessChannel | None = None
) -> Enrolment:
    """A participant's enrolment; a read is logged (a write is logged by the service)."""
    _require(user, "orientation.change_enrolment" if write else "orientation.view_enrolment")
    enrolment = Enrolment.objects.select_related("person", "course__language").filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    person_access(
        user,
        enrolment.person_id,
        purpose=purpose_or_default(user, None, AccessPurpose.COURSE),
        channel=channel,
        log_read=not write,
        permission="orientation.change_enrolment" if write else "orientation.view_enrolment",
    )
    return enrolment


def people_shown(user, person_ids, *, channel: AccessChannel | None = None) -> None:
    """A participant list, a waiting list or a course's offers shows people: one entry per
    person shown, in one insert, with the course purpose where the user may give it."""
    people_access.people_shown(
        user, person_ids, purpose=purpose_or_default(user, None, AccessPurpose.COURSE), channel=channel
    )


def waiting_entry_for_user(
    user, entry_id: int, *, write: bool = False, channel: AccessChannel | None = None
) -> WaitingEntry:
    """A waiting-list entry; a read is logged."""
    _require(user, "orientation.change_waitingentry" if write else "orientation.view_waitingentry")
    entry = WaitingEntry.objects.select_related("person").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    person_access(
        user,
        entry.person_id,
        purpose=purpose_or_default(user, None, AccessPurpose.COURSE),
        channel=channel,
        log_read=not write,
        permission="orientation.change_waitingentry" if write else "orientation.view_waitingentry",
    )
    return entry


def offer_for_user(user, offer_id: int, *, write: bool = False) -> SeatOffer:
    """A seat offer; answering it (for the person, who called or mailed) is the coordinator's."""
    _require(user, "orientation.change_seatoffer" if write else "orientation.view_seatoffer")
    offer = SeatOffer.objects.select_related("course", "waiting__person").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    # The offer names the person, before and after the answer: a read either way.
    person_access(
        user,
        offer.waiting.person_id,
        purpose=purpose_or_default(user, None, AccessPurpose.COURSE),
        permission="orientation.change_seatoffer" if write else "orientation.view_seatoffer",
    )
    return offer


def person_for_waiting_list(user, person_id: int):
    """A person to put on the waiting list (counsellors and the coordinator); the service
    logs the change."""
    from haven.people.models import Person

    _require(user, "orientation.add_waitingentry")
    person = Person.objects.filter(pk=person_id).first()
    person_access(
        user,
        person_id,
        purpose=purpose_or_default(user, None, AccessPurpose.COURSE),
        log_read=True,
        permission="orientation.add_waitingentry",
    )
    if person is None:
        raise Http404
    return person


def person_for_enrolment(user, person_id: int):
    """A person to enrol (the coordinator); the service logs the change."""
    from haven.people.models import Person

    _require(user, "orientation.add_enrolment")
    person = Person.objects.filter(pk=person_id).first()
    person_access(
        user,
        person_id,
        purpose=purpose_or_default(user, None, AccessPurpose.COURSE),
        log_read=True,
        permission="orientation.add_enrolment",
    )
    if person is None:
        raise Http404
    return person
