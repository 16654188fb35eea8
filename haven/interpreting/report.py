"""The interpreting and translation sections of the annual report: who used the service
per sector, the interpreting hours per kind and the translated pages per kind."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Concat, ExtractMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    Organisation,
    RequestKind,
    Sector,
    Timesheet,
    TimesheetStatus,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.reports.monthly import MONTH, MONTHS, by_month
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_section_extend,
    report_statement,
    report_words,
    report_years_source,
    section_counts,
)

# The rows' labels: their Dutch translations are the annual report's own words, which the
# figures keep whatever the interface language (``Table.labelled``); the page shows the reader's.
SECTOR_LABELS = {
    Sector.FAMILY_SOCIAL_WELFARE: pgettext_lazy("annual report row", "Family and social welfare"),
    Sector.HEALTH: pgettext_lazy("annual report row", "Health"),
    Sector.EDUCATION: pgettext_lazy("annual report row", "Education"),
    Sector.PUBLIC_SERVICES: pgettext_lazy("annual report row", "Public services"),
    Sector.SOCIAL_HOUSING: pgettext_lazy("annual report row", "Social housing"),
    Sector.EMPLOYMENT: pgettext_lazy("annual report row", "Employment"),
    Sector.INTEGRATION: pgettext_lazy("annual report row", "Integration and civic integration"),
    Sector.WELFARE_FAMILY: pgettext_lazy("annual report row", "Welfare and family"),
    Sector.OTHER: pgettext_lazy("annual report row", "Other"),
}
KIND_LABELS = {
    RequestKind.ON_SITE: pgettext_lazy("annual report row", "Interpreting for a conversation, on site"),
    RequestKind.VIDEO: pgettext_lazy("annual report row", "Interpreting for a conversation, by video"),
    RequestKind.GROUP: pgettext_lazy("annual report row", "Interpreting for a group"),
    RequestKind.GROUP_CONVERSATION: pgettext_lazy("annual report row", "Interpreting for a group conversation"),
}
TRANSLATION_LABELS = {
    TranslationKind.INFORMATIVE: pgettext_lazy("annual report row", "Informative"),
    TranslationKind.OFFICIAL: pgettext_lazy("annual report row", "Official"),
}


class WholeMinutes(Func):
    """The whole minutes of a duration, rounded down, as ``Timesheet.minutes`` counts them:
    ``FLOOR(EXTRACT(EPOCH FROM …) / 60)`` on PostgreSQL; on SQLite, where a duration is an
    integer of microseconds, its integer division (a sheet ends after it starts)."""

    output_field = IntegerField()

    def __init__(self, start: str, end: str) -> None:
        super().__init__(ExpressionWrapper(F(end) - F(start), output_field=DurationField()))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s) / 60)")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s / 60000000)")


def _hours(minutes: int) -> int:
    return int((Decimal(minutes) / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def approved_sheets(year: int):
    """Performance sheets approved for jobs of the year (the job's planned start decides)."""
    return Timesheet.objects.filter(status=TimesheetStatus.APPROVED, assignment__starts_at__year=year)


def delivered_translations(year: int):
    return TranslationOrder.objects.filter(status=TranslationStatus.DELIVERED, delivered_on__year=year)


@report_section_counts("interpreting_users_by_sector")
def interpreting_users_counts(year: int) -> list[QuerySet]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    agreements = Agreement.objects.exclude(status=AgreementStatus.DRAFT).filter(
        Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    )
    return [
        count_part(
            approved_sheets(year),
            "interpreting",
            Count("assignment__request__organisation", distinct=True),
            by="assignment__request__organisation__sector",
        ),
        count_part(
            delivered_translations(year), "translation", Count("organisation", distinct=True), by="organisation__sector"
        ),
        count_part(agreements, "agreements", Count("organisation", distinct=True)),
        count_part(approved_sheets(year), "languages", Count("assignment__request__language", distinct=True)),
    ]


@report_section(
    "interpreting_users_by_sector",
    title=_("Users of interpreting and translation by sector"),
    order=130,
    definition=_(
        "The organisations that really used the service in the year, under the organisation's sector, each counted "
        "once per column: for interpreting, those with at least one job planned in the year (its "
        "planned start) whose performance sheet was approved; for translation, those with at least one "
        "translation delivered in the year. Jobs without an approved sheet (cancelled, not done, not yet "
        "approved) and orders not delivered are left out. Below the table: the organisations with a "
        "cooperation agreement in force on at least one day of the year (drafts left out) and the "
        "languages interpreted in on those approved jobs."
    ),
)
def interpreting_users_by_sector(year: int) -> Table:
    """Organisations that really used the service in the year: an approved interpreting job,
    a delivered translation. Also the organisations with a cooperation agreement in force
    on some day of the year (draft ones not), and the languages interpreted in."""
    counts = section_counts("interpreting_users_by_sector", year)
    agreements_count, languages = counts.get(("agreements", ""), 0), counts.get(("languages", ""), 0)
    table = Table(
        columns=["sector_nl", "interpreting_users", "translation_users"],
        rows=[],
        extra={"cooperation_agreements": agreements_count, "languages_offered": languages},
        notes=[
            _("Cooperation agreements: %(count)s") % {"count": agreements_count},
            _("Languages offered: %(count)s") % {"count": languages},
        ],
        column_labels=[str(_("sector")), str(_("interpreting")), str(_("translation"))],
    )
    rows = [
        [
            table.labelled(label),
            counts.get(("interpreting", sector.value), 0),
            counts.get(("translation", sector.value), 0),
        ]
        for sector, label in SECTOR_LABELS.items()
    ]
    table.rows = rows
    table.total = {"interpreting_users": sum(row[1] for row in rows), "translation_users": sum(row[2] for row in rows)}
    table.impersonal_columns |= {"interpreting_users", "translation_users"}  # organisations, not people
    return table


@report_statement
def _minutes_per_kind(year: int) -> QuerySet:
    return (
        approved_sheets(year)
        .values_list("assignment__request__kind")
        .annotate(minutes=Sum(WholeMinutes("actual_start", "actual_end"), output_field=IntegerField()))
        .order_by()
    )


@report_section(
    "interpreting_hours",
    title=_("Interpreting hours"),
    order=140,
    definition=_(
        "The hours of the interpreting jobs planned in the year (their planned start) whose performance "
        "sheet was approved, per kind of interpreting: the whole minutes from each job's actual start to "
        "its actual end, waiting time left out, summed per kind and rounded half up to whole hours; the "
        "total is the sum of the rounded rows. Cancelled jobs and sheets not approved are not counted."
    ),
)
def interpreting_hours(year: int) -> Table:
    """Hours of approved interpreting per kind: the whole minutes from the actual start to
    the end of each job (waiting time apart), summed per kind in the database and rounded
    half up to whole hours."""
    minutes = dict(_minutes_per_kind(year))
    table = Table(columns=["kind_nl", "hours"], rows=[], column_labels=[str(_("kind")), str(_("hours"))])
    table.rows = [[table.labelled(label), _hours(minutes.get(kind, 0))] for kind, label in KIND_LABELS.items()]
    table.total = {"hours": sum(row[1] for row in table.rows)}
    table.impersonal_columns.add("hours")
    return table


@report_statement
def _pages_per_kind(year: int) -> QuerySet:
    return delivered_translations(year).values_list("kind").annotate(pages=Sum("pages")).order_by()


@report_section(
    "translation_pages",
    title=_("Translated pages"),
    order=150,
    definition=_(
        "The pages of the translations delivered in the year (the delivery date), per kind: "
        "informative or official. Orders requested, assigned or cancelled are not counted."
    ),
)
def translation_pages(year: int) -> Table:
    """Pages of the translations delivered in the year, per kind."""
    pages = dict(_pages_per_kind(year))
    table = Table(columns=["kind_nl", "pages"], rows=[], column_labels=[str(_("kind")), str(_("pages"))])
    table.rows = [[table.labelled(label), pages.get(kind) or 0] for kind, label in TRANSLATION_LABELS.items()]
    table.total = {"pages": sum(row[1] for row in table.rows)}
    table.impersonal_columns.add("pages")
    return table


# The records behind the figures (``report_drill``): organisations, performance sheets and
# translation orders, none of them people. Each reads the queryset its figure is counted from.


def _chosen(labels: dict[Any, Any], row: list[Any] | None) -> list[Any] | None:
    """The row's key (a sector or kind) as a one-item list, every key for the totals row, or
    None for a row that is not the table's."""
    if row is None:
        return list(labels)
    chosen = [key for key, label in labels.items() if report_words(label) == row[0]]
    return chosen or None


@report_drill("interpreting_users_by_sector")
def interpreting_users_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The organisations that used the service in the year, under the row's sector (each once)."""
    used = {
        "interpreting_users": (approved_sheets(year), "assignment__request__organisation"),
        "translation_users": (delivered_translations(year), "organisation"),
    }
    sectors = _chosen(SECTOR_LABELS, row)
    if column not in used or sectors is None:
        return None
    records, organisation = used[column]
    users = records.filter(**{f"{organisation}__sector__in": sectors}).values(organisation)
    return Drill(records=Organisation.objects.filter(pk__in=users), person=None)


def sheet_hours() -> ExpressionWrapper:
    """A sheet's hours as the section counts them: its whole minutes over 60 (the figure
    rounds their sum per kind, so the records' sum may differ from it by less than half)."""
    return ExpressionWrapper(WholeMinutes("actual_start", "actual_end") / Value(60.0), output_field=FloatField())


@report_drill("interpreting_hours")
def interpreting_hours_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The approved performance sheets of the year of the row's kind, with their hours."""
    kinds = _chosen(KIND_LABELS, row)
    if column != "hours" or kinds is None:
        return None
    sheets = approved_sheets(year).filter(assignment__request__kind__in=kinds).annotate(hours=sheet_hours())
    return Drill(records=sheets, person=None, total_of="hours", rounded=True)


@report_drill("translation_pages")
def translation_pages_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The translations delivered in the year of the row's kind, with their pages."""
    kinds = _chosen(TRANSLATION_LABELS, row)
    if column != "pages" or kinds is None:
        return None
    return Drill(records=delivered_translations(year).filter(kind__in=kinds), person=None, total_of="pages")


# The monthly flows (haven.people.report's ``monthly_flows``): the hours of the section above
# by month of the job's planned start. Minutes are counted per kind and month, and each kind's
# hours rounded on its running total, so a kind's months add up to its yearly hours.
MONTHLY_HOURS = pgettext_lazy("annual report row", "Interpreting hours")


@report_section_counts("monthly_flows")
def monthly_hours_counts(year: int) -> list[QuerySet]:
    """Approved minutes per kind and month (grouped as "kind:month"), in the monthly
    section's statement."""
    sheets = by_month(approved_sheets(year), "assignment__starts_at").annotate(
        kind_month=Concat("assignment__request__kind", Value(":"), MONTH, output_field=CharField())
    )
    minutes = Sum(Cast(WholeMinutes("actual_start", "actual_end"), output_field=IntegerField()))  # bigint in the UNION
    return [count_part(sheets, "minutes", minutes, by="kind_month")]


@report_section_extend("monthly_flows")
def monthly_hours_row(year: int, table: Table) -> None:
    """The hours per month: each kind's running total of minutes rounded as the yearly
    figure rounds it, the month getting what its minutes add to the rounded total."""
    months = [0] * len(MONTHS)
    for kind in KIND_LABELS:
        minutes = hours_before = 0
        for index, month in enumerate(MONTHS):
            minutes += int(table.counts.get(("minutes", f"{kind}:{month}"), 0) or 0)
            months[index] += _hours(minutes) - hours_before
            hours_before = _hours(minutes)
    table.rows.append([table.labelled(MONTHLY_HOURS, people=False), *months])


def _sheet_shares(year: int) -> QuerySet:
    """The year's approved sheets of the kinds counted, each with ``hours``, its share of its
    kind's rounded hours: the running total of the kind's minutes (jobs in order of start)
    rounded half up after the sheet, less before it. A month's sheets add up to the month's
    figure exactly. ``job_month`` is a window over the sheet alone, so that a filter on it
    keeps the whole year's running totals."""
    minutes = Cast(WholeMinutes("actual_start", "actual_end"), output_field=IntegerField())
    order = [F("assignment__starts_at").asc(), F("pk").asc()]
    return (
        approved_sheets(year)
        .filter(assignment__request__kind__in=list(KIND_LABELS))
        .annotate(
            own_minutes=minutes,
            running_minutes=Window(Sum(minutes), partition_by=[F("assignment__request__kind")], order_by=order),
            job_month=Window(Max(ExtractMonth("assignment__starts_at")), partition_by=[F("pk")]),
        )
        .annotate(
            hours=ExpressionWrapper(
                (F("running_minutes") + 30) / 60 - (F("running_minutes") - F("own_minutes") + 30) / 60,
                output_field=IntegerField(),
            )
        )
    )


@report_drill("monthly_flows")
def monthly_hours_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The approved performance sheets of the month's jobs, each with its share of the hours."""
    if row is None or row[0] != report_words(MONTHLY_HOURS) or column not in MONTHS:
        return None
    return Drill(records=_sheet_shares(year).filter(job_month=int(column)), person=None, total_of="hours")


@report_years_source("assignment__starts_at")
def years_interpreting() -> QuerySet:
    """A main flow of the report: the interpreting jobs with a performance sheet, in the
    year they were planned."""
    return Timesheet.objects.all()
