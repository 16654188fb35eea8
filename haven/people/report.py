"""The registry's sections of the annual report: newcomers who settled in the year."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.people.models import Person
from haven.people.selectors import newcomers_settled
from haven.reports.registry import (
    Table,
    count_part,
    report_section,
    report_section_counts,
    report_statement,
    section_counts,
    trend,
)

TOP = 20


@report_statement
def _top_nationalities(year: int) -> QuerySet:
    """The nationalities of the year's newcomers, most frequent first (ties by code), the
    first ``TOP``, with the year before's count beside: one grouped query."""
    first = date(year, 1, 1)
    return (
        Person.objects.filter(first_registration_date__range=(date(year - 1, 1, 1), date(year, 12, 31)))
        .exclude(nationality="")
        .values_list("nationality")
        .annotate(
            previous=Count("first_registration_date", filter=Q(first_registration_date__lt=first)),
            current=Count("first_registration_date", filter=Q(first_registration_date__gte=first)),
        )
        .filter(current__gt=0)
        .order_by("-current", "nationality")[:TOP]
    )


@report_section_counts("newcomers_settled_by_status")
def newcomers_settled_counts(year: int) -> list[QuerySet]:
    """The year's newcomers and their countries, counted in the section's statement."""
    settled = newcomers_settled(year=year)
    return [
        count_part(settled, "total", Count("*")),
        count_part(settled.exclude(nationality=""), "countries", Count("nationality", distinct=True)),
    ]


@report_section(
    "newcomers_settled_by_status", title=_("Newcomers settled in the municipality by target-group status"), order=10
)
def newcomers_settled_by_status(year: int) -> Table:
    """Total and number of countries; the rows by status come from the civic-integration
    rules, which add them when that app is installed."""
    counts = section_counts("newcomers_settled_by_status", year)
    return Table(
        columns=["status", str(year)],
        rows=[],
        total={str(year): counts.get(("total", ""), 0)},
        extra={"countries": counts.get(("countries", ""), 0)},
        notes=[_("from %(count)s countries") % {"count": counts.get(("countries", ""), 0)}],
        column_labels=[str(_("status")), str(year)],
        counts=counts,
    )


@report_section("newcomers_top20_nationalities", title=_("Newcomers by nationality (top 20)"), order=20)
def newcomers_top20_nationalities(year: int) -> Table:
    """The 20 most frequent nationalities of the year, with the previous year beside
    them and the trend. Ties are broken by country code, so the order is stable."""
    rows = [
        [rank, reference.country_name(code, "nl"), code, previous, count, trend(previous, count)]
        for rank, (code, previous, count) in enumerate(_top_nationalities(year), start=1)
    ]
    return Table(
        columns=["rank", "nationality_nl", "iso3166", str(year - 1), str(year), "trend"],
        rows=rows,
        row_labels={row[1]: reference.country_name(row[2]) for row in rows},
        column_labels=[
            str(_("rank")),
            str(_("nationality")),
            str(_("code")),
            str(year - 1),
            str(year),
            str(_("trend")),
        ],
    )
