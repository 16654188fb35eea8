"""Pages of the NT2 line (the "Huis van het Nederlands"): the intake desk, a person's
intake file with its forms, the providers with their modules, the scholarship funds,
the grant letter and the certificate (PDF), and the person-file panel.

Every read of a person's records goes through ``nt2.access`` (logged there with the
purpose "Dutch intake and routing"); every write checks the model's add or change
permission and goes through ``nt2.services``, which log it. URLs carry ids only; the
search on the desk is POSTed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form as _service_error
from haven.core.models import AccessPurpose
from haven.nt2 import access, selectors, services
from haven.nt2.explanation import missing_words, reason_words
from haven.nt2.forms import (
    CertificationForm,
    ConversationForm,
    EnrolmentForm,
    FundYearForm,
    ModuleFilterForm,
    RoutingDecideForm,
    ScholarshipForm,
    SearchForm,
    TestForm,
)
from haven.nt2.models import (
    ENROLMENT_MOVES,
    Aptitude,
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    Level,
    Module,
    Pace,
    Provider,
    ProviderKind,
    Routing,
    Scholarship,
    ScholarshipFund,
    Skill,
    TestKind,
)
from haven.nt2.services import JOIN_AFTER_START  # modules still open to join: the service's rule
from haven.people import access as people_access
from haven.people import selectors as people_selectors
from haven.people.models import Person, file_reference

PAGE_SIZE = 25
SEARCH_LIMIT = 25
DESK_LIST = 10
# The order of the buttons that move an enrolment on.
MOVE_ORDER = [EnrolmentStatus.CONFIRMED, EnrolmentStatus.STARTED, EnrolmentStatus.FINISHED, EnrolmentStatus.DROPPED]


def person_url(person_id: int, anchor: str = "") -> str:
    return reverse("nt2:person", args=[person_id]) + (f"#{anchor}" if anchor else "")


# The desk ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    """The NT2 desk: find a person (POSTed, names never in the URL), today's figures and
    the work waiting: routings not decided and enrolments awaiting the provider's
    confirmation (by file number only; opening one is a logged read)."""
    access.nt2_for_user(request.user)
    today = timezone.localdate()
    form = SearchForm(request.POST if request.method == "POST" else None)
    results, more = None, False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        people_access.people_for_user(request.user)
        found = list(
            people_access.people_visible(people_selectors.person_list(query=form.cleaned_data["q"]), request.user)[
                : SEARCH_LIMIT + 1
            ]
        )
        results, more = found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT
        people_access.people_shown(request.user, [person.pk for person in results])
    undecided = Routing.objects.filter(decided_on__isnull=True, superseded=False)
    requested = Enrolment.objects.filter(status=EnrolmentStatus.REQUESTED)
    context = {
        "form": form,
        "results": results,
        "more": more,
        "today": today,
        "conversations_today": Conversation.objects.filter(held_on=today).count(),
        "undecided_count": undecided.count(),
        "requested_count": requested.count(),
        "undecided": [
            (routing, file_reference(routing.person_id))
            for routing in undecided.order_by("proposed_on", "id")[:DESK_LIST]
        ],
        "requested": [
            (enrolment, file_reference(enrolment.person_id))
            for enrolment in requested.select_related("module__provider").order_by("requested_on", "id")[:DESK_LIST]
        ],
    }
    if request.htmx and not request.htmx.boosted and form.is_bound:
        return render(request, "nt2/_search_results.html", context)
    return render(request, "nt2/home.html", context)


# The intake file --------------------------------------------------------------------------


def _open_modules(today):
    """Modules a person can be enrolled at, with ``taken``: one query."""
    queryset = Module.objects.filter(starts_on__gte=today - JOIN_AFTER_START, provider__active=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return list(selectors.modules_with_places(queryset).order_by("starts_on", "provider__name", "level", "id"))


def _routing_row(routing) -> dict:
    reasons = [reason_words(item.get("code", ""), item.get("facts", {})) for item in routing.reasons]
    missing = [missing_words(name) for name in routing.missing]
    return {"routing": routing, "reasons": reasons, "missing": missing}


def _bound_or_new(bound: dict, name: str, prefix: str, build):
    """The form the user just posted (with its errors) if it has this prefix, else a new one."""
    form = bound.get(name)
    return form if form is not None and form.prefix == prefix else build(prefix)


def _person_page(request, person_id: int, *, bound: dict | None = None, errors=(), unmet=None, status: int = 200):
    """The intake file: read through the access function (logged), then a fixed number of
    queries whatever the number of records (the file's seven, open modules, languages,
    providers, funds)."""
    bound = bound or {}
    user = request.user
    purpose = people_access.purpose_or_default(user, request.GET.get("purpose"), AccessPurpose.LANGUAGE)
    person = access.intake_person_for_user(user, person_id, purpose=purpose)
    today = timezone.localdate()
    file = selectors.intake_file(person.pk)
    may = {
        name: user.has_perm(f"nt2.{name}")
        for name in (
            "add_conversation",
            "add_languagetest",
            "add_routing",
            "change_routing",
            "add_enrolment",
            "change_enrolment",
            "add_scholarship",
            "add_certificationtest",
        )
    }
    modules = _open_modules(today) if (may["add_enrolment"] or may["change_routing"] or may["add_scholarship"]) else []
    with_places = [module for module in modules if module.places > module.taken]
    providers = list(Provider.objects.filter(active=True)) if may["change_routing"] else []

    routings = []
    for routing in file.routings:
        row = _routing_row(routing)
        if may["change_routing"] and not routing.decided and not routing.superseded:
            row["form"] = _bound_or_new(
                bound,
                "decide",
                f"decide-{routing.pk}",
                lambda prefix: RoutingDecideForm(prefix=prefix, providers=providers, modules=with_places),
            )
        routings.append(row)
    enrolments = [
        (
            enrolment,
            [(move, move.label) for move in MOVE_ORDER if move in ENROLMENT_MOVES[EnrolmentStatus(enrolment.status)]],
        )
        for enrolment in file.enrolments
    ]
    levels = file.levels
    context = {
        "person": person,
        "file": file,
        "purpose": purpose,
        "today": today,
        "may": may,
        "levels": [(label, Level(levels[skill]).label if skill in levels else None) for skill, label in Skill.choices],
        "aptitude": Aptitude(file.aptitude).label if file.aptitude else None,
        "routings": routings,
        "enrolments": enrolments,
        "errors": list(errors),
        "unmet": unmet,
        "level_kind": TestKind.LEVEL,
    }
    if may["add_conversation"]:
        context["conversation_form"] = bound.get("conversation") or ConversationForm(prefix="conversation")
    if may["add_languagetest"]:
        context["test_form"] = bound.get("test") or TestForm(prefix="test", conversations=file.conversations)
    if may["add_enrolment"]:
        context["enrolment_form"] = bound.get("enrolment") or EnrolmentForm(
            prefix="enrolment", modules=with_places, open_modules=modules, routings=file.routings
        )
    if may["add_scholarship"]:
        funds = list(ScholarshipFund.objects.filter(active=True, year=today.year))
        context["scholarship_form"] = bound.get("scholarship") or ScholarshipForm(
            prefix="scholarship",
            funds=funds,
            modules=[module for module in with_places if module.provider.kind == ProviderKind.UCT],
        )
    if may["add_certificationtest"]:
        context["certification_form"] = bound.get("certification") or CertificationForm(prefix="certification")
    return render(request, "nt2/person.html", context, status=status)


@login_required
def person(request, person_id: int):
    """A person's NT2 intake file: levels and pace, conversations, tests, routings with
    their reasons, enrolments, scholarships and certification tests, and the forms."""
    return _person_page(request, person_id)


def _writer(request, person_id: int, permission: str) -> Person:
    return access.intake_person_for_user(request.user, person_id, permission=permission, write=True)


def _change(request, person_id: int, form, name: str, write, success, anchor: str, rename=None):
    """The shape of every change on the intake page: a valid form goes to the service
    (``write(form)``; a string it returns is the message, else ``success``); on success
    back to the page, on a
    refusal the page again with the form, its errors and status 400."""
    if form.is_valid():
        try:
            result = write(form)
        except ValidationError as error:
            _service_error(form, error, rename)
        else:
            messages.success(request, result if isinstance(result, str) else success)
            return redirect(person_url(person_id, anchor))
    return _person_page(request, person_id, bound={name: form}, status=400)


@login_required
@require_POST
def conversation_add(request, person_id: int):
    person = _writer(request, person_id, "nt2.add_conversation")
    form = ConversationForm(request.POST, prefix="conversation")
    return _change(
        request,
        person.pk,
        form,
        "conversation",
        lambda form: services.conversation_create(
            person=person, values=form.values(), languages=form.cleaned_data["languages"], by=request.user
        ),
        _("The conversation is saved."),
        "conversations",
    )


@login_required
@require_POST
def test_add(request, person_id: int):
    person = _writer(request, person_id, "nt2.add_languagetest")
    conversations = list(Conversation.objects.filter(person=person))
    form = TestForm(request.POST, prefix="test", conversations=conversations)
    return _change(
        request,
        person.pk,
        form,
        "test",
        lambda form: services.test_record(person=person, values=form.values(), by=request.user),
        _("The test is saved."),
        "tests",
    )


@login_required
@require_POST
def routing_propose(request, person_id: int):
    """Ask the routing engine for a proposal from the facts recorded now."""
    person = _writer(request, person_id, "nt2.add_routing")
    routing = services.routing_propose(person=person, by=request.user, on=timezone.localdate())
    if routing.missing:
        messages.warning(request, _("The routing cannot be decided yet: facts are missing."))
    else:
        messages.success(request, _("The routing is proposed."))
    return redirect(person_url(person.pk, f"routing-{routing.pk}"))


@login_required
@require_POST
def routing_decide(request, routing_id: int):
    """The staff's choice: the proposed module (a button), or another provider or module
    with a reason (the service refuses another choice without one)."""
    routing = access.record_for_user(
        request.user, Routing, routing_id, write=True, related=("proposed_module__provider",)
    )
    prefix = f"decide-{routing.pk}"
    if request.POST.get("accept") and routing.proposed_module_id:
        try:
            services.routing_decide(
                routing=routing, by=request.user, on=timezone.localdate(), module=routing.proposed_module
            )
        except ValidationError as error:
            return _person_page(request, routing.person_id, errors=error.messages, status=400)
        messages.success(request, _("The proposal is accepted."))
        return redirect(person_url(routing.person_id, f"routing-{routing.pk}"))
    today = timezone.localdate()
    modules = [module for module in _open_modules(today) if module.places > module.taken]
    form = RoutingDecideForm(
        request.POST, prefix=prefix, providers=list(Provider.objects.filter(active=True)), modules=modules
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
        ),
        _("The choice is saved."),
        f"routing-{routing.pk}",
        rename={"override_reason": "reason", "chosen_provider": "provider", "chosen_module": "module"},
    )


@login_required
@require_POST
def enrolment_add(request, person_id: int):
    person = _writer(request, person_id, "nt2.add_enrolment")
    modules = _open_modules(timezone.localdate())
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
        ),
        _("The enrolment is requested."),
        "enrolments",
    )


@login_required
@require_POST
def enrolment_status(request, enrolment_id: int):
    """Move an enrolment on (confirmed, started, finished, dropped out), today."""
    enrolment = access.record_for_user(request.user, Enrolment, enrolment_id, write=True)
    status = request.POST.get("status", "")
    if status not in EnrolmentStatus.values:
        return _person_page(request, enrolment.person_id, errors=[_("Choose a status.")], status=400)
    try:
        services.enrolment_status_set(enrolment=enrolment, status=status, on=timezone.localdate(), by=request.user)
    except ValidationError as error:
        return _person_page(request, enrolment.person_id, errors=error.messages, status=400)
    messages.success(request, _("The enrolment is now “%(status)s”.") % {"status": EnrolmentStatus(status).label})
    return redirect(person_url(enrolment.person_id, "enrolments"))


@login_required
@require_POST
def scholarship_add(request, person_id: int):
    """Check the conditions of a grant (``action=check``: the unmet ones are shown) or
    grant it (the service checks them again, under a lock on the fund)."""
    person = _writer(request, person_id, "nt2.add_scholarship")
    today = timezone.localdate()
    funds = list(ScholarshipFund.objects.filter(active=True, year=today.year))
    modules = [module for module in _open_modules(today) if module.provider.kind == ProviderKind.UCT]
    form = ScholarshipForm(request.POST, prefix="scholarship", funds=funds, modules=modules)
    if request.POST.get("action") == "check":
        if not form.is_valid():
            return _person_page(request, person.pk, bound={"scholarship": form}, status=400)
        unmet = services.scholarship_unmet(
            person=person, fund=form.picked("fund"), module=form.picked("module"), on=today
        )
        return _person_page(request, person.pk, bound={"scholarship": form}, unmet=unmet)
    return _change(
        request,
        person.pk,
        form,
        "scholarship",
        lambda form: services.scholarship_grant(
            person=person, fund=form.picked("fund"), module=form.picked("module"), on=today, by=request.user
        ),
        _("The scholarship is granted. The grant letter is ready."),
        "scholarships",
    )


@login_required
@require_POST
def certification_add(request, person_id: int):
    person = _writer(request, person_id, "nt2.add_certificationtest")
    form = CertificationForm(request.POST, prefix="certification")

    def write(form):
        test = services.certification_record(person=person, values=form.cleaned_data, by=request.user)
        if test.contract_id:
            return _("The certification test is saved. It satisfies the NT2 condition of the integration contract.")
        if test.passed:
            return _("The certification test is saved; the level is reached.")
        return _("The certification test is saved; the level is not reached.")

    return _change(request, person.pk, form, "certification", write, "", "certifications")


# Documents --------------------------------------------------------------------------------


def _pdf(content: bytes, filename: str) -> HttpResponse:
    """A PDF to download; the file name carries the record's reference, never a name."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def scholarship_letter(request, scholarship_id: int):
    """The grant letter the person takes to the university language centre."""
    from haven.nt2 import documents

    scholarship = access.record_for_user(
        request.user, Scholarship, scholarship_id, related=("fund", "module__provider", "granted_by")
    )
    return _pdf(documents.scholarship_letter_pdf(scholarship), f"beurs-{scholarship.reference}.pdf")


