"""The NT2 section of the annual report: the Huis van het Nederlands in figures."""

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.nt2.models import (
    CertificationPurpose,
    CertificationTest,
    Conversation,
    Enrolment,
    Funder,
    LanguageTest,
    Provider,
    ProviderKind,
    Scholarship,
)
from haven.people.models import Person
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_statement,
    report_words,
    section_counts,
)

# The rows' labels: their Dutch translations are the annual report's own words (``Table.labelled``).
FUND_LABELS = {
    Funder.CITY: pgettext_lazy("annual report row", "UCT grants awarded by the City of Ghent"),
    Funder.FLANDERS: pgettext_lazy("annual report row", "UCT grants awarded by the Flemish government"),
}
ROW_LABELS = {
    "people": pgettext_lazy("annual report row", "People at an intake conversation"),
    "held": pgettext_lazy("annual report row", "Conversations"),
    "tests": pgettext_lazy("annual report row", "Tests taken"),
    "enrolments": pgettext_lazy("annual report row", "Enrolments at the adult education centres (CVO)"),
    "certification": pgettext_lazy("annual report row", "Certification tests"),
}


@report_statement
def _active_providers(year: int) -> QuerySet:
    """The providers active now (the report names them whatever the year)."""
    return Provider.objects.filter(active=True).values_list("kind", "name")


def _providers(year: int) -> list[str]:
    """The active providers, by kind (basic education, adult education, university,
    VDAB, other), then by name."""
    kinds = list(ProviderKind.values)
    return [
        name
        for _kind, name in sorted(_active_providers(year), key=lambda row: (kinds.index(row[0]), row[1].casefold()))
    ]


def _records(year: int) -> dict[str, QuerySet]:
    """Each row's records of the year (the people row counts the conversations' distinct
    people; the grants are split by funder): what the section counts and what its
    drill-down lists, so the two cannot drift."""
    return {
        "held": Conversation.objects.filter(held_on__year=year),
        "tests": LanguageTest.objects.filter(taken_on__year=year),
        "enrolments": Enrolment.objects.filter(requested_on__year=year, module__provider__kind=ProviderKind.CVO),
        "grants": Scholarship.objects.filter(granted_on__year=year),
        "certification": CertificationTest.objects.filter(taken_on__year=year),
    }


@report_section_counts("dutch_second_language")
def dutch_second_language_counts(year: int) -> list[QuerySet]:
    records = _records(year)
    return [
        count_part(records["held"], "people", Count("person", distinct=True)),
        count_part(records["held"], "held", Count("*")),
        count_part(records["tests"], "tests", Count("*")),
        count_part(records["enrolments"], "enrolments", Count("*")),
        count_part(records["grants"], "grants", Count("*"), by="fund__funder"),
        count_part(records["certification"], "certification", Count("*")),
    ]


@report_section(
    "dutch_second_language",
    title=_("Dutch as a second language (NT2)"),
    order=90,
    definition=_(
        "People at an intake conversation: each person with at least one NT2 conversation held in the "
        "year, once; conversations: every conversation held in the year, of any kind. Tests are the "
        "aptitude and level tests taken in the year; enrolments, those requested in the year at an "
        "adult education centre (CVO), also the ones dropped since. Grants are the UCT scholarships "
        "granted in the year, by the funder of their fund; certification tests, those taken in the year."
    ),
)
def dutch_second_language(year: int) -> Table:
    """People with an intake conversation and the conversations held in the year; aptitude
    and level tests taken; enrolments requested at the adult education centres (CVO);
    scholarships granted per funder; certification tests taken."""
    counts = section_counts("dutch_second_language", year)
    purposes = [report_words(label) for label in CertificationPurpose.labels]
    providers = _providers(year)
    table = Table(
        columns=["label", str(year)],
        rows=[],
        extra={"providers": providers, "certification_purposes_nl": purposes},
        notes=[
            _("Providers: %(names)s") % {"names": ", ".join(providers)},
            _("Certification tests for: %(purposes)s")
            % {"purposes": ", ".join(str(label) for label in CertificationPurpose.labels)},
        ],
        column_labels=[str(_("figure")), str(year)],
    )

    def row(key: str) -> list:
        return [table.labelled(ROW_LABELS[key]), counts.get((key, ""), 0)]

    table.rows = [
        row("people"),
        row("held"),
        row("tests"),
        row("enrolments"),
        *([table.labelled(label), counts.get(("grants", funder.value), 0)] for funder, label in FUND_LABELS.items()),
        row("certification"),
    ]
    return table


@report_drill("dutch_second_language")
def dutch_second_language_records(year: int, row: list | None, column: str) -> Drill | None:
    """The records behind a row: the conversations' people, or the row's records."""
    if row is None or column != str(year):
        return None
    records = _records(year)
    keys = {report_words(label): key for key, label in ROW_LABELS.items()}
    funders = {report_words(label): funder for funder, label in FUND_LABELS.items()}
    if row[0] in funders:
        return Drill(records=records["grants"].filter(fund__funder=funders[row[0]]), person="person_id")
    key = keys.get(row[0])
    if key is None:
        return None
    if key == "people":
        return Drill(records=Person.objects.filter(pk__in=records["held"].values("person")), person="pk")
    return Drill(records=records[key], person="person_id")
