"""The registry's sections of the annual report: newcomers who settled in the year."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.core import reference
from haven.people.models import Person
from haven.people.selectors import newcomers_settled
from haven.reports.monthly import MONTH, MONTHS, by_month, month_figures, month_headings
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_statement,
    report_words,
    report_years_source,
    section_counts,
    trend,
)

TOP = 20
SETTLED = "newcomers_settled_by_status"
TOP20 = "newcomers_top20_nationalities"


def _newcomers_with_nationality(first_year: int, last_year: int) -> QuerySet[Person]:
    """The people who settled from ``first_year`` to ``last_year`` with a known nationality:
    what the top 20 counts and what its drill-down lists, so the two cannot drift."""
    return Person.objects.filter(
        first_registration_date__range=(date(first_year, 1, 1), date(last_year, 12, 31))
    ).exclude(nationality="")


@report_statement
def _top_nationalities(year: int) -> QuerySet:
    """The nationalities of the year's newcomers, most frequent first (ties by code), the
    first ``TOP``, with the year before's count beside: one grouped query."""
    first = date(year, 1, 1)
    return (
        _newcomers_with_nationality(year - 1, year)
        .values_list("nationality")
        .annotate(
            previous=Count("first_registration_date", filter=Q(first_registration_date__lt=first)),
            current=Count("first_registration_date", filter=Q(first_registration_date__gte=first)),
        )
        .filter(current__gt=0)
        .order_by("-current", "nationality")[:TOP]
    )


@report_section_counts(SETTLED)
def newcomers_settled_counts(year: int) -> list[QuerySet]:
    """The year's newcomers and their countries, counted in the section's statement."""
    settled = newcomers_settled(year=year)
    return [
        count_part(settled, "total", Count("*")),
        count_part(settled.exclude(nationality=""), "countries", Count("nationality", distinct=True)),
    ]


@report_section(
    SETTLED,
    title=_("Newcomers settled in the municipality by target-group status"),
    order=10,
    definition=_(
        "People whose first registration in the municipality (the date they settled in Ghent) falls in "
        "the year, each counted once; the countries are their distinct nationalities, people without a "
        "recorded nationality left out. The rows count each newcomer's current settlement decision: the "
        "target-group status the civic-integration rules gave on settling, as last decided again after "
        "new facts. A newcomer without a settlement decision is in the total but in no row."
    ),
)
def newcomers_settled_by_status(year: int) -> Table:
    """Total and number of countries; the rows by status come from the civic-integration
    rules, which add them when that app is installed."""
    counts = section_counts(SETTLED, year)
    return Table(
        columns=["status", str(year)],
        rows=[],
        total={str(year): counts.get(("total", ""), 0)},
        extra={"countries": counts.get(("countries", ""), 0)},
        notes=[_("from %(count)s countries") % {"count": counts.get(("countries", ""), 0)}],
        column_labels=[str(_("status")), str(year)],
        counts=counts,
    )


@report_section(
    TOP20,
    title=_("Newcomers by nationality (top 20)"),
    order=20,
    definition=_(
        "The twenty most frequent nationalities of the people who settled in Ghent in the year (the "
        "date of their first registration in the municipality), with the same count for the year "
        "before. Each person counts once, under the nationality recorded now; people without a "
        "recorded nationality are left out. Ties are ranked by country code; the arrow compares the "
        "two years."
    ),
)
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


@report_drill(SETTLED)
def newcomers_settled_records(year: int, row: list | None, column: str) -> Drill | None:
    """The newcomers of the year behind the total (the rows by status are the
    civic-integration app's)."""
    if row is not None or column != str(year):
        return None
    return Drill(records=newcomers_settled(year=year), person="pk")


@report_drill(TOP20)
def newcomers_top20_records(year: int, row: list | None, column: str) -> Drill | None:
    """The newcomers of a nationality who settled in the year or the year before."""
    if row is None or column not in (str(year - 1), str(year)):
        return None
    row_year = int(column)
    return Drill(records=_newcomers_with_nationality(row_year, row_year).filter(nationality=row[2]), person="pk")


@report_years_source("first_registration_date")
def years_newcomers_settled() -> QuerySet:
    """A main flow of the report: the newcomers, in the year they settled."""
    return Person.objects.filter(first_registration_date__isnull=False)


# The monthly flows: the report's main flows by calendar month (the civic-integration and
# interpreting apps add their rows), each counted as its yearly figure, so the months add up.
MONTHLY = "monthly_flows"
MONTHLY_SETTLED = pgettext_lazy("annual report row", "Newcomers settled")


@report_section_counts(MONTHLY)
def monthly_settled_counts(year: int) -> list[QuerySet]:
    """The year's newcomers by the month they settled, in the section's one statement."""
    return [
        count_part(by_month(newcomers_settled(year=year), "first_registration_date"), "settled", Count("*"), by=MONTH)
    ]


@report_section(
    MONTHLY,
    title=_("Main flows per month"),
    order=185,
    definition=_(
        "The year's main flows by calendar month, each counted as its yearly figure elsewhere in this "
        "report, so the twelve months add up to it: newcomers by the month of their first registration "
        "in the municipality, civic-integration registrations by the day of registration, integration "
        "contracts by the day of signing, and approved interpreting hours by the planned start of the "
        "job. Hours are rounded so that each kind's months add up to its yearly hours."
    ),
)
def monthly_flows(year: int) -> Table:
    counts = section_counts(MONTHLY, year)
    table = Table(
        columns=["flow", *MONTHS],
        rows=[],
        column_labels=[str(_("flow")), *month_headings()],
        counts=counts,
    )
    table.rows.append([table.labelled(MONTHLY_SETTLED), *month_figures(counts, "settled")])
    return table


@report_drill(MONTHLY)
def monthly_settled_records(year: int, row: list | None, column: str) -> Drill | None:
    """The newcomers who settled in the month."""
    if row is None or row[0] != report_words(MONTHLY_SETTLED) or column not in MONTHS:
        return None
    return Drill(records=newcomers_settled(year=year).filter(first_registration_date__month=int(column)), person="pk")
