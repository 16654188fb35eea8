"""Pages of the civic-orientation line: courses and their participants, enrolment from
the waiting list, attendance per session, completion, seat offers and the demand per
language.

Every view gets its object through ``orientation.access`` (reads of a person's records
are logged there with the purpose "course"); writes go through ``orientation.services``.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.orientation import access, selectors, services
from haven.orientation.forms import (
    AttendanceForm,
    CompletionForm,
    CourseFilterForm,
    DemandFilterForm,
    EnrolForm,
    SessionForm,
    WaitingEntryForm,
)
from haven.orientation.models import SLOT_SCHEDULE, EnrolmentState, SeatOffer, Session, SessionState
from haven.people import access as people_access
from haven.people.purpose import posted_purpose, read_purpose, with_purpose


def _offer_message(request, offer: SeatOffer | None) -> None:
    if offer is None:
        messages.info(request, _("Nobody on the waiting list matches this course: the seat stays free."))
        return
    first = services.first_session(offer.course)
    values = {
        "name": str(offer.waiting.person),
        "reference": offer.waiting.person.reference,
        "date": date_format(offer.expires_on, "SHORT_DATE_FORMAT"),
    }
    if first is None:
        messages.success(request, _("The seat is offered to %(name)s (%(reference)s) until %(date)s.") % values)
        return
    messages.success(
        request,
        _(
            "The seat is offered to %(name)s (%(reference)s) until %(date)s. "
            "The course begins on %(first)s at %(place)s."
        )
        % {**values, **_session_words(first)},
    )


def _session_words(session: Session) -> dict[str, str]:
    """A session's day, hours and place as words in the user's language."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return {
        "first": _("%(day)s, %(starts)s–%(ends)s")
        % {
            "day": f"{date_format(starts, 'l')} {date_format(starts, 'SHORT_DATE_FORMAT')}",
            "starts": time_format(starts, "H:i"),
            "ends": time_format(ends, "H:i"),
        },
        "place": session.where,
    }


# Courses -------------------------------------------------------------------------------------


@login_required
def course_list(request) -> HttpResponse:
    """Courses filtered by language, slot and year, paginated, with places left."""
    access.orientation_for_user(request.user)
    form = CourseFilterForm(request.GET or None)
    language, slot, year = "", "", None
    if form.is_valid():
        language = form.cleaned_data["language"].pk if form.cleaned_data["language"] else ""
        slot, year = form.cleaned_data["slot"], form.cleaned_data["year"]
    courses = selectors.courses(language=language, slot=slot, year=year)
    return render(request, "orientation/course_list.html", {"form": form, **paginate(request, courses, form)})


