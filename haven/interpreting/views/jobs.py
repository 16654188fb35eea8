"""The interpreter's jobs: upcoming first, then the past ones (where the performance sheet
is recorded)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.core.pagination import paginate
from haven.interpreting import access, selectors


@login_required
def jobs(request) -> HttpResponse:
    """An interpreter's proposed and confirmed jobs: upcoming first, then the past ones
    (where the performance sheet is recorded)."""
    interpreter = access.interpreter_of(request.user)
    if interpreter is None or not request.user.has_perm("interpreting.view_assignment"):
        raise PermissionDenied
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
