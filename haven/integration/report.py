"""The civic-integration sections of the annual report, counted from records.

Row labels are the report's own Dutch labels (they are data of the report, like
``nationality_nl``), the figures are counts.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.core import reference
from haven.integration.models import (
    Certificate,
    Contract,
    CounsellorProfile,
    DecisionKind,
    DiplomaDossier,
    DossierKind,
    ExemptionTest,
    ExemptionTestResult,
    Registration,
    StatusDecision,
    TargetGroupStatus,
)
from haven.people.panel_rows import JSONArrayAgg
from haven.reports.registry import (
    Table,
    count_part,
    report_section,
    report_section_counts,
    report_section_extend,
    report_statement,
    section_counts,
)

STATUSES = [
    TargetGroupStatus.OBLIGATED,
    TargetGroupStatus.ENTITLED,
    TargetGroupStatus.UNDETERMINED,
    TargetGroupStatus.NOT_ELIGIBLE,
]
DAYS_PER_MONTH = Decimal("30.436875")  # the mean Gregorian month
# The rows' labels: their Dutch translations are the annual report's own words, which the
# figures keep (``Table.labelled``); the page shows them in the reader's language.
DOSSIER_LABELS = {
    DossierKind.CLIENT: pgettext_lazy("annual report row", "Guidance of civic integration clients"),
    DossierKind.NON_CLIENT: pgettext_lazy(
        "annual report row", "Guidance of people without a civic integration contract"
    ),
    DossierKind.VDAB: pgettext_lazy("annual report row", "Referred by VDAB"),
}
COUNSELLING_LABELS = (
    pgettext_lazy("annual report row", "Average number of new clients per trajectory counsellor"),
    pgettext_lazy("annual report row", "Civic integration certificates obtained"),
    pgettext_lazy("annual report row", "Average time from contract to certificate (months)"),
)
EXEMPTION_LABELS = (
    pgettext_lazy("annual report row", "Civic orientation exemption test: Ghent newcomers registered"),
    pgettext_lazy("annual report row", "Civic orientation exemption test: passed"),
)


def round_half_up(value: Decimal) -> int:
    """The report rounds halves up (137,5 → 138), not to even."""
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@report_section_counts("newcomers_settled_by_status")
def newcomers_settled_status_counts(year: int) -> list[QuerySet]:
    """The status each newcomer got when settling in the year (their current settlement
    decision: the one no later decision supersedes), counted in the section's statement."""
    later = StatusDecision.objects.filter(supersedes=OuterRef("pk"))
    decisions = StatusDecision.objects.filter(
        ~Exists(later), kind=DecisionKind.SETTLEMENT, person__first_registration_date__year=year
    )
    return [count_part(decisions, "settlement_status", Count("id"), by="status")]


@report_section_extend("newcomers_settled_by_status")
def newcomers_settled_status_rows(year: int, table: Table) -> None:
    table.rows = [[status.value, table.counts.get(("settlement_status", status.value), 0)] for status in STATUSES]
    table.row_labels.update({status.value: str(status.label) for status in STATUSES})


def _two_years(year: int) -> tuple[date, date]:
    return date(year - 1, 1, 1), date(year, 12, 31)


def _status_counts(queryset: QuerySet, date_field: str, year: int) -> QuerySet:
    """Per status: the records dated in the year before and in the year, one grouped query."""
    first = date(year, 1, 1)
    return (
        queryset.filter(**{f"{date_field}__range": _two_years(year)})
        .values_list("status")
        .annotate(
            previous=Count(date_field, filter=Q(**{f"{date_field}__lt": first})),
            current=Count(date_field, filter=Q(**{f"{date_field}__gte": first})),
        )
        .order_by()
    )


@report_statement
def _registrations_per_status(year: int) -> QuerySet:
    return _status_counts(Registration.objects.all(), "registered_on", year)


@report_statement
def _contracts_per_status(year: int) -> QuerySet:
    return _status_counts(Contract.objects.all(), "signed_on", year)


def _by_status_per_year(counted: list[tuple], year: int, statuses) -> list[list]:
    """A row per year (the year before, the year) with the count per status and the total."""
    counts = {status: (previous, current) for status, previous, current in counted}
    rows = []
    for index, row_year in enumerate((year - 1, year)):
        values = [counts.get(status.value, (0, 0))[index] for status in statuses]
        rows.append([row_year, *values, sum(values)])
    return rows


@report_section("registrations_by_status", title=_("Civic-integration registrations by status"), order=30)
def registrations_by_status(year: int) -> Table:
    """Registrations at the agency in the year, by the status decided at registration
    (people not in the target group are not registrations of an integration client)."""
    statuses = STATUSES[:3]
    return Table(
        columns=["year", *[status.value for status in statuses], "totaal"],
        rows=_by_status_per_year(_registrations_per_status(year), year, statuses),
        column_labels=[str(_("year")), *[str(status.label) for status in statuses], str(_("total"))],
    )


@report_section("contracts_by_status", title=_("Integration contracts signed by status"), order=40)
def contracts_by_status(year: int) -> Table:
    statuses = STATUSES[:2]
    return Table(
        columns=["year", *[status.value for status in statuses], "totaal"],
        rows=_by_status_per_year(_contracts_per_status(year), year, statuses),
        column_labels=[str(_("year")), *[str(status.label) for status in statuses], str(_("total"))],
    )


