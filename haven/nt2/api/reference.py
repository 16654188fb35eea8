"""Reference data: the course modules with their places left, and the scholarship funds."""

from datetime import date

from django.db.models import Count
from ninja import Router

from haven.core.api import Year, page_of, problems
from haven.nt2 import access, selectors
from haven.nt2.api.schemas import FundOut, ModulePage, fund_out, module_out
from haven.nt2.models import Module, Pace, ProviderKind, ScholarshipFund

router = Router()


@router.get(
    "/modules", response={200: ModulePage, **problems(422)}, summary="List course modules (paginated) with places left"
)
def module_list(
    request,
    level: str = "",
    pace: Pace | None = None,
    provider_kind: ProviderKind | None = None,
    starts_from: date | None = None,
    page: int = 1,
):
    access.nt2_for_user(request.auth, "nt2.view_module")
    queryset = Module.objects.all()
    if level:
        queryset = queryset.filter(level=level)
    if pace:
        queryset = queryset.filter(pace=pace)
    if provider_kind:
        queryset = queryset.filter(provider__kind=provider_kind)
    if starts_from:
        queryset = queryset.filter(starts_on__gte=starts_from)
    meta, current = page_of(
        selectors.modules_with_places(queryset).order_by("starts_on", "provider__name", "level", "id"), page
    )
    return ModulePage(**meta, items=[module_out(module) for module in current])


@router.get(
    "/funds",
    response={200: list[FundOut], **problems(422)},
    summary="Scholarship funds of a year: budget, granted, left",
)
def fund_list(request, year: Year | None = None):
    access.nt2_for_user(request.auth, "nt2.view_scholarshipfund")
    funds = ScholarshipFund.objects.annotate(granted=Count("grants"))
    if year is not None:
        funds = funds.filter(year=year)
    return [fund_out(fund) for fund in funds]
