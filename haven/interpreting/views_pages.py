"""Pages of the interpreting service: the partner portal (own requests, a new request, a
request's detail and cancellation), the dispatcher's pages (overview and dispatch runs,
every request with a manual booking, unmet demand per language) and the interpreter's jobs.

Every view gets its records through ``interpreting.access`` (a partner never sees another
organisation's record: 404) and writes through ``interpreting.services`` or
``interpreting.planning``. Lists are paginated and run a fixed number of queries.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.reference import language_name
from haven.interpreting import access, explanation, planning, selectors, services
from haven.interpreting.forms import (
    DispatchRunForm,
    InterpreterChoiceForm,
    PortalFilterForm,
    RequestFilterForm,
    RequestForm,
    UnmetFilterForm,
    add_service_errors,
    next_monday,
)
from haven.interpreting.models import AssignmentStatus, DispatchRun, RequestStatus
from haven.interpreting.workdays import BRUSSELS, free_cancellation_deadline

PAGE_SIZE = 25
OVERVIEW_WEEKS = 6
UNMET_DEFAULT_WEEKS = 12


def _dispatch_seconds() -> float:
    return float(getattr(settings, "HAVEN_DISPATCH_SECONDS", 45))


def _query(form, page_number, *, page_field: str = "page") -> str:
    """The form's current filters with another page number, for the pagination links."""
    values = {}
    if form.is_bound and form.is_valid():
        for name, value in form.cleaned_data.items():
            if name in ("page", page_field) or value in ("", None):
                continue
            if hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "strftime"):
                value = value.strftime("%m/%Y" if name == "month" else "%d/%m/%Y")
            values[name] = value
    values[page_field] = page_number
    return urlencode(values)


def _paged(rows, number, form=None, *, page_field: str = "page") -> dict:
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    form = form if form is not None else PortalFilterForm()
    return {
        "page": page,
        "previous_query": _query(form, page.previous_page_number(), page_field=page_field)
        if page.has_previous()
        else "",
        "next_query": _query(form, page.next_page_number(), page_field=page_field) if page.has_next() else "",
    }


def _page_number(request, name: str = "page") -> int:
    try:
        return max(1, int(request.GET.get(name, 1)))
    except ValueError:
        return 1


def _post_only(request):
    """POST-only pages check access first and the method after, so that another
    organisation's id answers 404 whatever the method (nothing to learn from a 405)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _live(job):
    """The request's proposed or confirmed assignment, if any (prefetched)."""
    found = getattr(job, "live_assignments", None)
    return found[0] if found else None


# Routing by role ------------------------------------------------------------------------------


@login_required
def home(request):
    """The dispatcher goes to dispatch, a partner to the portal, an interpreter to their jobs."""
    user = request.user
    if access.is_dispatcher(user):
        return redirect("interpreting:dispatch")
    if access.organisation_of(user) is not None and user.has_perm("interpreting.view_interpretingrequest"):
        return redirect("interpreting:portal")
    if access.interpreter_of(user) is not None and user.has_perm("interpreting.view_assignment"):
        return redirect("interpreting:jobs")
    raise PermissionDenied


# The partner portal ---------------------------------------------------------------------------


