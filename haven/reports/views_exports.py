"""The annual report's exports from its page: a button POSTs the format, a background job
makes the file (``haven.reports.exports.services``) and the reader follows it on the job's
page, which sends them to the download when it is done. The file is theirs only: anyone
else gets a 404, as for the job itself."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from haven.core.http import AuthenticatedHttpRequest
from haven.jobs.access import job_for_user
from haven.jobs.views import job_redirect
from haven.reports.access import report_for_user
from haven.reports.exports.services import export_file, export_start
from haven.reports.views import valid_year

FORMAT_CHOICES = [("pdf", "PDF"), ("xlsx", "Excel"), ("csv", "CSV (zip)"), ("json", "JSON")]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)


@login_required
@require_POST
def annual_export(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Start making the year's report as a file; the reader follows the job."""
    report_for_user(request.user)
    year = valid_year(year)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return render(request, "reports/export_refused.html", {"year": year}, status=400)
    job = export_start(year=year, export=form.cleaned_data["format"], by=request.user)
    return job_redirect(request, job)


@login_required
@require_GET
def annual_export_download(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponseBase:
    """The file an export job made, for the reader who started it (404 for anyone else)."""
    report_for_user(request.user)
    kept = export_file(job_for_user(request.user, job_id))
    response = FileResponse(
        default_storage.open(kept.path, "rb"),
        as_attachment=True,
        filename=kept.filename,
        content_type=kept.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
