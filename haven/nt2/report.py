"""The NT2 section of the annual report: the Huis van het Nederlands in figures."""

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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
from haven.reports.registry import Table, report_section

FUND_LABELS = {
    Funder.CITY: "Beurzen UCT toegekend door de Stad Gent",
    Funder.FLANDERS: "Beurzen UCT toegekend door de Vlaamse overheid",
}


def _providers() -> list[str]:
    """The active providers, by kind (basic education, adult education, university,
    VDAB, other), then by name."""
    kinds = list(ProviderKind.values)
    providers = Provider.objects.filter(active=True).values_list("kind", "name")
    return [name for _kind, name in sorted(providers, key=lambda row: (kinds.index(row[0]), row[1].casefold()))]


@report_section("dutch_second_language", title=_("Dutch as a second language (NT2)"), order=90)
def dutch_second_language(year: int) -> Table:
    """People with an intake conversation and the conversations held in the year; aptitude
    and level tests taken; enrolments requested at the adult education centres (CVO);
    scholarships granted per funder; certification tests taken."""
    conversations = Conversation.objects.filter(held_on__year=year).aggregate(
        people=Count("person", distinct=True), held=Count("id")
    )
    grants = dict(
        Scholarship.objects.filter(granted_on__year=year)
        .values_list("fund__funder")
        .annotate(count=Count("id"))
        .order_by()
    )
    rows = [
        ["Personen op intakegesprek", conversations["people"]],
        ["Gesprekken", conversations["held"]],
        ["Afgenomen testen", LanguageTest.objects.filter(taken_on__year=year).count()],
        [
            "Inschrijvingen voor de CVO's",
            Enrolment.objects.filter(Q(requested_on__year=year) & Q(module__provider__kind=ProviderKind.CVO)).count(),
        ],
        *([label, grants.get(funder, 0)] for funder, label in FUND_LABELS.items()),
        ["Certificerende testen", CertificationTest.objects.filter(taken_on__year=year).count()],
    ]
    with translation.override("nl"):
        purposes = [str(label) for label in CertificationPurpose.labels]
    return Table(
        columns=["label", str(year)],
        rows=rows,
        extra={"providers": _providers(), "certification_purposes_nl": purposes},
        column_labels=[str(_("figure")), str(year)],
    )
