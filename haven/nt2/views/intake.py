"""A person's NT2 intake file: the page, the purpose it is opened for, and the address
that brings the user back to it."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from haven.core.models import AccessPurpose
from haven.nt2 import access, selectors
from haven.nt2.explanation import missing_words, reason_words
from haven.nt2.forms import (
    CertificationForm,
    ConversationForm,
    EnrolmentForm,
    RoutingDecideForm,
    ScholarshipForm,
    TestForm,
)
from haven.nt2.models import (
    ENROLMENT_MOVES,
    Aptitude,
    EnrolmentStatus,
    Level,
    Module,
    Provider,
    ProviderKind,
    ScholarshipFund,
    Skill,
    TestKind,
)
from haven.nt2.services import JOIN_AFTER_START  # modules still open to join: the service's rule
from haven.people.purpose import page_purpose, with_purpose

# The order of the buttons that move an enrolment on.
MOVE_ORDER = [EnrolmentStatus.CONFIRMED, EnrolmentStatus.STARTED, EnrolmentStatus.FINISHED, EnrolmentStatus.DROPPED]


def intake_purpose(request) -> str:
    """Why the intake file is opened or changed: the purpose in the URL (remembered for the
    next question) or posted with a change, else "Dutch intake and routing" where the
    user's roles may give it."""
    return page_purpose(request, AccessPurpose.LANGUAGE)


def person_url(person_id: int, purpose: str, anchor: str = "") -> str:
    """The intake file, opened for ``purpose``, at ``anchor``."""
    return with_purpose(reverse("nt2:person", args=[person_id]), purpose) + (f"#{anchor}" if anchor else "")


def open_modules(today: date) -> list[Module]:
    """Modules a person can be enrolled at, with ``taken``: one query."""
    queryset = Module.objects.filter(starts_on__gte=today - JOIN_AFTER_START, provider__active=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return list(selectors.modules_with_places(queryset).order_by("starts_on", "provider__name", "level", "id"))


def with_places(modules: list[Module]) -> list[Module]:
    return [module for module in modules if module.places > module.taken]  # type: ignore[attr-defined]  # modules_with_places annotates taken


def _bound_or_new(bound: dict, name: str, prefix: str, build: Callable[[str], forms.Form]) -> forms.Form:
    """The form the user just posted (with its errors) if it has this prefix, else a new one."""
    form = bound.get(name)
    return form if form is not None and form.prefix == prefix else build(prefix)


def _routing_rows(file: Any, may: dict[str, bool], bound: dict, providers: list, modules: list) -> list[dict]:
    """Each routing with its reasons and missing facts in words, and the form to decide
    it where the user may and it is still open."""
    rows = []
    for routing in file.routings:
        row: dict[str, Any] = {
            "routing": routing,
            "reasons": [reason_words(item.get("code", ""), item.get("facts", {})) for item in routing.reasons],
            "missing": [missing_words(name) for name in routing.missing],
        }
        if may["change_routing"] and not routing.decided and not routing.superseded:
            row["form"] = _bound_or_new(
                bound,
                "decide",
                f"decide-{routing.pk}",
                lambda prefix: RoutingDecideForm(prefix=prefix, providers=providers, modules=modules),
            )
        rows.append(row)
    return rows


def _forms(file: Any, may: dict[str, bool], bound: dict, today: date, modules: list, free_modules: list) -> dict:
    """The forms of the changes the user may make, the one just posted with its errors."""
    context: dict[str, Any] = {}
    if may["add_conversation"]:
        context["conversation_form"] = bound.get("conversation") or ConversationForm(prefix="conversation")
    if may["add_languagetest"]:
        context["test_form"] = bound.get("test") or TestForm(prefix="test", conversations=file.conversations)
    if may["add_enrolment"]:
        context["enrolment_form"] = bound.get("enrolment") or EnrolmentForm(
            prefix="enrolment",
            modules=free_modules,
            open_modules=modules,
            routings=file.routings,
            enrolled_modules=[
                enrolment.module_id for enrolment in file.enrolments if enrolment.status != EnrolmentStatus.DROPPED
            ],
        )
    if may["add_scholarship"]:
        funds = list(ScholarshipFund.objects.filter(active=True, year=today.year))
        context["scholarship_form"] = bound.get("scholarship") or ScholarshipForm(
            prefix="scholarship",
            funds=funds,
            modules=[module for module in free_modules if module.provider.kind == ProviderKind.UCT],
        )
    if may["add_certificationtest"]:
        context["certification_form"] = bound.get("certification") or CertificationForm(prefix="certification")
    return context


def person_page(
    request: HttpRequest,
    person_id: int,
    *,
    bound: dict | None = None,
    errors: Any = (),
    unmet: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The intake file: read through the access function (logged), then a fixed number of
    queries whatever the number of records (the file's seven, open modules, languages,
    providers, funds)."""
    bound = bound or {}
    user = request.user
    purpose = intake_purpose(request)
    person = access.intake_person_for_user(user, person_id, purpose=purpose)
    today = timezone.localdate()
    file = selectors.intake_file(person.pk)
    may = access.intake_changes(user)
    modules = open_modules(today) if (may["add_enrolment"] or may["change_routing"] or may["add_scholarship"]) else []
    free_modules = with_places(modules)
    providers = list(Provider.objects.filter(active=True)) if may["change_routing"] else []
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
        "purpose_label": AccessPurpose(purpose).label,
        "today": today,
        "may": may,
        "levels": [(label, Level(levels[skill]).label if skill in levels else None) for skill, label in Skill.choices],
        "aptitude": Aptitude(file.aptitude).label if file.aptitude else None,
        "routings": _routing_rows(file, may, bound, providers, free_modules),
        "enrolments": enrolments,
        "errors": list(errors),
        "unmet": unmet,
        "level_kind": TestKind.LEVEL,
        **_forms(file, may, bound, today, modules, free_modules),
    }
    return render(request, "nt2/person.html", context, status=status)


@login_required
def person(request, person_id: int) -> HttpResponse:
    """A person's NT2 intake file: levels and pace, conversations, tests, routings with
    their reasons, enrolments, scholarships and certification tests, and the forms."""
    return person_page(request, person_id)