@login_required
def certificate(request, test_id: int):
    """The certificate of a passed certification test."""
    from haven.nt2 import documents

    test = access.record_for_user(request.user, CertificationTest, test_id, related=("contract", "staff"))
    if not test.passed:
        raise Http404
    return _pdf(documents.certificate_pdf(test), f"certificaat-{test.reference}.pdf")


# Providers and funds ----------------------------------------------------------------------


def _page_query(values: dict, page_number: int) -> str:
    return urlencode({**{name: value for name, value in values.items() if value}, "page": page_number})


@login_required
def providers(request):
    """The providers (kind, learner profiles, levels) and their modules starting from
    today with the places left, filtered by level and pace and paginated. Providers are
    reference data (a handful), filtered in Python: JSON lists have no portable lookup."""
    access.nt2_for_user(request.user, "nt2.view_provider")
    form = ModuleFilterForm(request.GET or None)
    level = pace = ""
    page_number = 1
    if form.is_valid():
        level, pace = form.cleaned_data["level"], form.cleaned_data["pace"]
        page_number = form.cleaned_data["page"] or 1
    today = timezone.localdate()
    shown = [
        provider
        for provider in Provider.objects.filter(active=True)
        if (not level or level in provider.levels) and (not pace or pace in provider.paces)
    ]
    modules = Module.objects.filter(starts_on__gte=today, provider__active=True)
    if level:
        modules = modules.filter(level=level)
    if pace:
        modules = modules.filter(pace=pace)
    modules = selectors.modules_with_places(modules).order_by("starts_on", "provider__name", "level", "id")
    page = Paginator(modules, PAGE_SIZE).get_page(page_number)
    for module in page.object_list:
        module.places_left = max(module.places - module.taken, 0)
    for provider in shown:
        provider.pace_labels = [Pace(value).label for value in provider.paces if value in Pace.values]
    filters = {"level": level, "pace": pace}
    return render(
        request,
        "nt2/providers.html",
        {
            "form": form,
            "providers": shown,
            "page": page,
            "today": today,
            "level": level,
            "pace": pace,
            "previous_query": _page_query(filters, page.previous_page_number()) if page.has_previous() else "",
            "next_query": _page_query(filters, page.next_page_number()) if page.has_next() else "",
        },
    )