@login_required
def portal(request):
    """The organisation's own requests, latest first, by status and month."""
    organisation = access.partner_for_user(request.user)
    form = PortalFilterForm(request.GET or None)
    filters, number = {}, 1
    if form.is_bound and form.is_valid():
        filters = {"status": form.cleaned_data["status"], "month": form.cleaned_data["month"]}
        number = form.cleaned_data["page"] or 1
    rows = selectors.requests_filtered(
        access.requests_for_user(request.user).filter(organisation=organisation), **filters
    ).order_by("-starts_at", "-id")
    paged = _paged(rows, number, form)
    paged["rows"] = [(job, _live(job)) for job in paged["page"].object_list]
    return render(
        request,
        "interpreting/portal.html",
        {
            "organisation": organisation,
            "form": form,
            **paged,
            "may_add": request.user.has_perm("interpreting.add_interpretingrequest"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    """Book an interpreter: the services refuse without an agreement in force, or less than
    two working days ahead unless urgent; the refusal comes back on the form (400)."""
    organisation = access.partner_for_user(request.user, "interpreting.add_interpretingrequest")
    form = RequestForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.request_create(organisation=organisation, by=request.user, values=form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Your request is registered. You will get a confirmation once an interpreter is booked.")
                )
                return redirect("interpreting:request", job.pk)
        return render(
            request, "interpreting/request_form.html", {"form": form, "organisation": organisation}, status=400
        )
    return render(request, "interpreting/request_form.html", {"form": form, "organisation": organisation})


def _detail_context(request, job, *, booking_form=None) -> dict:
    user = request.user
    now = timezone.now()
    job = selectors.request_detail(job)
    live = _live(job)
    dispatcher = access.is_dispatcher(user)
    confirmed = live if live is not None and live.status == AssignmentStatus.CONFIRMED else None
    cancellable = (
        job.status in services.LIVE_REQUEST_STATES
        and job.starts_at > now
        and user.has_perm("interpreting.change_interpretingrequest")
        and (dispatcher or access.organisation_of(user) == job.organisation)
    )
    deadline = free_cancellation_deadline(job.starts_at).astimezone(BRUSSELS)
    context = {
        "job": job,
        "assignment": live if dispatcher else confirmed,
        "confirmed": confirmed,
        "is_dispatcher": dispatcher,
        "cancellable": cancellable,
        "deadline": deadline,
        "deadline_passed": now > deadline,
        "late": cancellable and confirmed is not None and now > deadline,
        "why": explanation.why_sentences(live.why) if dispatcher and live is not None else [],
        "unmet": explanation.unmet_sentence(job.unmet_reason) if job.unmet_reason else "",
        "video_interpreters": selectors.video_interpreters([job])[job.pk] if dispatcher else [],
    }
    if dispatcher and job.status in (RequestStatus.OPEN, RequestStatus.UNFILLED, RequestStatus.PROPOSED):
        context["booking_form"] = booking_form or InterpreterChoiceForm(
            queryset=selectors.interpreters_for_language(job.language_id)
        )
    return context


@login_required
def request_detail(request, request_id: int):
    """A request: its status, the booked interpreter's name and phone once confirmed, until
    when it can be cancelled free of charge; for the dispatcher, a manual booking."""
    job = access.request_for_user(request.user, request_id)
    return render(request, "interpreting/request_detail.html", _detail_context(request, job))


@login_required
def request_cancel(request, request_id: int):
    job = access.request_for_user(request.user, request_id, permission="interpreting.change_interpretingrequest")
    if not (access.is_dispatcher(request.user) or access.organisation_of(request.user) == job.organisation):
        raise PermissionDenied  # an interpreter with the permission still cancels nothing
    if refused := _post_only(request):
        return refused
    try:
        job = services.request_cancel(request=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job.cancellation_billable:
            messages.warning(
                request,
                _(
                    "The request is cancelled. It was cancelled after the free-cancellation "
                    "deadline, so it will be billed."
                ),
            )
        else:
            messages.success(request, _("The request is cancelled, free of charge."))
    return redirect("interpreting:request", job.pk)


# The dispatcher -------------------------------------------------------------------------------


@login_required
def request_book(request, request_id: int):
    """Book an interpreter for a request by hand; a conflict is a message, never a 500."""
    access.dispatcher_for_user(request.user)
    job = access.request_for_user(request.user, request_id)
    if refused := _post_only(request):
        return refused
    form = InterpreterChoiceForm(request.POST, queryset=selectors.interpreters_for_language(job.language_id))
    if not form.is_valid():
        return render(
            request, "interpreting/request_detail.html", _detail_context(request, job, booking_form=form), status=400
        )
    interpreter = form.cleaned_data["interpreter"]
    try:
        services.booking_create(request=job, interpreter=interpreter, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is booked.") % {"name": str(interpreter)})
    return redirect("interpreting:request", job.pk)


@login_required
def request_list(request):
    """Every organisation's requests, by organisation, status, language and week."""
    access.dispatcher_for_user(request.user)
    form = RequestFilterForm(request.GET or None)
    filters, number = {}, 1
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data["status"],
            "week": data["week"],
            "organisation": data["organisation"],
            "language": data["language"],
        }
        number = data["page"] or 1
    rows = selectors.requests_filtered(access.requests_for_user(request.user), **filters).order_by("starts_at", "id")
    paged = _paged(rows, number, form)
    paged["rows"] = [(job, _live(job)) for job in paged["page"].object_list]
    return render(request, "interpreting/request_list.html", {"form": form, **paged})


@login_required
@require_http_methods(["GET", "POST"])
def dispatch_overview(request):
    """Open, proposed, unfilled and confirmed requests for the coming weeks, the latest
    runs, and the form that runs dispatch for a week."""
    access.dispatcher_for_user(request.user)
    today = timezone.localdate()
    form = DispatchRunForm(request.POST or None, initial={"monday": next_monday(today), "method": "cp-sat"})
    if request.method == "POST":
        if form.is_valid():
            monday = form.cleaned_data["monday"]
            try:
                run = planning.dispatch_run(
                    period_start=monday,
                    period_end=monday + timedelta(days=6),
                    by=request.user,
                    method=form.cleaned_data["method"],
                    time_limit_seconds=_dispatch_seconds(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Dispatch proposes an interpreter for %(filled)s of %(total)s requests. Review and confirm.")
                    % {"filled": run.statistics.get("filled", 0), "total": run.statistics.get("requests", 0)},
                )
                return redirect("interpreting:run", run.pk)
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
        },
        status=status,
    )


@login_required
def run_detail(request, run_id: int):
    """A dispatch run: every proposed assignment with the interpreter and why, a select to
    change the interpreter, "confirm all", and the requests nobody could take."""
    access.dispatcher_for_user(request.user)
    run = get_object_or_404(DispatchRun.objects.select_related("created_by"), pk=run_id)
    by_language = selectors.interpreters_by_language()
    assigned = _paged(selectors.run_assignments(run), _page_number(request))
    unfilled = _paged(selectors.run_unfilled(run), _page_number(request, "unfilled_page"), page_field="unfilled_page")
    rows = [
        {
            "assignment": assignment,
            "why": explanation.why_sentences(assignment.why),
            "choices": by_language.get(assignment.request.language_id, []),
        }
        for assignment in assigned["page"].object_list
    ]
    by_video = selectors.video_interpreters(unfilled["page"].object_list)
    unfilled_rows = [
        (job, explanation.unmet_sentence(job.unmet_reason), by_video[job.pk]) for job in unfilled["page"].object_list
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
            **assigned,
            "unfilled_page": unfilled["page"],
            "unfilled_previous_query": unfilled["previous_query"],
            "unfilled_next_query": unfilled["next_query"],
        },
    )


@login_required
def run_confirm(request, run_id: int):
    """Confirm every proposed assignment of the run; those that conflict stay proposed and
    are listed."""
    access.dispatcher_for_user(request.user)
    run = get_object_or_404(DispatchRun, pk=run_id)
    if refused := _post_only(request):
        return refused
    confirmed, conflicts = services.run_confirm(run=run, by=request.user)
    messages.success(request, _("%(count)s assignments confirmed.") % {"count": confirmed})
    for assignment, message in conflicts:
        messages.error(
            request,
            _("%(interpreter)s on %(when)s (request %(id)s): %(message)s")
            % {
                "interpreter": str(assignment.interpreter),
                "id": assignment.request_id,
                "message": message,
                "when": date_format(timezone.localtime(assignment.starts_at), "SHORT_DATETIME_FORMAT"),
            },
        )
    return redirect("interpreting:run", run.pk)


@login_required
def assignment_change(request, assignment_id: int):
    """Propose another interpreter for a proposed assignment."""
    access.dispatcher_for_user(request.user)
    assignment = access.assignment_for_user(request.user, assignment_id)
    if refused := _post_only(request):
        return refused
    form = InterpreterChoiceForm(
        request.POST, queryset=selectors.interpreters_for_language(assignment.request.language_id)
    )
    if not form.is_valid():
        messages.error(request, _("Choose an interpreter who works in the request's language."))
    else:
        try:
            services.assignment_change(
                assignment=assignment, interpreter=form.cleaned_data["interpreter"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(name)s is proposed instead.") % {"name": str(form.cleaned_data["interpreter"])}
            )
    if assignment.run_id:
        return redirect(reverse("interpreting:run", args=[assignment.run_id]) + f"#assignment-{assignment.pk}")
    return redirect("interpreting:request", assignment.request_id)


@login_required
def unmet_demand(request):
    """Requests dispatch could not fill, per language, over a period: the shortage
    languages recruitment needs."""
    access.dispatcher_for_user(request.user)
    today = timezone.localdate()
    default = {
        "start": selectors.monday_of(today) - timedelta(weeks=UNMET_DEFAULT_WEEKS),
        "end": selectors.monday_of(today) + timedelta(weeks=4, days=-1),
    }
    form = UnmetFilterForm(request.GET or None, initial=default)
    period, number, status = default, 1, 200
    if form.is_bound:
        if form.is_valid():
            period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
            number = form.cleaned_data["page"] or 1
        else:
            status = 400
    paged = _paged(selectors.unmet_demand(**period), number, form)
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


# The interpreter -----------------------------------------------------------------------------


@login_required
def jobs(request):
    """An interpreter's proposed and confirmed jobs: upcoming first, then the past ones
    (where the performance sheet is recorded)."""
    interpreter = access.interpreter_of(request.user)
    if interpreter is None or not request.user.has_perm("interpreting.view_assignment"):
        raise PermissionDenied
    now = timezone.now()
    upcoming = _paged(selectors.jobs_of(interpreter, upcoming=True, now=now), _page_number(request))
    past = _paged(
        selectors.jobs_of(interpreter, upcoming=False, now=now),
        _page_number(request, "past_page"),
        page_field="past_page",
    )
    return render(
        request,
        "interpreting/jobs.html",
        {
            "interpreter": interpreter,
            **upcoming,
            "past_page": past["page"],
            "past_previous_query": past["previous_query"],
            "past_next_query": past["next_query"],
        },
    )
