from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from haven.reports.access import report_for_user
from haven.reports.registry import report_sections, report_table

FIRST_YEAR = 2000


def valid_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


@login_required
def annual_latest(request: HttpRequest) -> HttpResponse:
    report_for_user(request.user)
    return redirect("reports:annual", year=timezone.localdate().year - 1)


@login_required
def annual(request: HttpRequest, year: int) -> HttpResponse:
    report_for_user(request.user)
    year = valid_year(year)
    sections = []
    for section in report_sections():
        table = report_table(section, year)
        # Pair each cell with its column, so that years are not printed as numbers (2.019).
        cells = [[(column, cell) for column, cell in zip(table.columns, row, strict=False)] for row in table.rows]
        # The totals go in a last row, each under its own column.
        totals = [table.total.get(column, "") for column in table.columns[1:]] if table.total else None
        sections.append((section, table, cells, totals))
    return render(
        request,
        "reports/annual.html",
        {
            "year": year,
            "sections": sections,
            "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))[:10],
        },
    )
