"""The frozen editions of a year's annual report: the list (and freezing the next, in the
background), an edition with its digests, its published files and how the live figures
differ from it now, and the files themselves (rendered again from the edition: the same
bytes every time)."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.core.access import may
from haven.core.http import AuthenticatedHttpRequest
from haven.jobs.services import job_start
from haven.jobs.views import job_redirect
from haven.reports import tasks
from haven.reports.access import EDITION_FREEZE_PERMISSION, editions_for_user, may_list_records
from haven.reports.exports import EXPORT_FORMATS
from haven.reports.exports.services import document_language
from haven.reports.models import ReportEdition
from haven.reports.views import valid_year

FREEZE_KIND = "reports.annual_freeze"
FREEZE_TITLE = "Freezing an edition of the annual report"


@login_required
@require_http_methods(["GET", "POST"])
def editions(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """The year's editions, newest first; POST freezes the next (the manager)."""
    year = valid_year(year)
    if request.method == "POST":
        editions_for_user(request.user, freeze=True)
        job = job_start(
            task=tasks.annual_report_freeze, kind=FREEZE_KIND, title=FREEZE_TITLE, by=request.user, year=year
        )
        return job_redirect(request, job)
    editions_for_user(request.user)
    listed = ReportEdition.objects.filter(year=year).select_related("frozen_by").defer("document", "records")
    return render(
        request,
        "reports/editions.html",
        {"year": year, "editions": listed, "may_freeze": may(request.user, EDITION_FREEZE_PERMISSION)},
    )


def _edition_or_404(year: int, number: int, *, full: bool = True) -> ReportEdition:
    editions = ReportEdition.objects.select_related("frozen_by")
    if not full:
        editions = editions.defer("records")
    return get_object_or_404(editions, year=year, number=number)


@login_required
@require_GET
def edition(request: AuthenticatedHttpRequest, year: int, number: int) -> HttpResponse:
    """An edition: who froze it and when, whether it is intact, its files, and the live
    figures that differ from it now with the records that entered or left them."""
    from haven.reports.editions import edition_changes, edition_intact  # the exports load on demand

    editions_for_user(request.user)
    year = valid_year(year)
    frozen = _edition_or_404(year, number)
    context: dict[str, Any] = {
        "year": year,
        "edition": frozen,
        "intact": edition_intact(frozen),
        "changes": edition_changes(frozen, document_language(translation.get_language())),
        "may_list": may_list_records(request.user),
        "languages": settings.LANGUAGES,
        "formats": ("pdf", "xlsx", "csv", "json"),
    }
    return render(request, "reports/edition.html", context)


class EditionExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=[(key, key) for key in EXPORT_FORMATS])


@login_required
@require_POST
def edition_export(request: AuthenticatedHttpRequest, year: int, number: int) -> HttpResponse:
    """Start making a published file of the edition (a background job, as the live report's
    exports: a PDF takes seconds); the reader follows the job to the download."""
    from haven.reports.exports.services import export_start

    editions_for_user(request.user)
    year = valid_year(year)
    frozen = _edition_or_404(year, number, full=False)
    form = EditionExportForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/export_refused.html", {"year": year}, status=400)
    with translation.override(form.cleaned_data["language"]):
        job = export_start(year=year, export=form.cleaned_data["format"], by=request.user, edition=frozen.number)
    return job_redirect(request, job)
