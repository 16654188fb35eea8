"""Figures per month for the annual report's ``monthly_flows`` section (haven.people.report
owns it; the civic-integration and interpreting apps add their rows).

Each app counts its flow by month in the section's one statement: ``by_month`` adds the
month of a date as text (a ``count_part``'s group is text in the UNION, on PostgreSQL too),
``count_part(..., by=MONTH)`` groups by it, and ``month_figures`` reads the twelve figures
back. The querysets are the ones the yearly figures count, so the months add up to the year.
"""

from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast, ExtractMonth
from django.utils.dates import MONTHS_3

MONTH = "month"
MONTHS = [str(month) for month in range(1, 13)]  # the section's columns after "flow"


def by_month(queryset: QuerySet, field: str) -> QuerySet:
    """``queryset`` with the month (``"1"``–``"12"``) of its date ``field`` as ``month``: a
    date-time's month in the current time zone, as its ``__year`` lookup takes the year."""
    return queryset.annotate(**{MONTH: Cast(ExtractMonth(field), output_field=CharField())})


def month_figures(counts: dict[tuple[str, str], Any], name: str) -> list[int]:
    """The twelve figures counted under ``name`` by month (a month without records: 0)."""
    return [int(counts.get((name, month), 0) or 0) for month in MONTHS]


def month_headings() -> list[str]:
    """The months' headings in the active language (jan, feb, mrt, …)."""
    return [str(MONTHS_3[month]) for month in range(1, 13)]
