"""The partner portal and the requests: where the interpreting pages start (by role), the
organisation's own requests, a new request, a request's detail with its cancellation and,
for the dispatcher, every request and a booking by hand."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.interpreting import access, explanation, selectors
from haven.interpreting.forms import InterpreterChoiceForm, PortalFilterForm, RequestFilterForm, RequestForm
from haven.interpreting.models import AssignmentStatus, InterpretingRequest, RequestStatus
from haven.interpreting.services import requests as requests_service
from haven.interpreting.views.common import live, post_after_access, uncounted_page
from haven.interpreting.workdays import BRUSSELS, free_cancellation_deadline

# Routing by role ------------------------------------------------------------------------------


@login_required
def home(request) -> HttpResponse:
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
def portal(request) -> HttpResponse:
    """The organisation's own requests, latest first, by status and month."""
    organisation = access.partner_for_user(request.user)
    form = PortalFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {"status": form.cleaned_data["status"], "month": form.cleaned_data["month"]}
    rows = selectors.requests_filtered(
        access.requests_for_user(request.user).filter(organisation=organisation), **filters
    ).order_by("-starts_at", "-id")
    paged = paginate(request, rows, form, date_format="%Y-%m")  # what the month picker shows
    paged["rows"] = [(job, live(job)) for job in paged["page"].object_list]
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
def request_new(request) -> HttpResponse:
    """Book an interpreter: the services refuse without an agreement in force, or less than
    two working days ahead unless urgent; the refusal comes back on the form (400)."""
    organisation = access.partner_for_user(request.user, "interpreting.add_interpretingrequest")
    form = RequestForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if form.is_valid():
            try:
                job = requests_service.request_create(organisation=organisation, by=request.user, values=form.values())
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(
                    request, _("Your request is registered. You will get a confirmation once an interpreter is booked.")
                )
                return redirect("interpreting:request", job.pk)
        return render(
            request, "interpreting/request_form.html", {"form": form, "organisation": organisation}, status=400
        )
    return render(request, "interpreting/request_form.html", {"form": form, "organisation": organisation})


def _detail_context(
    request: HttpRequest, job: InterpretingRequest, *, booking_form: InterpreterChoiceForm | None = None
) -> dict[str, Any]:
    user = request.user
    now = timezone.now()
    job = selectors.request_detail(job)
    booked = live(job)
    dispatcher = access.is_dispatcher(user)
    confirmed = booked if booked is not None and booked.status == AssignmentStatus.CONFIRMED else None
    cancellable = (
        job.status in requests_service.LIVE_REQUEST_STATES
        and job.starts_at > now
        and access.may_cancel_request(user, job)
    )
    deadline = free_cancellation_deadline(job.starts_at).astimezone(BRUSSELS)
    context: dict[str, Any] = {
        "job": job,
        "assignment": booked if dispatcher else confirmed,
        "confirmed": confirmed,
        "is_dispatcher": dispatcher,
        "cancellable": cancellable,
        "deadline": deadline,
        "deadline_passed": now > deadline,
        "late": cancellable and confirmed is not None and now > deadline,
        "why": explanation.why_sentences(booked.why) if dispatcher and booked is not None else [],
        "unmet": explanation.unmet_sentence(job.unmet_reason) if job.unmet_reason else "",
        "video_interpreters": selectors.video_interpreters([job])[job.pk] if dispatcher else [],
    }
    if dispatcher and job.status in (RequestStatus.OPEN, RequestStatus.UNFILLED, RequestStatus.PROPOSED):
        context["booking_form"] = booking_form or InterpreterChoiceForm(
            queryset=selectors.interpreters_for_language(job.language_id)
        )
    return context


@login_required
def request_detail(request, request_id: int) -> HttpResponse:
    """A request: its status, the booked interpreter's name and phone once confirmed, until
    when it can be cancelled free of charge; for the dispatcher, a manual booking."""
    job = access.request_for_user(request.user, request_id)
    return render(request, "interpreting/request_detail.html", _detail_context(request, job))


@login_required
@require_http_methods(["GET", "POST"])
def request_cancel(request, request_id: int) -> HttpResponse:
    """Cancelling asks first: a GET, or a POST without ``confirm``, shows the question (and
    whether it will be billed); only the POST of that question's form cancels. A GET never
    cancels, so a link, a prefetch or a page reload cannot."""
    job = access.request_to_cancel_for_user(request.user, request_id)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        context = _detail_context(request, job)
        if not context["cancellable"]:
            messages.error(request, _("This request can no longer be cancelled."))
            return redirect("interpreting:request", job.pk)
        return render(request, "interpreting/request_cancel.html", context)
    try:
        job = requests_service.request_cancel(request=job, by=request.user)
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
def request_book(request, request_id: int) -> HttpResponse:
    """Book an interpreter for a request by hand; a conflict is a message, never a 500."""
    access.dispatcher_for_user(request.user)
    job = access.request_for_user(request.user, request_id)
    if refused := post_after_access(request):
        return refused
    form = InterpreterChoiceForm(request.POST, queryset=selectors.interpreters_for_language(job.language_id))
    if not form.is_valid():
        return render(
            request, "interpreting/request_detail.html", _detail_context(request, job, booking_form=form), status=400
        )
    interpreter = form.cleaned_data["interpreter"]
    try:
        requests_service.booking_create(request=job, interpreter=interpreter, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is booked.") % {"name": str(interpreter)})
    return redirect("interpreting:request", job.pk)


@login_required
def request_list(request) -> HttpResponse:
    """Every organisation's requests, by organisation, status, language and week."""
    access.dispatcher_for_user(request.user)
    form = RequestFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data["status"],
            "week": data["week"],
            "organisation_search": data["organisation"],
            "language": data["language"],
        }
    rows = selectors.requests_filtered(access.requests_for_user(request.user), **filters).order_by("starts_at", "id")
    # Not counted: a page and one row more, so the page costs the same however many requests.
    paged = uncounted_page(request, rows, request.GET.dict())
    paged["rows"] = [(job, live(job)) for job in paged["page"].object_list]
    return render(request, "interpreting/request_list.html", {"form": form, **paged})
