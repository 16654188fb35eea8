from typing import Any

from ninja import Router

from haven.core.api import problems
from haven.reports.access import report_for_user
from haven.reports.registry import annual_report
from haven.reports.views import valid_year

router = Router(tags=["reports"])


@router.get(
    "/annual/{year}",
    response={200: dict[str, Any], **problems(404, 422)},
    summary="The annual report of a year, counted from the records",
)
def annual(request, year: int) -> dict:
    report_for_user(request.auth)
    return annual_report(valid_year(year))
