"""Who sees a job: the user who started it, and nobody else (anyone else gets a 404, as
if it did not exist: its number says nothing)."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from haven.accounts.models import User
from haven.jobs.models import FINISHED, Job


def job_for_user(user: User | AnonymousUser, job_id: int) -> Job:
    """The job if ``user`` started it; Http404 otherwise (one query)."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    job = Job.objects.filter(pk=job_id, started_by=user).first()
    if job is None:
        raise Http404
    return job


def unfinished_jobs_for_user(user: User, kind: str) -> list[Job]:
    """The user's jobs of this kind still waiting or running, newest first (one query):
    the pages that start them show their progress."""
    return list(
        Job.objects.filter(started_by=user, kind=kind).exclude(state__in=FINISHED).order_by("-created_at", "-id")[:5]
    )
