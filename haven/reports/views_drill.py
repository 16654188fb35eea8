"""The page behind a figure of the annual report: the figure as counted now, its section's
definition and, for a reader who may list records, the records behind it (a page at a time,
people narrowed by the policy and traced as listed)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from haven.core.http import AuthenticatedHttpRequest
from haven.core.pagination import paginate
from haven.people.access import VIEW_PERMISSION, people_shown, people_visible
from haven.people.models import Person
from haven.people.policy import related_people_q
from haven.reports.access import editions_for_user, may_list_records, report_for_user
from haven.reports.drilldown import cell_or_404, drill_rows, section_or_404
from haven.reports.models import ReportEdition
from haven.reports.views import valid_year


def _since_edition(request: AuthenticatedHttpRequest, cell: Any) -> tuple[Any, list[int], int] | None:
    """With ``?edition=N``: the edition, the records that entered the cell or changed their
    value since it, and how many left it; None without the parameter; 404 for a bad one."""
    number = request.GET.get("edition")
    if number is None:
        return None
    from haven.reports.editions import record_changes

    editions_for_user(request.user)
    if not number.isdigit():
        raise Http404
    edition = get_object_or_404(ReportEdition, year=cell.year, number=int(number))
    added, removed, changed = record_changes(edition, cell.section, cell.table, cell.row_index, cell.column)
    return edition, added + changed, len(removed)


def _records_context(request: AuthenticatedHttpRequest, cell: Any) -> dict[str, Any]:
    """One page of the records behind the cell, people narrowed to whom the reader may open
    (and, without the permission to read people, none of them), each person on it traced.
    With ``?edition=N`` only the records that entered the figure or changed since then."""
    drill = cell.drill
    rows = drill_rows(drill)
    since = _since_edition(request, cell)
    if since is not None:
        rows = rows.filter(pk__in=since[1])
    person_field = None if drill.person is None else ("pk" if drill.person == "pk" else "person_ref")
    narrowed = person_field is not None and (
        not request.user.has_perm(VIEW_PERMISSION) or related_people_q(request.user) is not None
    )
    total = rows.count() if narrowed else None  # the list's own count is the figure's otherwise
    if narrowed:
        rows = (
            people_visible(rows, request.user, person_field=drill.person)
            if request.user.has_perm(VIEW_PERMISSION)
            else rows.none()
        )
    query = {"row": request.GET.get("row"), "column": cell.column, "edition": request.GET.get("edition")}
    context = paginate(request, rows, query)
    if since is not None:
        context.update({"edition": since[0], "left": since[2]})
    page = context["page"]
    people: dict[int, Person] = {}
    if person_field is not None:
        ids = [getattr(record, person_field) for record in page.object_list]
        people = Person.objects.only("id", "given_names", "family_name").in_bulk([i for i in ids if i is not None])
        people_shown(request.user, people.keys())
    context["entries"] = [
        {
            "record": record,
            "person": people.get(getattr(record, person_field)) if person_field else None,
            "value": getattr(record, "value", None),
        }
        for record in page.object_list
    ]
    context["hidden"] = (total or 0) - page.paginator.count if narrowed else 0
    if drill.total_of is not None:
        context["sum"] = rows.aggregate(total=Sum(drill.total_of))["total"] or 0
    context["people"] = person_field is not None
    context["person_records"] = drill.person == "pk"
    return context


@login_required
@require_GET
def figure_records(request: AuthenticatedHttpRequest, year: int, key: str) -> HttpResponse:
    """``?row=<index>|total&column=<key>``: the figure, its definition and its records."""
    report_for_user(request.user)
    year = valid_year(year)
    section = section_or_404(key)
    row, column = request.GET.get("row", ""), request.GET.get("column", "")
    if not row or not column:
        return HttpResponse(_("Which figure? The address names no row and column."), status=400)
    cell = cell_or_404(section, year, row, column)
    context: dict[str, Any] = {"cell": cell, "year": year, "may_list": may_list_records(request.user)}
    if cell.drill is not None and context["may_list"]:
        context.update(_records_context(request, cell))
    return render(request, "reports/records.html", context)
