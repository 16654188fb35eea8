from ninja import Router

from haven.reports.registry import annual_report
from haven.reports.views import report_for_user, valid_year

router = Router(tags=["reports"])


@router.get("/annual/{year}", summary="The annual report of a year, counted from the records")
def annual(request, year: int) -> dict:
    report_for_user(request.auth)
    return annual_report(valid_year(year))
