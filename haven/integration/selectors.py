"""Reads of the civic-integration line for the pages: each returns its rows in a fixed
number of queries, however many contracts, pauses or counsellors there are."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.core import reference
from haven.integration.models import (
    Contract,
    ContractPause,
    ContractState,
    CounsellorProfile,
    DiplomaDossier,
    ExemptionTest,
    ExemptionTestResult,
    NT2Level,
    Registration,
)

EXPIRY_HORIZON_DAYS = 30

# Filters of the caseload: which component is still outstanding.
OUTSTANDING_CHOICES = [
    ("civic_orientation", _("civic orientation")),
    ("dutch", _("Dutch as a second language")),
    ("career_orientation", _("career orientation")),
]


def _exemption_passed() -> Exists:
    return Exists(ExemptionTest.objects.filter(person_id=OuterRef("person_id"), result=ExemptionTestResult.PASSED))


def _outstanding_q(component: str) -> Q:
    if component == "civic_orientation":
        return Q(includes_civic_orientation=True, civic_orientation_passed_on__isnull=True, exemption_passed=False)
    if component == "dutch":
        return Q(includes_dutch=True) & (
            Q(dutch_level_reached="") | Q(dutch_target_level=NT2Level.A2, dutch_level_reached=NT2Level.A1)
        )
    if component == "career_orientation":
        return Q(includes_career_orientation=True, career_orientation_done_on__isnull=True)
    raise ValueError(component)


def contract_outstanding(contract: Contract) -> list[str]:
    """Short names of the components still to do (the caseload's column). Needs the
    ``exemption_passed`` annotation of :func:`caseload`."""
    outstanding = []
    if (
        contract.includes_civic_orientation
        and not contract.civic_orientation_passed_on
        and not getattr(contract, "exemption_passed", False)
    ):
        outstanding.append(str(_("MO")))
    if contract.includes_dutch and (
        not contract.dutch_level_reached or contract.dutch_level_reached < contract.dutch_target_level
    ):
        outstanding.append(str(_("NT2 %(level)s") % {"level": contract.dutch_target_level}))
    if contract.includes_career_orientation and not contract.career_orientation_done_on:
        outstanding.append(str(_("career orientation")))
    return outstanding


def caseload(
    *,
    counsellor: User,
    today: date,
    state: str = ContractState.OPEN,
    outstanding: str = "",
    pause_expiring: bool = False,
) -> QuerySet[Contract]:
    """A counsellor's contracts, with the next pause expiry and whether the person
    passed the exemption test, filtered as the caseload page asks."""
    contracts = (
        Contract.objects.filter(counsellor=counsellor)
        .select_related("person")
        .annotate(
            exemption_passed=_exemption_passed(),
            next_pause_expiry=Min("pauses__expires_on", filter=Q(pauses__expires_on__gte=today)),
        )
        .order_by("signed_on", "id")
    )
    if state:
        contracts = contracts.filter(state=state)
    if outstanding:
        contracts = contracts.filter(_outstanding_q(outstanding))
    if pause_expiring:
        contracts = contracts.filter(
            Exists(
                ContractPause.objects.filter(
                    contract_id=OuterRef("pk"),
                    expires_on__gte=today,
                    expires_on__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS),
                )
            )
        )
    return contracts


def pauses_expiring(
    *, today: date, counsellor: User | None = None, days: int = EXPIRY_HORIZON_DAYS
) -> QuerySet[ContractPause]:
    """Pauses of running contracts that end in the next ``days`` days: of one
    counsellor's caseload, or of all (``counsellor=None``)."""
    pauses = (
        ContractPause.objects.filter(
            expires_on__gte=today, expires_on__lte=today + timedelta(days=days), contract__state=ContractState.OPEN
        )
        .select_related("contract__person", "contract__counsellor")
        .order_by("expires_on", "id")
    )
    if counsellor is not None:
        pauses = pauses.filter(contract__counsellor=counsellor)
    return pauses


@dataclass
class LanguageRow:
    code: str
    name: str
    counsellors: list = field(default_factory=list)
    open_caseload: int = 0  # open contracts of clients who prefer this language


def team(*, year: int) -> tuple[Sequence[CounsellorProfile], list[LanguageRow]]:
    """Every counsellor with languages, working time, open caseload and new contracts
    in ``year``; and per language, the counsellors who speak it and the open contracts
    of clients who prefer it. Three queries."""
    profiles = list(
        CounsellorProfile.objects.select_related("user")
        .prefetch_related("languages")
        .annotate(
            open_caseload=Count("user__caseload", filter=Q(user__caseload__state=ContractState.OPEN), distinct=True),
            new_contracts=Count("user__caseload", filter=Q(user__caseload__signed_on__year=year), distinct=True),
        )
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    rows: dict[str, LanguageRow] = {}
    for profile in profiles:
        for language in profile.languages.all():
            rows.setdefault(language.code, LanguageRow(language.code, language.name)).counsellors.append(profile)
    demand = (
        Contract.objects.filter(state=ContractState.OPEN)
        .values_list("person__preferred_language")
        .annotate(count=Count("id"))
        .order_by()
    )
    for code, count in demand:
        if code:
            rows.setdefault(code, LanguageRow(code, reference.language_name(code))).open_caseload = count
    return profiles, sorted(rows.values(), key=lambda row: row.name.casefold())


def diploma_dossiers(*, kind: str = "", state: str = "") -> QuerySet[DiplomaDossier]:
    dossiers = DiplomaDossier.objects.select_related("person").order_by("-opened_on", "-id")
    if kind:
        dossiers = dossiers.filter(kind=kind)
    if state:
        dossiers = dossiers.filter(state=state)
    return dossiers


def counsellor_choices() -> QuerySet[User]:
    """Users who counsel (have a counsellor profile), for choosing one."""
    return User.objects.filter(counsellor_profile__isnull=False, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


@dataclass
class IntegrationFile:
    """Everything of a person the civic-integration panel shows."""

    registrations: list[Registration]
    contracts: list[Contract]
    exemption_tests: list[ExemptionTest]
    dossiers: list[DiplomaDossier]
    sensitive_visible: bool
