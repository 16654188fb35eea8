"""A job's page and the partial it polls (htmx, every second while the job runs).

When the job is done and has a result to show (a dispatch run, the month's invoices), the
poll sends the browser there (``HX-Redirect``) with the job's message; a failed job stays on
its page with the reason.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from haven.core.http import AuthenticatedHttpRequest
from haven.jobs.access import job_for_user
from haven.jobs.models import Job, JobState


def message_for_result(request: AuthenticatedHttpRequest, job: Job) -> None:
    """The finished job's message and its refusals (``result["refused"]``), for the next page."""
    if job.message:
        (messages.success if job.state == JobState.DONE else messages.error)(request, job.message)
    for refusal in job.result.get("refused", []):
        messages.error(request, refusal)


def job_redirect(request: AuthenticatedHttpRequest, job: Job) -> HttpResponse:
    """Where a page sends the user after starting a job: its page, to follow it; or the
    result at once when the job is done already (tasks run in-process: the tests)."""
    if job.state == JobState.DONE and job.result_url:
        message_for_result(request, job)
        return redirect(job.result_url)
    return redirect("jobs:job", job.pk)


@login_required
def job_detail(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = job_for_user(request.user, job_id)
    return render(request, "jobs/job.html", {"job": job})


@login_required
def job_progress(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    job = job_for_user(request.user, job_id)
    if job.state == JobState.DONE and job.result_url and request.headers.get("HX-Request") == "true":
        message_for_result(request, job)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job.result_url
        return response
    return render(request, "jobs/_progress.html", {"job": job})
