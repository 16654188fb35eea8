"""The interpreting and translation sections of the annual report: who used the service
per sector, the interpreting hours per kind and the translated pages per kind."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Func, IntegerField, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.interpreting.models import (
    Agreement,
    AgreementStatus,
    RequestKind,
    Sector,
    Timesheet,
    TimesheetStatus,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.reports.registry import (
    Table,
    count_part,
    report_section,
    report_section_counts,
    report_statement,
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


@report_section("interpreting_users_by_sector", title=_("Users of interpreting and translation by sector"), order=120)
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
    return table


@report_statement
def _minutes_per_kind(year: int) -> QuerySet:
    return (
        approved_sheets(year)
        .values_list("assignment__request__kind")
        .annotate(minutes=Sum(WholeMinutes("actual_start", "actual_end"), output_field=IntegerField()))
        .order_by()
    )


@report_section("interpreting_hours", title=_("Interpreting hours"), order=121)
def interpreting_hours(year: int) -> Table:
    """Hours of approved interpreting per kind: the whole minutes from the actual start to
    the end of each job (waiting time apart), summed per kind in the database and rounded
    half up to whole hours."""
    minutes = dict(_minutes_per_kind(year))
    table = Table(columns=["kind_nl", "hours"], rows=[], column_labels=[str(_("kind")), str(_("hours"))])
    table.rows = [[table.labelled(label), _hours(minutes.get(kind, 0))] for kind, label in KIND_LABELS.items()]
    table.total = {"hours": sum(row[1] for row in table.rows)}
    return table


@report_statement
def _pages_per_kind(year: int) -> QuerySet:
    return delivered_translations(year).values_list("kind").annotate(pages=Sum("pages")).order_by()


@report_section("translation_pages", title=_("Translated pages"), order=122)
def translation_pages(year: int) -> Table:
    """Pages of the translations delivered in the year, per kind."""
    pages = dict(_pages_per_kind(year))
    table = Table(columns=["kind_nl", "pages"], rows=[], column_labels=[str(_("kind")), str(_("pages"))])
    table.rows = [[table.labelled(label), pages.get(kind) or 0] for kind, label in TRANSLATION_LABELS.items()]
    table.total = {"pages": sum(row[1] for row in table.rows)}
    return table
