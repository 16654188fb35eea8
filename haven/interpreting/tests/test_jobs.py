"""The dispatcher's long work runs in the background: a dispatch run and the month's
invoices are jobs the page follows (then shows the run, or the invoices); the e-mails of a
booking are one task after the commit. Here with the database backend and a worker run in
this process, as in production; the other tests run the tasks in-process."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import logged_in_client
from haven.interpreting import tasks
from haven.interpreting.models import DispatchRun, Invoice, RequestStatus
from haven.interpreting.services import invoices as invoices_service
from haven.interpreting.tests import calendar_data
from haven.interpreting.tests.requests_data import at, bookable_day, make_request
from haven.interpreting.tests.test_invoices import march  # noqa: F401 (a fixture)
from haven.jobs.models import Job, JobState
from haven.jobs.services import job_start
from haven.jobs.tests.test_jobs import run_worker_once


def test_a_dispatch_run_is_a_job_the_page_follows_to_the_run(
    database_tasks, partner_a, organisation_a, samira, dispatcher_user
):
    day = bookable_day()
    request = make_request(organisation_a, partner_a, at(day, 10))
    monday = day - timedelta(days=day.weekday())
    client = logged_in_client(dispatcher_user)

    response = client.post(reverse("interpreting:dispatch"), {"monday": f"{monday:%d/%m/%Y}", "method": "greedy"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert job.state == JobState.QUEUED and not DispatchRun.objects.exists()
    overview = client.get(reverse("interpreting:dispatch")).content.decode()
    assert f'id="job-{job.pk}"' in overview  # the dispatch page shows the run in progress

    run_worker_once()
    run = DispatchRun.objects.get()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result == {"run": run.pk}
    assert job.result_url == reverse("interpreting:run", args=[run.pk])
    poll = client.get(reverse("jobs:progress", args=[job.pk]), headers={"HX-Request": "true"})
    assert poll["HX-Redirect"] == job.result_url
    page = client.get(job.result_url).content.decode()
    assert "Dispatch proposes an interpreter for 1 of 1 requests." in page
    request.refresh_from_db()
    assert request.status == RequestStatus.PROPOSED


def test_the_months_invoices_report_progress_per_organisation_and_list_a_refusal(march, monkeypatch):  # noqa: F811
    create = invoices_service.organisation_invoices_create

    def refuse_the_hospital(*, organisation, **kwargs):
        if organisation == march["hospital"]:
            raise ValidationError("No tariff on 01/03/2024.")
        return create(organisation=organisation, **kwargs)

    monkeypatch.setattr(invoices_service, "organisation_invoices_create", refuse_the_hospital)
    client = logged_in_client(march["dispatcher"])

    response = client.post(
        reverse("interpreting:invoice_month_create"), {"month": "03/2024", "confirmed": "yes"}, follow=True
    )

    job = Job.objects.get(kind=tasks.INVOICES_KIND)
    assert (job.state, job.done, job.total) == (JobState.DONE, 2, 2)
    assert list(Invoice.objects.values_list("organisation", flat=True)) == [march["school"].pk]
    assert job.result["refused"] == ["AZ Sint-Lucas: No tariff on 01/03/2024."]
    page = response.content.decode()
    assert "1 invoice made." in page and "AZ Sint-Lucas: No tariff on 01/03/2024." in page


def test_the_booking_mails_are_one_task_after_the_commit(
    database_tasks, django_capture_on_commit_callbacks, dispatcher
):
    organisation = calendar_data.organisation(email="facturen@school.example")
    booker = calendar_data.partner("partner-a", organisation, email="paula@school.example")
    samira = calendar_data.interpreter("Haddad", email="samira@interpreters.example")
    request = calendar_data.job_request(organisation, booker, day=5, hour=10)

    with django_capture_on_commit_callbacks(execute=True):
        assignment = calendar_data.book(request, samira, dispatcher)

    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "haven.interpreting.tasks.booking_mail"
    assert task.args_kwargs == {"args": ["booking_confirmed", assignment.pk], "kwargs": {}}
    assert mail.outbox == []
    run_worker_once()
    assert sorted(message.to[0] for message in mail.outbox) == ["paula@school.example", "samira@interpreters.example"]


@pytest.mark.parametrize("method", ["greedy"])
def test_the_dispatch_job_keeps_the_services_refusal(method, dispatcher_user):
    """A job started for a week the service refuses fails with its message (here a period
    across two weeks, which the page never sends)."""
    job = job_start(
        task=tasks.dispatch_run_job,
        kind=tasks.DISPATCH_KIND,
        title=tasks.DISPATCH_TITLE,
        by=dispatcher_user,
        monday="2024-03-06",  # a Wednesday: the run would reach into the next week
        method=method,
        time_limit_seconds=1,
    )
    assert job.state == JobState.FAILED
    assert job.message == "Dispatch one calendar week (Monday to Sunday) at a time."
