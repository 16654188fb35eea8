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
from haven.reports.monthly import MONTH, MONTHS, by_month, month_figures
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


def _settlement_decisions(year: int) -> QuerySet[StatusDecision]:
    """The current settlement decision (the one no later decision supersedes) of each
    newcomer who settled in the year: what the rows count and their drill-down lists."""
    later = StatusDecision.objects.filter(supersedes=OuterRef("pk"))
    return StatusDecision.objects.filter(
        ~Exists(later), kind=DecisionKind.SETTLEMENT, person__first_registration_date__year=year
    )


@report_section_counts("newcomers_settled_by_status")
def newcomers_settled_status_counts(year: int) -> list[QuerySet]:
    """The status each newcomer got when settling in the year (their current settlement
    decision), counted in the section's statement."""
    return [count_part(_settlement_decisions(year), "settlement_status", Count("id"), by="status")]


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


# Per table by status: the records, the date that decides their year, the statuses shown.
STATUS_TABLES: dict[str, tuple[type[Registration] | type[Contract], str, list[TargetGroupStatus]]] = {
    "registrations_by_status": (Registration, "registered_on", STATUSES[:3]),
    "contracts_by_status": (Contract, "signed_on", STATUSES[:2]),
}


@report_statement
def _registrations_per_status(year: int) -> QuerySet:
    model, date_field, _statuses = STATUS_TABLES["registrations_by_status"]
    return _status_counts(model.objects.all(), date_field, year)


@report_statement
def _contracts_per_status(year: int) -> QuerySet:
    model, date_field, _statuses = STATUS_TABLES["contracts_by_status"]
    return _status_counts(model.objects.all(), date_field, year)


def _by_status_per_year(counted: list[tuple], year: int, statuses) -> list[list]:
    """A row per year (the year before, the year) with the count per status and the total."""
    counts = {status: (previous, current) for status, previous, current in counted}
    rows = []
    for index, row_year in enumerate((year - 1, year)):
        values = [counts.get(status.value, (0, 0))[index] for status in statuses]
        rows.append([row_year, *values, sum(values)])
    return rows


@report_section(
    "registrations_by_status",
    title=_("Civic-integration registrations by status"),
    order=30,
    definition=_(
        "Civic-integration registrations at the agency, each in the year of its registration date, "
        "by the target-group status decided at registration (a later change of status does not move "
        "it). Registrations of people found not eligible are in no column and not in the total. "
        "Registrations are counted, not people: a person registered twice counts twice."
    ),
)
def registrations_by_status(year: int) -> Table:
    """Registrations at the agency in the year, by the status decided at registration
    (people not in the target group are not registrations of an integration client)."""
    statuses = STATUS_TABLES["registrations_by_status"][2]
    return Table(
        columns=["year", *[status.value for status in statuses], "totaal"],
        rows=_by_status_per_year(_registrations_per_status(year), year, statuses),
        column_labels=[str(_("year")), *[str(status.label) for status in statuses], str(_("total"))],
    )


@report_section(
    "contracts_by_status",
    title=_("Integration contracts signed by status"),
    order=40,
    definition=_(
        "Integration contracts, each in the year it was signed, by the status at signing (obligated or "
        "entitled). Every contract signed counts, also one ended since without a certificate."
    ),
)
def contracts_by_status(year: int) -> Table:
    statuses = STATUS_TABLES["contracts_by_status"][2]
    return Table(
        columns=["year", *[status.value for status in statuses], "totaal"],
        rows=_by_status_per_year(_contracts_per_status(year), year, statuses),
        column_labels=[str(_("year")), *[str(status.label) for status in statuses], str(_("total"))],
    )


def _contracts_with_counsellor(year: int) -> QuerySet:
    return Contract.objects.filter(signed_on__year=year, counsellor__isnull=False)


def _certificates(year: int) -> QuerySet[Certificate]:
    """The certificates issued in the year: counted, and listed by the drill-down."""
    return Certificate.objects.filter(issued_on__year=year)


