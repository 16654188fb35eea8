"""The changes made on a person's intake file: conversations, tests, routing, enrolments,
scholarships and certification tests. Each checks the model's permission through
``nt2.access``, writes through ``nt2.services`` (which log it with the purpose posted)
and goes back to the file, or shows it again with the form's errors."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.core.forms import service_error_to_form
from haven.nt2 import access, services
from haven.nt2.forms import (
    CertificationForm,
    ConversationForm,
    EnrolmentForm,
    RoutingDecideForm,
    ScholarshipForm,
    TestForm,
)
from haven.nt2.models import Conversation, Enrolment, EnrolmentStatus, Provider, ProviderKind, Routing, ScholarshipFund
from haven.nt2.views.intake import intake_purpose, open_modules, person_page, person_url, with_places
from haven.people.models import Person


def _writer(request, person_id: int, permission: str) -> Person:
    return access.intake_person_for_user(
        request.user, person_id, permission=permission, write=True, purpose=intake_purpose(request)
    )


def _change(
    request: HttpRequest,
    person_id: int,
    form: forms.BaseForm,
    name: str,
    write: Callable[[Any], Any],
    success: str,
    anchor: str,
    rename: dict[str, str] | None = None,
) -> HttpResponse:
    """The shape of every change on the intake page: a valid form goes to the service
    (``write(form)``; a string it returns is the message, else ``success``); on success
    back to the page, on a refusal the page again with the form, its errors and status 400."""
    if form.is_valid():
        try:
            result = write(form)
        except ValidationError as error:
            service_error_to_form(form, error, rename)
        else:
            messages.success(request, result if isinstance(result, str) else success)
            return redirect(person_url(person_id, intake_purpose(request), anchor))
    return person_page(request, person_id, bound={name: form}, status=400)


@login_required
@require_POST
def conversation_add(request, person_id: int) -> HttpResponse:
    person = _writer(request, person_id, "nt2.add_conversation")
    form = ConversationForm(request.POST, prefix="conversation")
    return _change(
        request,
        person.pk,
        form,
        "conversation",
        lambda form: services.conversation_create(
            person=person,
            values=form.values(),
            languages=form.cleaned_data["languages"],
            by=request.user,
            purpose=intake_purpose(request),
        ),
        _("The conversation is saved."),
        "conversations",
    )


@login_required
@require_POST
def test_add(request, person_id: int) -> HttpResponse:
    person = _writer(request, person_id, "nt2.add_languagetest")
    conversations = list(Conversation.objects.filter(person=person))
    form = TestForm(request.POST, prefix="test", conversations=conversations)
    return _change(
        request,
        person.pk,
        form,
        "test",
        lambda form: services.language_test_record(
            person=person, values=form.values(), by=request.user, purpose=intake_purpose(request)
        ),
        _("The test is saved."),
        "tests",
    )


@login_required
@require_POST
def routing_propose(request, person_id: int) -> HttpResponse:
    """Ask the routing engine for a proposal from the facts recorded now."""
    person = _writer(request, person_id, "nt2.add_routing")
    routing = services.routing_propose(
        person=person, by=request.user, on=timezone.localdate(), purpose=intake_purpose(request)
    )
    if routing.missing:
        messages.warning(request, _("The routing cannot be decided yet: facts are missing."))
    else:
        messages.success(request, _("The routing is proposed."))
    return redirect(person_url(person.pk, intake_purpose(request), f"routing-{routing.pk}"))


@login_required
@require_POST
def routing_decide(request, routing_id: int) -> HttpResponse:
    """The staff's choice: the proposed module (a button), or another provider or module
    with a reason (the service refuses another choice without one)."""
    purpose = intake_purpose(request)
    routing = access.record_for_user(
        request.user, Routing, routing_id, write=True, related=("proposed_module__provider",), purpose=purpose
    )
    if request.POST.get("accept") and routing.proposed_module_id:
        try:
            services.routing_decide(
                routing=routing,
                by=request.user,
                on=timezone.localdate(),
                module=routing.proposed_module,
                purpose=purpose,
            )
        except ValidationError as error:
            return person_page(request, routing.person_id, errors=error.messages, status=400)
        messages.success(request, _("The proposal is accepted: the enrolment form opens on its module."))
        return redirect(person_url(routing.person_id, purpose, "enrolments"))
    today = timezone.localdate()
    module_chosen = bool(request.POST.get(f"decide-{routing.pk}-module"))
    form = RoutingDecideForm(
        request.POST,
        prefix=f"decide-{routing.pk}",
        providers=list(Provider.objects.filter(active=True)),
        modules=with_places(open_modules(today)),
    )
    return _change(
        request,
        routing.person_id,
        form,
        "decide",
        lambda form: services.routing_decide(
            routing=routing,
            by=request.user,
            on=today,
            provider=form.picked("provider"),
            module=form.picked("module"),
            reason=form.cleaned_data["reason"],
            purpose=purpose,
        ),
        _("The choice is saved: the enrolment form opens on its module.")
        if module_chosen
        else _("The choice is saved."),
        "enrolments" if module_chosen else f"routing-{routing.pk}",
        rename={"override_reason": "reason", "chosen_provider": "provider", "chosen_module": "module"},
    )


@login_required
@require_POST
def enrolment_add(request, person_id: int) -> HttpResponse:
    person = _writer(request, person_id, "nt2.add_enrolment")
    modules = open_modules(timezone.localdate())
    routings = list(Routing.objects.filter(person=person))
    form = EnrolmentForm(request.POST, prefix="enrolment", modules=modules, open_modules=modules, routings=routings)
    return _change(
        request,
        person.pk,
        form,
        "enrolment",
        lambda form: services.enrolment_create(
            person=person,
            module=form.picks["module"][form.cleaned_data["module"]],
            by=request.user,
            requested_on=form.cleaned_data["requested_on"],
            routing=form.picked("routing"),
            purpose=intake_purpose(request),
        ),
        _("The enrolment is requested."),
        "enrolments",
    )


@login_required
@require_POST
def enrolment_status(request, enrolment_id: int) -> HttpResponse:
    """Move an enrolment on (confirmed, started, finished, dropped out), today."""
    purpose = intake_purpose(request)
    enrolment = access.record_for_user(request.user, Enrolment, enrolment_id, write=True, purpose=purpose)
    status = request.POST.get("status", "")
    if status not in EnrolmentStatus.values:
        return person_page(request, enrolment.person_id, errors=[_("Choose a status.")], status=400)
    try:
        services.enrolment_status_set(
            enrolment=enrolment, status=status, on=timezone.localdate(), by=request.user, purpose=purpose
        )
    except ValidationError as error:
        return person_page(request, enrolment.person_id, errors=error.messages, status=400)
    messages.success(request, _("The enrolment is now “%(status)s”.") % {"status": EnrolmentStatus(status).label})
    return redirect(person_url(enrolment.person_id, purpose, "enrolments"))


@login_required
@require_POST
def scholarship_add(request, person_id: int) -> HttpResponse:
    """Check the conditions of a grant (``action=check``: the unmet ones are shown) or
    grant it (the service checks them again, under a lock on the fund)."""
    person = _writer(request, person_id, "nt2.add_scholarship")
    today = timezone.localdate()
    funds = list(ScholarshipFund.objects.filter(active=True, year=today.year))
    modules = [module for module in open_modules(today) if module.provider.kind == ProviderKind.UCT]
    form = ScholarshipForm(request.POST, prefix="scholarship", funds=funds, modules=modules)
    if request.POST.get("action") == "check":
        if not form.is_valid():
            return person_page(request, person.pk, bound={"scholarship": form}, status=400)
        unmet = services.scholarship_unmet(
            person=person, fund=form.picked("fund"), module=form.picked("module"), on=today
        )
        return person_page(request, person.pk, bound={"scholarship": form}, unmet=unmet)
    return _change(
        request,
        person.pk,
        form,
        "scholarship",
        lambda form: services.scholarship_grant(
            person=person,
            fund=form.picked("fund"),
            module=form.picked("module"),
            on=today,
            by=request.user,
            purpose=intake_purpose(request),
        ),
        _("The scholarship is granted. The grant letter is ready."),
        "scholarships",
    )


@login_required
@require_POST
def certification_add(request, person_id: int) -> HttpResponse:
    person = _writer(request, person_id, "nt2.add_certificationtest")
    form = CertificationForm(request.POST, prefix="certification")

    def write(form: CertificationForm) -> str:
        test = services.certification_record(
            person=person, values=form.cleaned_data, by=request.user, purpose=intake_purpose(request)
        )
        if test.contract_id:
            return _("The certification test is saved. It satisfies the NT2 condition of the integration contract.")
        if test.passed:
            return _("The certification test is saved; the level is reached.")
        return _("The certification test is saved; the level is not reached.")

    return _change(request, person.pk, form, "certification", write, "", "certifications")