@login_required
def funds(request):
    """The scholarship funds of a year: budget, granted, left."""
    access.nt2_for_user(request.user, "nt2.view_scholarshipfund")
    year = timezone.localdate().year
    form = FundYearForm(request.GET or None, initial={"year": year})
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    rows = [
        (fund, fund.granted, max(fund.budget - fund.granted, 0))
        for fund in ScholarshipFund.objects.filter(year=year).annotate(granted=Count("grants"))
    ]
    return render(request, "nt2/funds.html", {"form": form, "rows": rows, "year": year})


# The person-file panel --------------------------------------------------------------------


def _count(model, **filters):
    rows = (
        model.objects.filter(person=OuterRef("pk"), **filters)
        .order_by()
        .values("person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def person_panel_context(person, user) -> dict:
    """The "Dutch (NT2)" panel of the person file: two queries whatever the records (the
    tests for the levels and pace, one row of counts). The person file logs its read."""
    tests = list(LanguageTest.objects.filter(person=person).only("kind", "skill", "level", "aptitude", "taken_on"))
    levels = selectors.levels_current(tests)
    aptitude = selectors.aptitude_current(tests)
    last_conversation = Conversation.objects.filter(person=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    counts = (
        Person.objects.filter(pk=person.pk)
        .annotate(
            last_conversation=Subquery(last_conversation),
            conversation_count=_count(Conversation),
            routing_count=_count(Routing),
            undecided_count=_count(Routing, decided_on__isnull=True, superseded=False),
            enrolment_count=_count(
                Enrolment, status__in=[EnrolmentStatus.REQUESTED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.STARTED]
            ),
            scholarship_count=_count(Scholarship),
            certification_count=_count(CertificationTest),
        )
        .values(
            "last_conversation",
            "conversation_count",
            "routing_count",
            "undecided_count",
            "enrolment_count",
            "scholarship_count",
            "certification_count",
        )
        .first()
        or {}
    )
    return {
        "nt2_levels": [
            (label, Level(levels[skill]).label if skill in levels else None) for skill, label in Skill.choices
        ],
        "nt2_aptitude": Aptitude(aptitude).label if aptitude else None,
        "nt2": counts,
    }
