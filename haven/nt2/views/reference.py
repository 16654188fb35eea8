"""Reference data of the NT2 line: the providers with their modules, and the scholarship funds."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.core.pagination import paginate
from haven.nt2 import access, selectors
from haven.nt2.forms import FundYearForm, ModuleFilterForm
from haven.nt2.models import Module, Pace, Provider, ScholarshipFund


@login_required
def providers(request) -> HttpResponse:
    """The providers (kind, learner profiles, levels) and their modules starting from
    today with the places left, filtered by level and pace and paginated. Providers are
    reference data (a handful), filtered in Python: JSON lists have no portable lookup."""
    access.nt2_for_user(request.user, "nt2.view_provider")
    form = ModuleFilterForm(request.GET or None)
    level = pace = ""
    if form.is_valid():
        level, pace = form.cleaned_data["level"], form.cleaned_data["pace"]
    today = timezone.localdate()
    shown = [
        provider
        for provider in Provider.objects.filter(active=True)
        if (not level or level in provider.levels) and (not pace or pace in provider.paces)
    ]
    modules = Module.objects.filter(starts_on__gte=today, provider__active=True)
    if level:
        modules = modules.filter(level=level)
    if pace:
        modules = modules.filter(pace=pace)
    modules = selectors.modules_with_places(modules).order_by("starts_on", "provider__name", "level", "id")
    pages = paginate(request, modules, form)
    for module in pages["page"].object_list:
        module.places_left = max(module.places - module.taken, 0)
    for provider in shown:
        provider.pace_labels = [Pace(value).label for value in provider.paces if value in Pace.values]  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "nt2/providers.html",
        {"form": form, "providers": shown, "today": today, "level": level, "pace": pace, **pages},
    )


@login_required
def funds(request) -> HttpResponse:
    """The scholarship funds of a year: budget, granted, left."""
    access.nt2_for_user(request.user, "nt2.view_scholarshipfund")
    year = timezone.localdate().year
    form = FundYearForm(request.GET or None, initial={"year": year})
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    rows = [
        (fund, fund.granted, max(fund.budget - fund.granted, 0))
        for fund in ScholarshipFund.objects.filter(year=year).annotate(granted=Count("grants"))
    ]
    return render(request, "nt2/funds.html", {"form": form, "rows": rows, "year": year})
