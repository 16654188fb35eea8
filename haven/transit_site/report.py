"""The transit site's section of the annual report (doortrekkersterrein).

- Capacity: the places of the sites (caravans), as they stand.
- Families that stayed: the distinct heads of family of the stays with a day on the site
  in the year (an arrival on or before 31 December, places freed after 1 January).
- Children per lesson day: the attendance rows of the year divided by the lesson days
  held (the days with attendance recorded).
- Age of the children: the children reached in the year (present at least once), each
  at their age in completed years on their first lesson day of the year, averaged.
- Lesson days per week: the setting in force on 31 December.

The two averages are rounded half up to a whole number, as the report prints them
(10.5 is 11, 10.49 is 10); a year without lessons shows 0. The figures are counted in one
statement (``report_section_counts``: a UNION ALL of the parts).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Length
from django.utils.translation import gettext_lazy as _

from haven.people.models import Person
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_words,
    section_counts,
)
from haven.transit_site.models import Attendance, LessonDays, Site, Stay

ROW_LABELS = {
    "capacity": _("Capacity (caravans)"),
    "families": _("Families who stayed"),
    "children_per_day": _("Average number of children per lesson day"),
    "age": _("Average age of the children"),
    "lesson_days": _("Lesson days per week"),
}


def half_up(numerator: int, denominator: int) -> int:
    """A ratio rounded half up to a whole number (0 when nothing was counted)."""
    if not denominator:
        return 0
    return int((Decimal(numerator) / Decimal(denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _first_lessons(year: int) -> QuerySet[Attendance]:
    """Each child's first attendance of the year (no earlier one that year: an anti-join on
    the (child, day) index), with its age on that day in ``age``: completed years, one less
    before the birthday. One row per child reached."""
    earlier = Attendance.objects.filter(child=OuterRef("child"), day__year=year, day__lt=OuterRef("day"))
    before_birthday = Case(
        When(
            Q(day__month__lt=ExtractMonth("child__birth_date"))
            | Q(day__month=ExtractMonth("child__birth_date"), day__day__lt=ExtractDay("child__birth_date")),
            then=Value(1),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        Attendance.objects.filter(day__year=year)
        .filter(~Exists(earlier))
        .annotate(age=ExtractYear("day") - ExtractYear("child__birth_date") - before_birthday)
    )


def stays_in_year(year: int) -> QuerySet[Stay]:
    """The stays with a day on the site in the year: the families' count and its drill-down
    both read them."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return Stay.objects.filter(arrival__lte=last).filter(
        Q(departure__gt=first) | Q(departure__isnull=True, planned_departure__gt=first)
    )


@report_section_counts("transit_site")
def transit_site_counts(year: int) -> list[QuerySet]:
    """The section's figures, counted in one statement (``section_counts``)."""
    last = date(year, 12, 31)
    stays = stays_in_year(year)
    attendance = Attendance.objects.filter(day__year=year)
    first_lessons = _first_lessons(year)
    in_force = LessonDays.objects.filter(
        valid_from=Subquery(
            LessonDays.objects.filter(site=OuterRef("site"), valid_from__lte=last)
            .order_by("-valid_from")
            .values("valid_from")[:1]
        )
    )
    return [
        count_part(Site.objects.all(), "capacity", Sum("places")),
        count_part(stays, "families", Count("head", distinct=True)),
        count_part(attendance, "present", Count("*")),
        count_part(attendance, "days", Count("day", distinct=True)),
        count_part(attendance, "reached", Count("child", distinct=True)),  # = one first lesson each
        count_part(first_lessons, "ages", Sum("age")),
        count_part(in_force, "lesson_days", Max(Length("weekdays"))),
    ]


def figures(year: int) -> dict[str, int]:
    counts = {name: value or 0 for (name, _group), value in section_counts("transit_site", year).items()}
    return {
        "capacity": counts.get("capacity", 0),
        "families": counts.get("families", 0),
        "children_per_day": half_up(counts.get("present", 0), counts.get("days", 0)),
        "age": half_up(counts.get("ages", 0), counts.get("reached", 0)),
        "lesson_days": counts.get("lesson_days", 0),
    }


@report_section(
    "transit_site",
    title=_("Transit site"),
    order=120,
    definition=_(
        "The families are the distinct heads of family of the stays with at least one day on the site "
        "in the year (arrived by 31 December, places freed after 1 January); a family that came back "
        "counts once. The children per lesson day are the attendance records of the year divided by "
        "the days with attendance recorded; the age of the children is averaged over the children "
        "present at least once, each at their age on their first lesson day of the year; both averages "
        "are rounded half up. The capacity is the sites' places as they stand, the lesson days per week "
        "the setting in force on 31 December."
    ),
)
def transit_site(year: int) -> Table:
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [
        [table.labelled(ROW_LABELS[key], people=key == "families"), value] for key, value in figures(year).items()
    ]
    return table


@report_drill("transit_site")
def transit_site_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The families: the heads of family of the year's stays, each once. The capacity, the
    two averages and the lesson days per week are not counts of records (None)."""
    if row and column == str(year) and row[0] == report_words(ROW_LABELS["families"]):
        return Drill(records=Person.objects.filter(pk__in=stays_in_year(year).values("head")), person="pk")
    return None
