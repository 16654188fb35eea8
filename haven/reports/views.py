"""The annual report page shows the year's kept render (``ReportRender``), counted by a
background job: a visit starts one when the figures are missing or older than
``HAVEN_REPORT_MAX_AGE`` minutes, "Recalculate" starts one at once. The page always says
when its figures were counted. The API and ``haven report`` count when asked."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_POST

from haven.core.access import may
from haven.core.http import AuthenticatedHttpRequest
from haven.jobs.views import job_redirect
from haven.reports.access import EDITION_READ_PERMISSION, NARRATIVE_WRITE_PERMISSION, report_for_user
from haven.reports.models import ReportRender
from haven.reports.narrative import narrative_for
from haven.reports.registry import report_years
from haven.reports.selectors import (
    render_failed,
    render_for,
    render_running,
    render_sections,
    render_stale,
    render_wanted,
    report_max_age,
)
from haven.reports.services import render_start, report_charts

FIRST_YEAR = 2000


def valid_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _language() -> str:
    return translation.get_language() or "nl"


def _render_context(kept: ReportRender | None, *, shown: bool) -> dict:
    return {
        "render": kept,
        "running": render_running(kept),
        "failed": render_failed(kept),
        "shown": shown,
        "max_age_minutes": int(report_max_age().total_seconds() // 60),
    }


def _years(viewed: int) -> list[int]:
    """The years the menu offers, newest first: from the first year with records (or the
    year viewed, if earlier) to the current one; a year between without records is a year of
    zeros, not a gap."""
    current = timezone.localdate().year
    recorded = [year for year in report_years().any if FIRST_YEAR <= year <= current]
    first = min([*recorded, viewed])
    return list(range(current, first - 1, -1))


def latest_year() -> int:
    """The year the report opens on: the last complete year with records of every main flow
    (newcomers, civic integration, courses, interpreting: a year the whole report is about),
    else the last complete year with any records, else last year."""
    current = timezone.localdate().year
    years = report_years()
    for candidates in (years.every, years.any):
        complete = [year for year in candidates if FIRST_YEAR <= year < current]
        if complete:
            return complete[0]
    return current - 1


def _sections_shown(kept: ReportRender, year: int) -> list:
    """The kept tables with each section's narrative and the charts drawn with the render."""
    report = kept.report or {}
    charts = report.get("charts")
    if charts is None:  # a render kept before its charts were: drawn now, until counted again
        charts = report_charts(report, _language())
    return render_sections(kept, narrative=narrative_for(year, _language()), charts=charts)


@login_required
def annual_latest(request: HttpRequest) -> HttpResponse:
    report_for_user(request.user)
    return redirect("reports:annual", year=latest_year())


@login_required
@require_GET
def annual(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    report_for_user(request.user)
    year = valid_year(year)
    kept = render_for(year, _language())
    if render_wanted(kept):
        kept = render_start(year=year, language=_language(), by=request.user)
    has_figures = kept is not None and kept.report is not None
    return render(
        request,
        "reports/annual.html",
        {
            "year": year,
            "sections": _sections_shown(kept, year) if has_figures and kept else [],
            "stale": render_stale(kept),
            "years": _years(year),
            "may_write_text": may(request.user, NARRATIVE_WRITE_PERMISSION),
            "may_see_editions": may(request.user, EDITION_READ_PERMISSION),
            **_render_context(kept, shown=has_figures),
        },
    )


@login_required
@require_GET
def annual_render(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """The render's state, polled by the page while a job counts (htmx). A page without
    figures reloads itself when they are there; a page with older figures offers the new."""
    report_for_user(request.user)
    year = valid_year(year)
    shown = request.GET.get("shown", "0")
    if shown not in ("0", "1"):
        return HttpResponse(status=400)
    kept = render_for(year, _language())
    if shown == "0" and kept is not None and kept.report is not None and request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "reports/_render.html", {"year": year, **_render_context(kept, shown=shown == "1")})


@login_required
@require_POST
def annual_recalculate(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """Count the year again now; the user follows the job, then reads the page."""
    report_for_user(request.user)
    year = valid_year(year)
    kept = render_start(year=year, language=_language(), by=request.user, again=True)
    if kept.job is not None and kept.job.started_by_id == request.user.pk:
        return job_redirect(request, kept.job)
    return redirect("reports:annual", year=year)  # somebody else's job runs: the page follows it
