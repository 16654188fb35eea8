"""The interpreter's jobs: the list (upcoming first, then the past ones, where the
performance sheet is recorded) and one job's page. Both are the interpreter's own: the
page head names them, so that a shared phone or a colleague's login is seen at once."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.core.pagination import paginate
from haven.interpreting import access, selectors
from haven.interpreting.access import AnyUser
from haven.interpreting.models import AssignmentStatus, Interpreter, RequestStatus


def _interpreter_for_user(user: AnyUser) -> Interpreter:
    """The interpreter whose jobs these are; 403 for anyone else (the dispatcher included:
    they have their own pages)."""
    interpreter = access.interpreter_of(user)
    if interpreter is None or not user.has_perm("interpreting.view_assignment"):
        raise PermissionDenied
    return interpreter


@login_required
def jobs(request) -> HttpResponse:
    """An interpreter's proposed and confirmed jobs: upcoming first, then the past ones
    (where the performance sheet is recorded)."""
    interpreter = _interpreter_for_user(request.user)
    now = timezone.now()
    upcoming = paginate(request, selectors.jobs_of(interpreter, upcoming=True, now=now))
    past = paginate(
        request, selectors.jobs_of(interpreter, upcoming=False, now=now), page_field="past_page", prefix="past_"
    )
    return render(
        request,
        "interpreting/jobs.html",
        {
            "interpreter": interpreter,
            **upcoming,
            **past,
        },
    )


@login_required
def job(request, assignment_id: int) -> HttpResponse:
    """One of the interpreter's jobs: when, where, for whom, what kind, and its status.
    Another interpreter's job, or a proposal that went to someone else, is "not found"."""
    interpreter = _interpreter_for_user(request.user)
    assignment = access.assignment_for_user(request.user, assignment_id)
    live = assignment.status in (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)
    # A booking the partner cancelled stays readable; a proposal that went to someone else does not.
    cancelled_booking = assignment.request.status == RequestStatus.CANCELLED and assignment.confirmed_at is not None
    if assignment.interpreter_id != interpreter.pk or not (live or cancelled_booking):
        raise Http404
    return render(
        request,
        "interpreting/job_detail.html",
        {
            "interpreter": interpreter,
            "assignment": assignment,
            "job": assignment.request,
            "past": assignment.ends_at < timezone.now(),
        },
    )