@login_required
def course_detail(request, course_id: int) -> HttpResponse:
    """Sessions, participants with their attendance rate, places left and open offers.
    The participants' names are shown, so the read is logged for each (purpose course)."""
    access.course_for_user(request.user, course_id)
    course = selectors.course_with_seats(course_id)
    participants = list(selectors.participants(course))
    offers = list(selectors.open_offers(course))
    # Need to know: a counsellor sees their own clients among the participants, the coordinator all.
    visible = people_access.visible_ids(
        request.user,
        [enrolment.person_id for enrolment in participants] + [offer.waiting.person_id for offer in offers],
    )
    participants = [enrolment for enrolment in participants if enrolment.person_id in visible]
    offers = [offer for offer in offers if offer.waiting.person_id in visible]
    access.people_shown(
        request.user,
        [enrolment.person_id for enrolment in participants] + [offer.waiting.person_id for offer in offers],
        purpose=read_purpose(request),
    )
    rows = [(enrolment, selectors.attendance_rate(enrolment)) for enrolment in participants]
    course_sessions = list(selectors.sessions(course))
    return render(
        request,
        "orientation/course_detail.html",
        {
            "course": course,
            "rows": rows,
            "sessions": course_sessions,
            "first_session": next((row for row in course_sessions if row.state == SessionState.PLANNED), None),
            "may_edit_sessions": access.may_change_sessions(request.user),
            "offers": offers,
            "enrolled": EnrolmentState.ENROLLED,
            "may_change": access.may_change_enrolments(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request, course_id: int) -> HttpResponse:
    """Enrol one of the waiting people who match the course's language and slot."""
    course = access.course_for_enrolment(request.user, course_id)
    purpose = read_purpose(request) if request.method == "GET" else posted_purpose(request, AccessPurpose.COURSE)
    matches = selectors.waiting_matches(course)
    visible = people_access.visible_ids(request.user, [entry.person_id for entry in matches])
    matches = [entry for entry in matches if entry.person_id in visible]
    access.people_shown(request.user, [entry.person_id for entry in matches], purpose=purpose)
    form = EnrolForm(request.POST or None, matches=matches)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                course=course,
                person=form.entry.person,
                by=request.user,
                enrolled_on=form.cleaned_data["enrolled_on"],
                purpose=purpose,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("%(name)s is enrolled.") % {"name": str(enrolment.person)})
            return redirect("orientation:course", course.pk)
    return render(
        request,
        "orientation/enrol.html",
        {"course": course, "form": form, "matches": matches},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def withdraw(request, enrolment_id: int) -> HttpResponse:
    """The participant withdraws; the seat is offered at once, and the coordinator sees to whom."""
    purpose = posted_purpose(request, AccessPurpose.COURSE)
    enrolment = access.enrolment_for_user(request.user, enrolment_id, write=True, purpose=purpose)
    try:
        offer = services.enrolment_withdraw(
            enrolment=enrolment, on=timezone.localdate(), by=request.user, purpose=purpose
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s has withdrawn.") % {"name": str(enrolment.person)})
        _offer_message(request, offer)
    return redirect("orientation:course", enrolment.course_id)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, session_id: int) -> HttpResponse:
    """Present, excused or absent for every participant of the session, in one form; a
    fixed number of queries whatever the number of participants."""
    session = access.session_for_user(request.user, session_id, write=request.method == "POST")
    enrolments, recorded = selectors.attendance_sheet(session)
    visible = people_access.visible_ids(request.user, [enrolment.person_id for enrolment in enrolments])
    enrolments = [enrolment for enrolment in enrolments if enrolment.person_id in visible]
    purpose = read_purpose(request) if request.method == "GET" else posted_purpose(request, AccessPurpose.COURSE)
    access.people_shown(request.user, [enrolment.person_id for enrolment in enrolments], purpose=purpose)
    form = AttendanceForm(request.POST or None, enrolments=enrolments, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(session=session, presence=form.presence(), by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("orientation:course", session.course_id)
    return render(
        request,
        "orientation/attendance.html",
        {
            "session": session,
            "course": session.course,
            "form": form,
            "recorded": bool(recorded),
            "may_change": access.may_record_attendance(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def complete(request, enrolment_id: int) -> HttpResponse:
    """Close the course for a participant: actions done and the evaluation."""
    write = request.method == "POST"
    purpose = posted_purpose(request, AccessPurpose.COURSE) if write else read_purpose(request)
    enrolment = access.enrolment_for_completion(request.user, enrolment_id, write=write, purpose=purpose)
    form = CompletionForm(
        request.POST or None,
        initial={"actions_completed": enrolment.actions_completed, "evaluation": enrolment.evaluation},
    )
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_complete(
                enrolment=enrolment, by=request.user, purpose=purpose, **form.cleaned_data
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s.") % {"name": str(enrolment.person), "state": enrolment.get_state_display()},
            )
            return redirect("orientation:course", enrolment.course_id)
    return render(request, "orientation/complete.html", {"enrolment": enrolment, "form": form})


@login_required
@require_POST
def offer_answer(request, offer_id: int) -> HttpResponse:
    """The person accepts or declines the seat (the coordinator records the answer)."""
    purpose = posted_purpose(request, AccessPurpose.COURSE)
    offer = access.offer_for_user(request.user, offer_id, write=True, purpose=purpose)
    accept = request.POST.get("answer") == "accept"
    try:
        enrolment = services.seat_offer_answer(
            offer=offer, accept=accept, on=timezone.localdate(), by=request.user, purpose=purpose
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment is not None:
            messages.success(request, _("%(name)s accepted and is enrolled.") % {"name": str(enrolment.person)})
        else:
            messages.success(request, _("%(name)s declined the seat.") % {"name": str(offer.waiting.person)})
            new = selectors.open_offers(offer.course).first()
            if new is not None:
                _offer_message(request, new)
    return redirect("orientation:course", offer.course_id)


# Waiting list and demand --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def waiting_create(request, person_id: int) -> HttpResponse:
    """Put a person on the waiting list (counsellors and the coordinator)."""
    if request.method == "GET":
        purpose = access.course_purpose(request.user, read_purpose(request))
    else:
        purpose = posted_purpose(request, AccessPurpose.COURSE)
    person = access.person_for_waiting_list(request.user, person_id, purpose=purpose)
    form = WaitingEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_entry_create(person=person, by=request.user, purpose=purpose, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("%(name)s is on the waiting list.") % {"name": str(person)})
            return redirect(with_purpose(reverse("people:detail", args=[person.pk]), purpose))
    return render(request, "orientation/waiting_form.html", {"person": person, "form": form})


@login_required
def demand(request) -> HttpResponse:
    """Per language: people waiting, the longest wait, inflow per month over twelve
    months, and the places of planned courses. Five queries, however many people wait."""
    access.orientation_for_user(request.user, "orientation.view_waitingentry")
    form = DemandFilterForm(request.GET or None)
    language = ""
    if form.is_valid() and form.cleaned_data["language"]:
        language = form.cleaned_data["language"].pk
    months, rows = selectors.demand(today=timezone.localdate(), language=language)
    return render(request, "orientation/demand.html", {"form": form, "months": months, "rows": rows})


# The person-file panel ---------------------------------------------------------------------


FORMATION_SESSION_KEY = "orientation_formation"


@login_required
@require_http_methods(["GET", "POST"])
def formation(request) -> HttpResponse:
    """Course formation: propose the new courses that serve the most waiting people
    (CP-SAT, with the greedy baseline's figure beside it); accepting creates the
    courses and offers their seats."""
    access.orientation_for_user(request.user, "orientation.add_course")
    from haven.orientation import planning
    from haven.orientation.forms import FormationForm

    today = timezone.localdate()
    form = FormationForm(
        request.POST if request.POST.get("action") == "propose" else None,
        initial={"starts_on": today + timedelta(days=21)},
    )
    result = None
    if request.method == "POST" and request.POST.get("action") == "accept":
        saved = request.session.get(FORMATION_SESSION_KEY)
        if not saved:
            messages.error(request, _("Make a proposal first."))
            return redirect("orientation:formation")
        try:
            created = planning.formation_accept(
                courses=saved["courses"], starts_on=date.fromisoformat(saved["starts_on"]), by=request.user, on=today
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("orientation:formation")
        del request.session[FORMATION_SESSION_KEY]
        messages.success(
            request,
            _("%(courses)s courses created; their seats are offered to the people placed.") % {"courses": len(created)},
        )
        return redirect("orientation:courses")
    if form.is_bound and form.is_valid():
        result = planning.formation_propose(
            min_size=form.cleaned_data["min_size"], max_size=form.cleaned_data["max_size"]
        )
        request.session[FORMATION_SESSION_KEY] = {
            **planning.proposal_to_session(result.proposal),
            "starts_on": form.cleaned_data["starts_on"].isoformat(),
        }
    return render(
        request,
        "orientation/formation.html",
        {
            "form": form,
            "result": result,
            "rows": planning.proposal_rows(result.proposal) if result else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request) -> HttpResponse:
    """Plan a course by hand, with weekly sessions."""
    access.orientation_for_user(request.user, "orientation.add_course")
    from haven.orientation.forms import CourseForm

    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create_with_sessions(
                values={
                    name: data[name]
                    for name in ("language", "slot", "starts_on", "capacity", "location", "teacher", "childcare")
                },
                interpreter_languages=data["interpreter_languages"],
                start_time=data["start_time"],
                session_hours=data["session_hours"],
                sessions=data["sessions"],
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The course is planned."))
            return redirect("orientation:course", course_id=course.pk)
    return render(request, "orientation/course_form.html", {"form": form})


# The session editor ---------------------------------------------------------------------------


def _place(course, form: SessionForm) -> str:
    """What the form says about the place, kept empty when it is the course's location."""
    place = form.cleaned_data["place"].strip()
    return "" if place == course.location else place


def _editor_context(course) -> dict:
    """The course's sessions (cancelled ones too), the hours they plan against the course's,
    and the days no session can be on while it runs: three queries."""
    rows = list(selectors.sessions(course))
    planned = [session for session in rows if session.state == SessionState.PLANNED]
    closed: dict = {}
    if rows:
        first = timezone.localtime(rows[0].starts_at).date()
        last = timezone.localtime(rows[-1].starts_at).date() + timedelta(weeks=4)
        closed = services.closed_days(first, last)
    return {
        "course": course,
        "sessions": rows,
        "hours_planned": round(sum(session.hours for session in planned), 1),
        "closed": sorted(closed.items()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request, course_id: int) -> HttpResponse:
    """The session editor: every session of the course with its day, hours, place and
    state, the hours planned against the course's hours, the closed days in its period, and
    a form to add a session (the coordinator; others read)."""
    write = request.method == "POST"
    course = access.course_for_sessions(request.user, course_id, write=write)
    schedule = SLOT_SCHEDULE[course.slot]
    form = SessionForm(
        request.POST or None, initial={"starts_at": schedule.starts, "ends_at": schedule.ends}, prefix="new"
    )
    if write and form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            services.session_create(
                course=course, starts_at=starts_at, ends_at=ends_at, place=_place(course, form), by=request.user
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("A session is added on %(date)s.")
                % {"date": date_format(form.cleaned_data["day"], "SHORT_DATE_FORMAT")},
            )
            return redirect("orientation:sessions", course.pk)
    context = _editor_context(course)
    context.update(form=form, may_change=access.may_change_sessions(request.user))
    return render(request, "orientation/sessions.html", context, status=422 if form.is_bound and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_move(request, session_id: int) -> HttpResponse:
    """Move a session to another day, time or place. Asked by htmx, the form replaces the
    session's row in the editor; otherwise it is a page of its own."""
    session = access.session_for_change(request.user, session_id)
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    form = SessionForm(
        request.POST or None,
        initial={"day": starts.date(), "starts_at": starts.time(), "ends_at": ends.time(), "place": session.where},
        prefix=f"move-{session.pk}",
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            services.session_move(
                session=session,
                starts_at=starts_at,
                ends_at=ends_at,
                place=_place(session.course, form),
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("The session of %(old)s is moved to %(new)s.")
                % {
                    "old": date_format(starts, "SHORT_DATETIME_FORMAT"),
                    "new": date_format(timezone.localtime(starts_at), "SHORT_DATETIME_FORMAT"),
                },
            )
            return redirect("orientation:sessions", session.course_id)
    partial = request.htmx and not request.htmx.boosted and request.method == "GET"
    return render(
        request,
        "orientation/_session_move.html" if partial else "orientation/session_move.html",
        {"session": session, "course": session.course, "form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, session_id: int) -> HttpResponse:
    """Cancel a session, after a confirmation: the first answer asks, the second (with
    ``confirm``) cancels."""
    session = access.session_for_change(request.user, session_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        when = date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")
        try:
            services.session_cancel(session=session, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The session of %(date)s is cancelled.") % {"date": when})
        return redirect("orientation:sessions", session.course_id)
    partial = request.htmx and not request.htmx.boosted
    return render(
        request,
        "orientation/_session_cancel.html" if partial else "orientation/session_cancel.html",
        {"session": session, "course": session.course},
    )
