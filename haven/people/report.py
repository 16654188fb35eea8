"""The registry's sections of the annual report: newcomers who settled in the year."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.people.selectors import newcomers_settled
from haven.reports.registry import Table, report_section, trend

TOP = 20


def _counts_by_nationality(year: int) -> dict[str, int]:
    rows = (
        newcomers_settled(year=year)
        .exclude(nationality="")
        .values("nationality")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["nationality"]: row["count"] for row in rows}


@report_section(
    "newcomers_settled_by_status", title=_("Newcomers settled in the municipality by target-group status"), order=10
)
def newcomers_settled_by_status(year: int) -> Table:
    """Total and number of countries; the rows by status come from the civic-integration
    rules, which add them when that app is installed."""
    settled = newcomers_settled(year=year)
    total = settled.count()
    countries = settled.exclude(nationality="").values("nationality").distinct().count()
    return Table(
        columns=["status", str(year)],
        rows=[],
        total={str(year): total},
        extra={"countries": countries},
        column_labels=[str(_("status")), str(year)],
    )


@report_section("newcomers_top20_nationalities", title=_("Newcomers by nationality (top 20)"), order=20)
def newcomers_top20_nationalities(year: int) -> Table:
    """The 20 most frequent nationalities of the year, with the previous year beside
    them and the trend. Ties are broken by country code, so the order is stable."""
    current, previous = _counts_by_nationality(year), _counts_by_nationality(year - 1)
    ranked = sorted(current.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    rows = [
        [
            rank,
            reference.country_name(code, "nl"),
            code,
            previous.get(code, 0),
            count,
            trend(previous.get(code, 0), count),
        ]
        for rank, (code, count) in enumerate(ranked, start=1)
    ]
    return Table(
        columns=["rank", "nationality_nl", "iso3166", str(year - 1), str(year), "trend"],
        rows=rows,
        column_labels=[
            str(_("rank")),
            str(_("nationality")),
            str(_("code")),
            str(year - 1),
            str(year),
            str(_("trend")),
        ],
    )