def _contracts_with_counsellor(year: int) -> QuerySet:
    return Contract.objects.filter(signed_on__year=year, counsellor__isnull=False)


@report_statement
def _counselling_figures(year: int) -> QuerySet:
    """One row: the certificates issued in the year and the days from contract to
    certificate, summed; the contracts signed in the year with a counsellor, the working
    time (full-time equivalents) of those counsellors and the languages they counsel in
    (a JSON array), each an uncorrelated subquery of the same statement."""
    contracts = _contracts_with_counsellor(year)
    counsellors = contracts.values("counsellor_id")
    return (
        Certificate.objects.filter(issued_on__year=year)
        .annotate(issued_year=Value(year))
        .values_list("issued_year")
        .annotate(
            count=Count("id"),
            days=Sum(ExpressionWrapper(F("issued_on") - F("contract__signed_on"), output_field=DurationField())),
            contracts=_scalar(contracts, Count("id")),
            fte=_scalar(CounsellorProfile.objects.filter(user__in=counsellors), Sum("fte")),
            languages=_scalar(
                CounsellorProfile.languages.through.objects.filter(counsellorprofile__user__in=counsellors),
                JSONArrayAgg("language_id"),
            ),
        )
        .values_list("count", "days", "contracts", "fte", "languages")
        .order_by()
    )


def _scalar(queryset: QuerySet, aggregate) -> Subquery:
    """An aggregate over ``queryset`` as a one-value subquery."""
    return Subquery(
        queryset.annotate(whole=Value(1)).values("whole").annotate(value=aggregate).values("value").order_by()
    )


@report_section("trajectory_counselling", title=_("Trajectory counselling"), order=50)
def trajectory_counselling(year: int) -> Table:
    """New clients per counsellor (contracts of the year over the working time, in
    full-time equivalents, of the counsellors who took them), certificates issued in
    the year, and the mean months from contract to certificate."""
    count, days, contracts, fte, codes = _counselling_figures(year)[0]
    days, fte, codes = days or timedelta(0), fte or Decimal(0), codes or []
    per_counsellor = round_half_up(Decimal(contracts) / fte) if fte else 0
    months = round_half_up(Decimal(days.days) / DAYS_PER_MONTH / count) if count else 0
    languages = sorted({reference.language_name(code, "nl") for code in codes}, key=str.casefold)
    table = Table(
        columns=["label", str(year)],
        rows=[],
        extra={"counsellor_languages_nl": languages},
        notes=[
            _("Languages of the counsellors: %(languages)s")
            % {"languages": ", ".join(sorted({reference.language_name(code) for code in codes}, key=str.casefold))}
        ],
        column_labels=[str(_("figure")), str(year)],
    )
    table.rows = [
        [table.labelled(label), value]
        for label, value in zip(COUNSELLING_LABELS, (per_counsellor, count, months), strict=True)
    ]
    return table


@report_statement
def _dossiers_per_kind(year: int) -> QuerySet:
    first = date(year, 1, 1)
    return (
        DiplomaDossier.objects.filter(opened_on__range=_two_years(year))
        .values_list("kind")
        .annotate(
            previous=Count("opened_on", filter=Q(opened_on__lt=first)),
            current=Count("opened_on", filter=Q(opened_on__gte=first)),
        )
        .order_by()
    )


@report_section("diploma_recognition_dossiers", title=_("Diploma recognition dossiers"), order=60)
def diploma_recognition_dossiers(year: int) -> Table:
    counts = {kind: (previous, current) for kind, previous, current in _dossiers_per_kind(year)}
    table = Table(
        columns=["kind", str(year - 1), str(year)], rows=[], column_labels=[str(_("kind")), str(year - 1), str(year)]
    )
    rows = [[table.labelled(label), *counts.get(kind.value, (0, 0))] for kind, label in DOSSIER_LABELS.items()]
    table.rows = rows
    table.total = {str(year - 1): sum(row[1] for row in rows), str(year): sum(row[2] for row in rows)}
    return table


@report_section_counts("civic_orientation_other")
def exemption_test_counts(year: int) -> list[QuerySet]:
    """Exemption tests: registered in the year, passed in the year."""
    return [
        count_part(ExemptionTest.objects.filter(registered_on__year=year), "registered", Count("*")),
        count_part(
            ExemptionTest.objects.filter(result=ExemptionTestResult.PASSED, taken_on__year=year), "passed", Count("*")
        ),
    ]


@report_section("civic_orientation_other", title=_("Civic orientation: other figures"), order=70)
def civic_orientation_other(year: int) -> Table:
    """The exemption test: newcomers registered for it in the year, and passes. The
    civic-orientation courses app adds the Parkoer row in front."""
    counts = section_counts("civic_orientation_other", year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)], counts=counts)
    table.rows = [
        [table.labelled(EXEMPTION_LABELS[0]), counts.get(("registered", ""), 0)],
        [table.labelled(EXEMPTION_LABELS[1]), counts.get(("passed", ""), 0)],
    ]
    return table
