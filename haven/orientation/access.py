"""Who may see and change civic-orientation records. Pages and API use these.

A course coordinator plans courses, enrols, records attendance and completion; counsellors
and team coordinators read the courses and put their clients on the waiting list; roles
without the permissions (partners, interpreters, managers) see nothing of it. Every read
of a person's records (a waiting-list entry, an enrolment) is logged with the purpose
given, else "course" where the user's roles may give it, like a read of the person's file.
"""

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from haven.core.access import require_permission as _require
from haven.core.models import AccessChannel, AccessPurpose
from haven.orientation.models import Course, Enrolment, SeatOffer, Session, WaitingEntry
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default
from haven.people.models import Person

READ = "orientation.view_course"


def course_purpose(user: Any, purpose: str | None) -> str:
    """The purpose given, else "course" where the user's roles may give it."""
    return purpose_or_default(user, purpose, AccessPurpose.COURSE)


def orientation_for_user(user: Any, permission: str = READ) -> None:
    """For lists and pages that show no single person's records."""
    _require(user, permission)


def course_for_user(user: Any, course_id: int, *, write: bool = False) -> Course:
    """A course for reading (anyone of the line) or changing (the course coordinator)."""
    _require(user, "orientation.change_course" if write else READ)
    course = Course.objects.select_related("language", "teacher").filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_for_enrolment(user: Any, course_id: int) -> Course:
    """A course to enrol someone in: the enrolment permission and the course's change
    permission (the course coordinator), on the page and in the API alike."""
    _require(user, "orientation.add_enrolment")
    return course_for_user(user, course_id, write=True)


def course_for_sessions(user: Any, course_id: int, *, write: bool = False) -> Course:
    """A course whose sessions are read (the sessions' view permission too) or added to
    (the course coordinator)."""
    if write:
        _require(user, "orientation.add_session")
        return course_for_user(user, course_id, write=True)
    course = course_for_user(user, course_id)
    _require(user, "orientation.view_session")
    return course


def session_for_change(user: Any, session_id: int) -> Session:
    """A session to move or cancel: the course coordinator's (the session's and the
    course's change permissions)."""
    _require(user, "orientation.change_session")
    _require(user, "orientation.change_course")
    session = Session.objects.select_related("course__language").filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def may_change_sessions(user: Any) -> bool:
    """Whether the session editor offers to add, move and cancel (each write checks again)."""
    return bool(user.has_perm("orientation.add_session") and user.has_perm("orientation.change_session"))


def may_change_enrolments(user: Any) -> bool:
    """Whether a course's page offers to withdraw, complete and answer offers (each write
    checks again through ``enrolment_for_user`` / ``offer_for_user``)."""
    return bool(user.has_perm("orientation.change_enrolment"))


def may_record_attendance(user: Any) -> bool:
    """Whether the attendance sheet is a form (``session_for_user`` checks the write again)."""
    return bool(user.has_perm("orientation.add_attendance"))


def session_for_user(user: Any, session_id: int, *, write: bool = False) -> Session:
    """A session; recording attendance is the coordinator's."""
    _require(user, "orientation.add_attendance" if write else "orientation.view_session")
    session = Session.objects.select_related("course__language").filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def enrolment_for_user(
    user: Any,
    enrolment_id: int,
    *,
    write: bool = False,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Enrolment:
    """A participant's enrolment; a read is logged (a write is logged by the service)."""
    _require(user, "orientation.change_enrolment" if write else "orientation.view_enrolment")
    enrolment = Enrolment.objects.select_related("person", "course__language").filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    person_access(
        user,
        enrolment.person_id,
        purpose=course_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission="orientation.change_enrolment" if write else "orientation.view_enrolment",
    )
    return enrolment


def enrolment_for_completion(
    user: Any, enrolment_id: int, *, write: bool = False, purpose: str | None = None
) -> Enrolment:
    """An enrolment whose course is closed for the participant: the coordinator's (the
    enrolment's change permission, also to open the form)."""
    _require(user, "orientation.change_enrolment")
    return enrolment_for_user(user, enrolment_id, write=write, purpose=purpose)


def people_shown(
    user: Any, person_ids: Iterable[int], *, channel: AccessChannel | None = None, purpose: str | None = None
) -> None:
    """A participant list, a waiting list or a course's offers shows people: one entry per
    person shown, in one insert, with the purpose given, else "course" where the user may give it."""
    people_access.people_shown(user, person_ids, purpose=course_purpose(user, purpose), channel=channel)


def waiting_entry_for_user(
    user: Any,
    entry_id: int,
    *,
    write: bool = False,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> WaitingEntry:
    """A waiting-list entry; a read is logged."""
    _require(user, "orientation.change_waitingentry" if write else "orientation.view_waitingentry")
    entry = WaitingEntry.objects.select_related("person").filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    person_access(
        user,
        entry.person_id,
        purpose=course_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission="orientation.change_waitingentry" if write else "orientation.view_waitingentry",
    )
    return entry


def offer_for_user(
    user: Any,
    offer_id: int,
    *,
    write: bool = False,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> SeatOffer:
    """A seat offer; answering it (for the person, who called or mailed) is the coordinator's."""
    _require(user, "orientation.change_seatoffer" if write else "orientation.view_seatoffer")
    offer = SeatOffer.objects.select_related("course", "waiting__person").filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    # The offer names the person, before and after the answer: a read either way.
    person_access(
        user,
        offer.waiting.person_id,
        purpose=course_purpose(user, purpose),
        channel=channel,
        permission="orientation.change_seatoffer" if write else "orientation.view_seatoffer",
    )
    return offer


def _person_to_add(
    user: Any, person_id: int, permission: str, purpose: str | None, channel: AccessChannel | None
) -> Person:
    _require(user, permission)
    person = Person.objects.filter(pk=person_id).first()
    person_access(
        user, person_id, purpose=course_purpose(user, purpose), channel=channel, log_read=True, permission=permission
    )
    if person is None:
        raise Http404
    return person


def person_for_waiting_list(
    user: Any, person_id: int, *, purpose: str | None = None, channel: AccessChannel | None = None
) -> Person:
    """A person to put on the waiting list (counsellors and the coordinator); the service
    logs the change."""
    return _person_to_add(user, person_id, "orientation.add_waitingentry", purpose, channel)


def person_for_enrolment(
    user: Any, person_id: int, *, purpose: str | None = None, channel: AccessChannel | None = None
) -> Person:
    """A person to enrol (the coordinator); the service logs the change."""
    return _person_to_add(user, person_id, "orientation.add_enrolment", purpose, channel)
