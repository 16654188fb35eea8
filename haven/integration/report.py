"""The civic-integration sections of the annual report, counted from records.

Row labels are the report's own Dutch labels (they are data of the report, like
``nationality_nl``), the figures are counts.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

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
from haven.reports.registry import Table, report_section, report_section_extend

STATUSES = [
    TargetGroupStatus.OBLIGATED,
    TargetGroupStatus.ENTITLED,
    TargetGroupStatus.UNDETERMINED,
    TargetGroupStatus.NOT_ELIGIBLE,
]
DAYS_PER_MONTH = Decimal("30.436875")  # the mean Gregorian month
DOSSIER_LABELS = {
    DossierKind.CLIENT: "Begeleiding inburgeraars",
    DossierKind.NON_CLIENT: "Begeleiding niet-inburgeraars",
    DossierKind.VDAB: "Doorverwijzing via VDAB",
}
COUNSELLING_LABELS = (
    "Gemiddeld aantal nieuwe inburgeraars per trajectbegeleider",
    "Behaalde inburgeringsattesten",
    "Gemiddelde duur contract tot attest (maanden)",
)
EXEMPTION_LABELS = ("Vrijstellingstoets MO: ingeschreven Gentse nieuwkomers", "Vrijstellingstoets MO: geslaagd")


def round_half_up(value: Decimal) -> int:
    """The report rounds halves up (137,5 → 138), not to even."""
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@report_section_extend("newcomers_settled_by_status")
def newcomers_settled_status_rows(year: int, table: Table) -> None:
    """The status each newcomer got when settling in the year (their settlement decision)."""
    counts = dict(
        StatusDecision.objects.filter(kind=DecisionKind.SETTLEMENT, person__first_registration_date__year=year)
        .values_list("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    table.rows = [[status.value, counts.get(status.value, 0)] for status in STATUSES]


def _by_status_per_year(queryset, date_field: str, year: int, statuses) -> list[list]:
    rows = []
    for row_year in (year - 1, year):
        counts = dict(
            queryset.filter(**{f"{date_field}__year": row_year})
            .values_list("status")
            .annotate(count=Count("id"))
            .order_by()
        )
        values = [counts.get(status.value, 0) for status in statuses]
        rows.append([row_year, *values, sum(values)])
    return rows


@report_section("registrations_by_status", title=_("Civic-integration registrations by status"), order=30)
def registrations_by_status(year: int) -> Table:
    """Registrations at the agency in the year, by the status decided at registration
    (people not in the target group are not registrations of an integration client)."""
    statuses = STATUSES[:3]
    return Table(
        columns=["year", *[status.value for status in statuses], "totaal"],
        rows=_by_status_per_year(Registration.objects.all(), "registered_on", year, statuses),
        column_labels=[str(_("year")), *[str(status.label) for status in statuses], str(_("total"))],
    )


@report_section("contracts_by_status", title=_("Integration contracts signed by status"), order=40)
def contracts_by_status(year: int) -> Table:
    statuses = STATUSES[:2]
    return Table(
        columns=["year", *[status.value for status in statuses], "totaal"],
        rows=_by_status_per_year(Contract.objects.all(), "signed_on", year, statuses),
        column_labels=[str(_("year")), *[str(status.label) for status in statuses], str(_("total"))],
    )


@report_section("trajectory_counselling", title=_("Trajectory counselling"), order=50)
def trajectory_counselling(year: int) -> Table:
    """New clients per counsellor (contracts of the year over the working time, in
    full-time equivalents, of the counsellors who took them), certificates issued in
    the year, and the mean months from contract to certificate."""
    contracts = Contract.objects.filter(signed_on__year=year, counsellor__isnull=False)
    counsellors = CounsellorProfile.objects.filter(user__caseload__in=contracts).distinct()
    fte = CounsellorProfile.objects.filter(pk__in=counsellors.values("pk")).aggregate(total=Sum("fte"))["total"]
    per_counsellor = round_half_up(Decimal(contracts.count()) / fte) if fte else 0
    certificates = Certificate.objects.filter(issued_on__year=year).values_list("issued_on", "contract__signed_on")
    durations = [Decimal((issued - signed).days) / DAYS_PER_MONTH for issued, signed in certificates]
    months = round_half_up(sum(durations, Decimal(0)) / len(durations)) if durations else 0
    languages = sorted(
        {reference.language_name(code, "nl") for code in counsellors.values_list("languages__code", flat=True) if code},
        key=str.casefold,
    )
    return Table(
        columns=["label", str(year)],
        rows=[
            [COUNSELLING_LABELS[0], per_counsellor],
            [COUNSELLING_LABELS[1], len(durations)],
            [COUNSELLING_LABELS[2], months],
        ],
        extra={"counsellor_languages_nl": languages},
        column_labels=[str(_("figure")), str(year)],
    )


@report_section("diploma_recognition_dossiers", title=_("Diploma recognition dossiers"), order=60)
def diploma_recognition_dossiers(year: int) -> Table:
    counts = {
        (kind, row_year): count
        for kind, row_year, count in DiplomaDossier.objects.filter(opened_on__year__in=(year - 1, year))
        .values_list("kind", "opened_on__year")
        .annotate(count=Count("id"))
        .order_by()
    }
    rows = [
        [label, counts.get((kind.value, year - 1), 0), counts.get((kind.value, year), 0)]
        for kind, label in DOSSIER_LABELS.items()
    ]
    return Table(
        columns=["kind", str(year - 1), str(year)],
        rows=rows,
        total={str(year - 1): sum(row[1] for row in rows), str(year): sum(row[2] for row in rows)},
        column_labels=[str(_("kind")), str(year - 1), str(year)],
    )


@report_section("civic_orientation_other", title=_("Civic orientation: other figures"), order=70)
def civic_orientation_other(year: int) -> Table:
    """The exemption test: newcomers registered for it in the year, and passes. The
    civic-orientation courses app adds the Parkoer row in front."""
    tests = ExemptionTest.objects.aggregate(
        registered=Count("id", filter=Q(registered_on__year=year)),
        passed=Count("id", filter=Q(result=ExemptionTestResult.PASSED, taken_on__year=year)),
    )
    return Table(
        columns=["label", str(year)],
        rows=[[EXEMPTION_LABELS[0], tests["registered"]], [EXEMPTION_LABELS[1], tests["passed"]]],
        column_labels=[str(_("figure")), str(year)],
    )
