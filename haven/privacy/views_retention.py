"""The privacy officer's page of the retention registry: what every app keeps and for how
long, what is due for anonymisation today (record types with their counts, the people by
file number), the runs so far, and the confirmation that starts a run (the first one, before
the daily job may run at all, and any later one)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from haven.core.access import require_permission
from haven.core.http import AuthenticatedHttpRequest
from haven.core.pagination import paginate
from haven.core.retention import Retention, field_at, retention_for, retentions
from haven.jobs.services import job_start
from haven.jobs.views import job_redirect
from haven.privacy.anonymise import anonymisation_due
from haven.privacy.models import AnonymisationRun
from haven.privacy.retention_tasks import anonymise_confirmed, first_run_confirmed

PEOPLE_PAGE_SIZE = 100


class AnonymiseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read what is due and confirm that it is anonymised now. This cannot be undone."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )


def _field_names(declaration: Retention, names: tuple[str, ...]) -> list[str]:
    model = declaration.model_class
    return [str(field_at(model, name).verbose_name) for name in names]


def _start_name(declaration: Retention) -> str:
    return str(declaration.start_field().verbose_name)


def _rows(due_records: dict[str, int]) -> list[dict]:
    rows = []
    for declaration in retentions():
        meta = declaration.model_class._meta
        rows.append(
            {
                "key": declaration.key,
                "name": meta.verbose_name_plural,
                "app": meta.app_config.verbose_name,
                "start": _start_name(declaration),
                "years": declaration.period_years,
                "default_years": declaration.years,
                "legal": declaration.legal,
                "erased": _field_names(declaration, declaration.erase),
                "deleted": declaration.delete,
                "pseudonymous": declaration.kind == "pseudonymous",
                "keeps": declaration.keeps,
                "due": due_records.get(declaration.key, 0),
            }
        )
    return rows


@login_required
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_permission(request.user, "privacy.view_anonymisationrun")
    today = timezone.localdate()
    form = AnonymiseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require_permission(request.user, "privacy.add_anonymisationrun")
        if form.is_valid():
            job = job_start(
                task=anonymise_confirmed,
                kind="anonymise",
                title=gettext_noop("Anonymisation"),
                by=request.user,
                as_of=today.isoformat(),
            )
            return job_redirect(request, job)
    due = anonymisation_due(today)
    people = paginate(request, due.persons, {}, size=PEOPLE_PAGE_SIZE)
    runs = AnonymisationRun.objects.select_related("by").order_by("-at", "-id")[:20]
    due_types = []
    for key, count in sorted(due.records.items(), key=lambda item: -item[1]):
        declaration = retention_for(key)
        if declaration is not None:
            due_types.append((declaration.model_class._meta.verbose_name_plural, count))
    return render(
        request,
        "privacy/retention.html",
        {
            "today": today,
            "due": due,
            "due_types": due_types,
            "registry": _rows(due.records),
            "runs": runs,
            "form": form,
            "first_run_confirmed": first_run_confirmed(),
            **people,
        },
        status=400 if request.method == "POST" else 200,
    )