@report_statement
def _counselling_figures(year: int) -> QuerySet:
    """One row: the certificates issued in the year and the days from contract to
    certificate, summed; the contracts signed in the year with a counsellor, the working
    time (full-time equivalents) of those counsellors and the languages they counsel in
    (a JSON array), each an uncorrelated subquery of the same statement."""
    contracts = _contracts_with_counsellor(year)
    counsellors = contracts.values("counsellor_id")
    return (
        _certificates(year)
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


@report_section(
    "trajectory_counselling",
    title=_("Trajectory counselling"),
    order=70,
    definition=_(
        "New clients per counsellor: the contracts signed in the year with a trajectory counsellor, "
        "divided by the working time (full-time equivalents) of the counsellors who took them. "
        "Certificates: the integration certificates issued in the year (the date of issue). The "
        "duration is the mean time from signing the contract to the certificate over those "
        "certificates, in months of 30.44 days; both averages are rounded half up."
    ),
)
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
    # The two averages count no one (a published edition prints them exactly).
    table.rows = [
        [table.labelled(label, people=people), value]
        for label, value, people in zip(
            COUNSELLING_LABELS, (per_counsellor, count, months), (False, True, False), strict=True
        )
    ]
    return table


def _dossiers(first_year: int, last_year: int) -> QuerySet[DiplomaDossier]:
    """The dossiers of the kinds the report shows, opened from ``first_year`` to
    ``last_year``: counted, and listed by the drill-down."""
    return DiplomaDossier.objects.filter(
        opened_on__range=(date(first_year, 1, 1), date(last_year, 12, 31)), kind__in=list(DOSSIER_LABELS)
    )


@report_statement
def _dossiers_per_kind(year: int) -> QuerySet:
    first = date(year, 1, 1)
    return (
        _dossiers(year - 1, year)
        .values_list("kind")
        .annotate(
            previous=Count("opened_on", filter=Q(opened_on__lt=first)),
            current=Count("opened_on", filter=Q(opened_on__gte=first)),
        )
        .order_by()
    )


@report_section(
    "diploma_recognition_dossiers",
    title=_("Diploma recognition dossiers"),
    order=80,
    definition=_(
        "Diploma recognition dossiers, each in the year it was opened, by kind: guidance of civic "
        "integration clients, of people without a civic integration contract, and referrals by VDAB. "
        "Every dossier opened counts, whatever its state now (refused or withdrawn ones too); a person "
        "with two dossiers counts twice."
    ),
)
def diploma_recognition_dossiers(year: int) -> Table:
    counts = {kind: (previous, current) for kind, previous, current in _dossiers_per_kind(year)}
    table = Table(
        columns=["kind", str(year - 1), str(year)], rows=[], column_labels=[str(_("kind")), str(year - 1), str(year)]
    )
    rows = [[table.labelled(label), *counts.get(kind.value, (0, 0))] for kind, label in DOSSIER_LABELS.items()]
    table.rows = rows
    table.total = {str(year - 1): sum(row[1] for row in rows), str(year): sum(row[2] for row in rows)}
    return table


def _exemption_tests(year: int) -> dict[str, QuerySet[ExemptionTest]]:
    """Exemption tests registered in the year, and passed in the year (the date taken):
    counted, and listed by the drill-down."""
    return {
        "registered": ExemptionTest.objects.filter(registered_on__year=year),
        "passed": ExemptionTest.objects.filter(result=ExemptionTestResult.PASSED, taken_on__year=year),
    }


@report_section_counts("civic_orientation_other")
def exemption_test_counts(year: int) -> list[QuerySet]:
    """Exemption tests: registered in the year, passed in the year."""
    return [count_part(tests, name, Count("*")) for name, tests in _exemption_tests(year).items()]


@report_section(
    "civic_orientation_other",
    title=_("Civic orientation: other figures"),
    order=60,
    definition=_(
        "Parkoer: the participants of Parkoer courses (15 to 19 year olds) who completed their course, "
        "in the year of completion. Exemption test: the registrations for the test in the year (the "
        "date of registration, whatever the result), and the tests passed in the year (the date the "
        "test was taken). Tests are counted, not people: a person registered twice counts twice."
    ),
)
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


# Drill-downs: the records behind each figure, from the querysets the figures count -------------


@report_drill("newcomers_settled_by_status")
def settled_status_records(year: int, row: list | None, column: str) -> Drill | None:
    """The current settlement decisions of a status (the total is the registry's)."""
    if row is None or column != str(year):
        return None
    return Drill(records=_settlement_decisions(year).filter(status=row[0]), person="person_id")


def _status_records(key: str, row: list | None, column: str) -> Drill | None:
    """The registrations or contracts of a row's year, of a status or of every status shown."""
    if row is None:
        return None
    model, date_field, statuses = STATUS_TABLES[key]
    shown = [status.value for status in statuses]
    if column not in (*shown, "totaal"):
        return None
    records = model.objects.filter(**{f"{date_field}__year": row[0]})
    return Drill(
        records=records.filter(status__in=shown if column == "totaal" else [column]),
        person="person_id",
    )


@report_drill("registrations_by_status")
def registration_records(year: int, row: list | None, column: str) -> Drill | None:
    return _status_records("registrations_by_status", row, column)


@report_drill("contracts_by_status")
def contract_records(year: int, row: list | None, column: str) -> Drill | None:
    return _status_records("contracts_by_status", row, column)


@report_drill("trajectory_counselling")
def counselling_records(year: int, row: list | None, column: str) -> Drill | None:
    """The certificates of the year; the two averages are not counts of records."""
    if row is None or column != str(year) or row[0] != report_words(COUNSELLING_LABELS[1]):
        return None
    return Drill(records=_certificates(year), person="contract__person_id")


@report_drill("diploma_recognition_dossiers")
def dossier_records(year: int, row: list | None, column: str) -> Drill | None:
    """The dossiers of a kind (or of every kind, the totals row) opened in the column's year."""
    if column not in (str(year - 1), str(year)):
        return None
    dossiers = _dossiers(int(column), int(column))
    if row is not None:
        kinds = {report_words(label): kind for kind, label in DOSSIER_LABELS.items()}
        if row[0] not in kinds:
            return None
        dossiers = dossiers.filter(kind=kinds[row[0]])
    return Drill(records=dossiers, person="person_id")


@report_drill("civic_orientation_other")
def exemption_test_records(year: int, row: list | None, column: str) -> Drill | None:
    """The exemption tests registered or passed in the year (the Parkoer row is the
    civic-orientation app's)."""
    names = {report_words(EXEMPTION_LABELS[0]): "registered", report_words(EXEMPTION_LABELS[1]): "passed"}
    if row is None or column != str(year) or row[0] not in names:
        return None
    return Drill(records=_exemption_tests(year)[names[row[0]]], person="person_id")


# The monthly flows (haven.people.report's ``monthly_flows``): the registrations and contracts
# the two tables by status total, by month, so the months add up to each table's total.
MONTHLY_LABELS = {
    "registrations_by_status": pgettext_lazy("annual report row", "Civic-integration registrations"),
    "contracts_by_status": pgettext_lazy("annual report row", "Integration contracts signed"),
}


def _flow_records(key: str, year: int) -> QuerySet:
    """The registrations or contracts of the year in the total of the table ``key`` (every
    status it shows)."""
    model, date_field, statuses = STATUS_TABLES[key]
    return model.objects.filter(**{f"{date_field}__year": year, "status__in": [status.value for status in statuses]})


@report_section_counts("monthly_flows")
def monthly_integration_counts(year: int) -> list[QuerySet]:
    """Registrations and contracts by month, in the monthly section's statement."""
    return [
        count_part(by_month(_flow_records(key, year), STATUS_TABLES[key][1]), key, Count("*"), by=MONTH)
        for key in MONTHLY_LABELS
    ]


@report_section_extend("monthly_flows")
def monthly_integration_rows(year: int, table: Table) -> None:
    for key, label in MONTHLY_LABELS.items():
        table.rows.append([table.labelled(label), *month_figures(table.counts, key)])


@report_drill("monthly_flows")
def monthly_integration_records(year: int, row: list | None, column: str) -> Drill | None:
    """The registrations or contracts of the month."""
    keys = {report_words(label): key for key, label in MONTHLY_LABELS.items()}
    if row is None or row[0] not in keys or column not in MONTHS:
        return None
    key = keys[row[0]]
    records = _flow_records(key, year).filter(**{f"{STATUS_TABLES[key][1]}__month": int(column)})
    return Drill(records=records, person="person_id")


@report_years_source("registered_on")
def years_registrations() -> QuerySet:
    """A main flow of the report: the civic-integration registrations, in the year made."""
    return Registration.objects.all()
