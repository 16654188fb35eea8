"""The dispatcher's pages: the overview of the coming weeks with the form that runs dispatch
(in the background: the page follows the job, then shows the run), a dispatch run with its
proposals (change one, among the interpreters the hard rules allow; confirm all, skipping
any that breaks a hard rule now), and the demand nobody could take, per language."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.core.reference import language_name
from haven.interpreting import access, explanation, hard_rules, planning, selectors, tasks
from haven.interpreting.forms import DispatchRunForm, InterpreterChoiceForm, UnmetFilterForm, next_monday
from haven.interpreting.models import Assignment, AssignmentStatus, DispatchRun, Interpreter
from haven.interpreting.services import requests as requests_service
from haven.interpreting.views.common import post_after_access
from haven.jobs.access import unfinished_jobs_for_user
from haven.jobs.services import job_start
from haven.jobs.views import job_redirect

OVERVIEW_WEEKS = 6
UNMET_DEFAULT_WEEKS = 12


def _dispatch_seconds() -> float:
    return float(getattr(settings, "HAVEN_DISPATCH_SECONDS", 45))


@login_required
@require_http_methods(["GET", "POST"])
def dispatch_overview(request) -> HttpResponse:
    """Open, proposed, unfilled and confirmed requests for the coming weeks, the latest
    runs, and the form that runs dispatch for a week."""
    access.dispatcher_for_user(request.user)
    today = timezone.localdate()
    form = DispatchRunForm(request.POST or None, initial={"monday": next_monday(today), "method": "cp-sat"})
    if request.method == "POST":
        if form.is_valid():
            monday = form.cleaned_data["monday"]
            try:
                planning.period_validate(monday, monday + timedelta(days=6))
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                job = job_start(
                    task=tasks.dispatch_run_job,
                    kind=tasks.DISPATCH_KIND,
                    title=tasks.DISPATCH_TITLE,
                    by=request.user,
                    monday=monday.isoformat(),
                    method=form.cleaned_data["method"],
                    time_limit_seconds=_dispatch_seconds(),
                )
                return job_redirect(request, job)
        status = 400
    else:
        status = 200
    return render(
        request,
        "interpreting/dispatch.html",
        {
            "form": form,
            "weeks": selectors.week_counts(first_monday=selectors.monday_of(today), weeks=OVERVIEW_WEEKS),
            "runs": list(selectors.recent_runs()),
            "jobs": unfinished_jobs_for_user(request.user, tasks.DISPATCH_KIND),
        },
        status=status,
    )


@login_required
def run_detail(request, run_id: int) -> HttpResponse:
    """A dispatch run: every proposed assignment with the interpreter and why, the
    interpreters who may take each job instead (with their travel and hours this week),
    "confirm all", and the requests nobody could take."""
    access.dispatcher_for_user(request.user)
    run = get_object_or_404(DispatchRun.objects.select_related("created_by"), pk=run_id)
    return _run_page(request, run)


def _run_page(request, run: DispatchRun, *, status: int = 200, refused: Assignment | None = None) -> HttpResponse:
    """The run's page; `refused`: the proposal whose change was just refused (400), shown
    with its candidates whichever page it is on."""
    assigned = paginate(request, selectors.run_assignments(run))
    unfilled = paginate(request, selectors.run_unfilled(run), page_field="unfilled_page", prefix="unfilled_")
    shown = list(assigned["page"].object_list)
    if refused is not None and refused.pk not in {assignment.pk for assignment in shown}:
        shown.insert(0, selectors.run_assignments(run).get(pk=refused.pk))
    checks = hard_rules.proposal_checks(shown)
    rows = [
        {
            "assignment": assignment,
            "why": explanation.why_sentences(assignment.why),
            "check": checks.get(assignment.pk),
        }
        for assignment in shown
    ]
    by_video = selectors.video_interpreters(unfilled["unfilled_page"].object_list)
    unfilled_rows = [
        (job, explanation.unmet_sentence(job.unmet_reason), by_video[job.pk])
        for job in unfilled["unfilled_page"].object_list
    ]
    proposed = sum(1 for row in rows if row["assignment"].status == AssignmentStatus.PROPOSED)
    return render(
        request,
        "interpreting/run.html",
        {
            "run": run,
            "rows": rows,
            "unfilled_rows": unfilled_rows,
            "proposed_on_page": proposed,
            "refused_id": refused.pk if refused is not None else None,
            **assigned,
            **unfilled,
        },
        status=status,
    )


@login_required
def run_confirm(request, run_id: int) -> HttpResponse:
    """Confirm every proposed assignment of the run; those that break a hard rule now (or
    clash with a booking) stay proposed and are listed with the rule."""
    access.dispatcher_for_user(request.user)
    run = get_object_or_404(DispatchRun, pk=run_id)
    if refused := post_after_access(request):
        return refused
    confirmed, conflicts = requests_service.run_confirm(run=run, by=request.user)
    messages.success(request, _("%(count)s assignments confirmed.") % {"count": confirmed})
    if conflicts:
        messages.warning(
            request,
            ngettext(
                "%(count)s proposal was not confirmed and stays proposed:",
                "%(count)s proposals were not confirmed and stay proposed:",
                len(conflicts),
            )
            % {"count": len(conflicts)},
        )
    for assignment, message in conflicts:
        messages.error(
            request,
            _("%(when)s (request %(id)s): %(message)s")
            % {
                "id": assignment.request_id,
                "message": message,
                "when": date_format(timezone.localtime(assignment.starts_at), "SHORT_DATETIME_FORMAT"),
            },
        )
    return redirect("interpreting:run", run.pk)


@login_required
def assignment_change(request, assignment_id: int) -> HttpResponse:
    """Propose another interpreter for a proposed assignment. The choice must keep the
    dispatch engine's hard rules; a refused choice (a forged form, or something changed
    since the page was shown) is a 400 naming each rule it breaks."""
    access.dispatcher_for_user(request.user)
    assignment = access.assignment_for_user(request.user, assignment_id)
    if refused := post_after_access(request):
        return refused
    form = InterpreterChoiceForm(request.POST, queryset=Interpreter.objects.all())
    message = ""
    if not form.is_valid():
        message = _("Choose one of the interpreters offered.")
    else:
        try:
            requests_service.assignment_change(
                assignment=assignment, interpreter=form.cleaned_data["interpreter"], by=request.user
            )
        except ValidationError as error:
            message = " ".join(error.messages)
    if message:
        messages.error(request, message)
        if assignment.run_id:
            run = get_object_or_404(DispatchRun.objects.select_related("created_by"), pk=assignment.run_id)
            return _run_page(request, run, status=400, refused=assignment)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    messages.success(request, _("%(name)s is proposed instead.") % {"name": str(form.cleaned_data["interpreter"])})
    if assignment.run_id:
        return redirect(reverse("interpreting:run", args=[assignment.run_id]) + f"#assignment-{assignment.pk}")
    return redirect("interpreting:request", assignment.request_id)


@login_required
def unmet_demand(request) -> HttpResponse:
    """Requests dispatch could not fill, per language, over a period: the shortage
    languages recruitment needs."""
    access.dispatcher_for_user(request.user)
    today = timezone.localdate()
    default = {
        "start": selectors.monday_of(today) - timedelta(weeks=UNMET_DEFAULT_WEEKS),
        "end": selectors.monday_of(today) + timedelta(weeks=4, days=-1),
    }
    form = UnmetFilterForm(request.GET or None, initial=default)
    period, status = default, 200
    if form.is_bound:
        if form.is_valid():
            period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
        else:
            status = 400
    paged = paginate(request, selectors.unmet_demand(**period), form)
    reasons = selectors.UNMET_REASONS
    paged["rows"] = [
        {
            "language": language_name(row["language"]),
            "total": row["total"],
            "hours": round(row["minutes"] / 60, 1),
            "still_unfilled": row["still_unfilled"],
            "video_possible": row["video_possible"],
            "reasons": [row[f"reason_{reason}"] for reason in reasons],
        }
        for row in paged["page"].object_list
    ]
    return render(
        request,
        "interpreting/unmet.html",
        {
            "form": form,
            "period": period,
            **paged,
            "reason_labels": [explanation.unmet_label(reason) for reason in reasons],
        },
        status=status,
    )
