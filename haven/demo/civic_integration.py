"""Demo records of the civic-integration line: for every newcomer the facts the
municipality passes on (chosen so that the rules decide a planned status),
registrations, contracts with counsellors, certificates, exemption tests and diploma
dossiers. The plan is derived from the seed's printed figures; the report counts the
records the services make, and the rules decide every status."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group

from haven.accounts.models import User
from haven.accounts.services import user_create
from haven.core.models import AccessPurpose, Language
from haven.demo.population import Plan
from haven.integration import rules, services
from haven.integration.models import (
    CounsellorProfile,
    DecisionKind,
    DossierKind,
    DossierState,
    ExemptionTestResult,
    NT2Level,
    StatusDecision,
    TargetGroupStatus,
)
from haven.integration.rules.countries import BELGIUM

V, R, O, N = (  # noqa: E741  # the seed's own letters for the statuses
    TargetGroupStatus.OBLIGATED,
    TargetGroupStatus.ENTITLED,
    TargetGroupStatus.UNDETERMINED,
    TargetGroupStatus.NOT_ELIGIBLE,
)


def exempt_nationalities(year: int) -> frozenset[str]:
    """Nationals of these countries are never obligated in ``year`` (whoever settles on any
    day of it): citizens of the EU/EEA/Switzerland on that day, by the rules' dated list
    (the United Kingdom up to 2020), and Belgians (the demo plans no Belgian born abroad)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return rules.eu_eea_swiss_on(first) | rules.eu_eea_swiss_on(last) | {BELGIUM}


# The counsellors' languages (the report lists 15), two or three each, and their
# working time: 12 at 0.9 and 3 at 0.8 full-time equivalents.
COUNSELLOR_LANGUAGES = [
    ["ara", "fra"],
    ["ara", "eng"],
    ["bul", "tur"],
    ["bul", "eng"],
    ["prs", "pus", "eng"],
    ["rus", "eng"],
    ["pol", "rus"],
    ["ron", "ita"],
    ["spa", "ita"],
    ["som", "eng"],
    ["tur", "nld"],
    ["sqi", "ita"],
    ["spa", "fra"],
    ["nld", "eng"],
    ["fra", "nld"],
]
COUNSELLOR_FTE = [Decimal("0.9")] * 12 + [Decimal("0.8")] * 3
# The 2017 cohort: newcomers whose contracts (mid-2017) lead to the certificates of 2019.
COHORT_YEAR, COHORT_SIZE, COHORT_OBLIGATED = 2017, 1400, 560
MONTH_DAYS = 30.436875


@dataclass(frozen=True)
class Target:
    """What the generator wants the rules to decide for a newcomer, and how."""

    status: TargetGroupStatus
    minor: bool = False
    temporary: bool = False

    @property
    def senior_allowed(self) -> bool:
        return self.status == R


def _table(seed_report: dict, key: str) -> dict:
    return seed_report["tables"][key]


def _by_year(seed_report: dict, key: str) -> dict[int, dict[str, int]]:
    table = _table(seed_report, key)
    columns = table["columns"]
    return {row[0]: dict(zip(columns[1:], row[1:], strict=False)) for row in table["rows"]}


class CivicIntegrationPlan:
    """How many newcomers of each status to make per year, from the seed's figures."""

    def __init__(self, seed_report: dict):
        settled = _table(seed_report, "newcomers_settled_by_status")
        self.year = int(settled["columns"][1])
        self.previous = self.year - 1
        self.settled = {self.year: {row[0]: row[1] for row in settled["rows"]}}
        self.registrations = _by_year(seed_report, "registrations_by_status")
        self.contracts = _by_year(seed_report, "contracts_by_status")
        rows = {row[0]: row[1] for row in _table(seed_report, "trajectory_counselling")["rows"]}
        self.certificates, self.certificate_months = list(rows.values())[1], list(rows.values())[2]
        self.exemption_registered, self.exemption_passed = [
            row[1] for row in _table(seed_report, "civic_orientation_other")["rows"][1:]
        ]
        dossiers = _table(seed_report, "diploma_recognition_dossiers")
        kinds = [DossierKind.CLIENT, DossierKind.NON_CLIENT, DossierKind.VDAB]
        self.dossiers = {
            int(year): {kind: row[index] for kind, row in zip(kinds, dossiers["rows"], strict=False)}
            for index, year in ((1, dossiers["columns"][1]), (2, dossiers["columns"][2]))
        }
        # Obligated registrations of the report year that come from last year's newcomers.
        registrations = self.registrations[self.year]
        self.obligated_from_previous = registrations["verplicht"] - int(self.settled[self.year]["verplicht"] * 0.85)
        # Last year's newcomers: enough obligated for both years' registrations, a margin
        # of people who never come; statuses otherwise like the report year's.
        self.settled[self.previous] = {
            "verplicht": self.registrations[self.previous]["verplicht"] + self.obligated_from_previous + 60,
            "onbepaald": self.registrations[self.previous]["onbepaald"] + 200,
            "niet in aanmerking": 40,
        }

    def targets(self, plan: Plan, arrivals: list[str], rng: random.Random) -> list[Target]:
        """A target per arrival: obligated only for nationalities that can be; a few
        not eligible (children, stays for a temporary purpose); the rest entitled."""
        if plan.year == COHORT_YEAR:
            quotas = {V: COHORT_OBLIGATED}
        else:
            wanted = self.settled[plan.year]
            quotas = {V: wanted["verplicht"], O: wanted["onbepaald"], N: wanted["niet in aanmerking"]}
        indices = list(range(len(arrivals)))
        rng.shuffle(indices)
        targets: list[Target | None] = [None] * len(arrivals)
        exempt = exempt_nationalities(plan.year)
        can_be_obligated = [i for i in indices if arrivals[i] not in exempt]
        if len(can_be_obligated) < quotas[V]:
            raise ValueError(f"{plan.year}: only {len(can_be_obligated)} newcomers can be obligated.")
        for i in can_be_obligated[: quotas[V]]:
            targets[i] = Target(V)
        rest = [i for i in indices if targets[i] is None]
        not_eligible = quotas.get(N, 0)
        for position, i in enumerate(rest[:not_eligible]):
            targets[i] = Target(N, minor=position % 2 == 0, temporary=position % 2 == 1)
        for i in rest[not_eligible : not_eligible + quotas.get(O, 0)]:
            targets[i] = Target(O)
        return [target or Target(R) for target in targets]


def cohort_plan(rng: random.Random, previous: Plan) -> Plan:
    """The 2017 newcomers: nationalities drawn like 2018's."""
    codes = [code for code, count in previous.counts.items() for _ in range(count)]
    counts: dict[str, int] = defaultdict(int)
    for code in rng.sample(codes, COHORT_SIZE):
        counts[code] += 1
    return Plan(COHORT_YEAR, dict(counts), first_day=date(COHORT_YEAR, 1, 2), last_day=date(COHORT_YEAR, 5, 31))


def facts_for(target: Target, person, rng: random.Random) -> dict:
    """Facts that lead the rules to the target status."""
    facts = {
        "register": "foreigners",
        "residence_title": "limited",
        "residence_title_months": 12,
        "first_residence_title": True,
        "asylum_procedure_start": None,
        "born_abroad": True,
        "parent_born_abroad": True,
        "first_registration_belgium": person.first_registration_date,
        "moved_from_elsewhere_in_belgium": False,
        "eu_family_member": False,
        "serious_illness_certificate": False,
        "belgian_or_dutch_diploma": False,
        "earlier_integration_certificate": False,
    }
    if target.status == R and not rules.eu_eea_swiss_citizen(person.nationality, person.first_registration_date):
        # Entitled but exempt from the obligation: a Belgian or Dutch diploma, or an
        # earlier certificate.
        facts["belgian_or_dutch_diploma" if rng.random() < 0.7 else "earlier_integration_certificate"] = True
    elif target.status == R and rng.random() < 0.3:
        facts["residence_title"], facts["residence_title_months"] = "unlimited", None
    elif target.status == O:
        # The municipality passed on no residence facts yet.
        facts.update(register="", residence_title="", residence_title_months=None, first_residence_title=None)
    elif target.status == N and target.temporary:
        facts.update(residence_title="temporary_purpose", residence_title_months=10, first_residence_title=False)
    return facts


class CivicIntegrationBuilder:
    def __init__(self, *, rng: random.Random, plan: CivicIntegrationPlan, staff: dict, stdout=None):
        self.rng = rng
        self.plan = plan
        self.intake = staff["intake"]
        self.stdout = stdout
        self.settled: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.counsellors: list[User] = []
        self.demo_counsellor = staff["counsellor"]

    # Newcomers ---------------------------------------------------------------------------

    def on_person(self, person, target: Target) -> None:
        services.facts_save(
            person=person,
            values=facts_for(target, person, self.rng),
            by=self.intake,
            purpose=AccessPurpose.REGISTRATION,
        )
        # The registration decided the settlement status (the registry's hook), the facts
        # decided it again; ``build`` checks, in one query, that the rules' answers are the plan's.
        self.settled[person.first_registration_date.year][target.status].append(person)

    def _settled_check(self) -> None:
        """Every newcomer's current settlement decision is the status the plan drew facts for."""
        planned = {
            person.pk: status
            for by_status in self.settled.values()
            for status, people in by_status.items()
            for person in people
        }
        decided = dict(
            StatusDecision.objects.filter(kind=DecisionKind.SETTLEMENT, superseded_by__isnull=True).values_list(
                "person_id", "status"
            )
        )
        wrong = {pk: (status, decided.get(pk)) for pk, status in planned.items() if decided.get(pk) != status}
        if wrong:
            raise AssertionError(f"The rules decided otherwise than the plan for {len(wrong)} newcomers: {wrong}")

    # Counsellors -------------------------------------------------------------------------

    def counsellors_create(self, faker) -> None:
        languages = {language.code: language for language in Language.objects.all()}
        counsellor_group = Group.objects.get(name="counsellor")
        for index, (codes, fte) in enumerate(zip(COUNSELLOR_LANGUAGES, COUNSELLOR_FTE, strict=False)):
            if index == 0:
                user = self.demo_counsellor
            else:
                user = user_create(
                    username=f"counsellor{index + 1:02d}",
                    password=None,
                    first_name=faker.first_name(),
                    last_name=faker.last_name(),
                    roles=[counsellor_group.name],
                )
            profile = CounsellorProfile.objects.create(user=user, fte=fte)
            profile.languages.set([languages[code] for code in codes])
            self.counsellors.append(user)

    # Registrations, contracts, certificates ----------------------------------------------

    def _day_after(self, start: date, year: int, most: int = 45) -> date:
        """A day 0..most days after start, inside ``year`` (never before start)."""
        low = max(start, date(year, 1, 1))
        high = min(low + timedelta(days=most), date(year, 12, 31))
        return low + timedelta(days=self.rng.randint(0, (high - low).days))

    def _register(self, people: list, year: int, count: int, status: str) -> list:
        chosen, rest = people[:count], people[count:]
        if len(chosen) < count:
            raise ValueError(f"Not enough {status} newcomers to register {count} in {year}.")
        people[:] = rest
        registrations = []
        for person in chosen:
            registration = services.registration_create(
                person=person, registered_on=self._day_after(person.first_registration_date, year), by=self.intake
            )
            if registration.status != status:
                raise AssertionError(f"Registered as {registration.status}, planned {status}.")
            registrations.append(registration)
        return registrations

    def _sign(self, registrations: list, year: int):
        contracts = []
        for registration in registrations:
            components = {
                "dutch_target_level": NT2Level.A1 if self.rng.random() < 0.15 else NT2Level.A2,
                "childcare_needed": self.rng.random() < 0.12,
                "includes_career_orientation": self.rng.random() < 0.9,
            }
            contracts.append(
                services.contract_sign(
                    registration=registration,
                    signed_on=self._day_after(registration.registered_on, year, 30),
                    by=self.intake,
                    components=components,
                )
            )
        return contracts

    def build(self) -> None:
        plan, year, previous = self.plan, self.plan.year, self.plan.previous
        rng = self.rng
        self._settled_check()
        pools = {
            settle_year: {status: list(people) for status, people in by_status.items()}
            for settle_year, by_status in self.settled.items()
        }
        for by_status in pools.values():
            for people in by_status.values():
                rng.shuffle(people)
        # Late newcomers of a year come to the agency the next year.
        for by_status in pools.values():
            for people in by_status.values():
                people.sort(key=lambda person: person.first_registration_date)

        # 2017: the cohort registers and signs (contracts from mid-2017), and most earn
        # the certificate in the report year.
        cohort = pools[COHORT_YEAR]
        cohort_obligated = self._register(cohort[V], COHORT_YEAR, len(cohort[V]), V)
        cohort_entitled = self._register(cohort[R], COHORT_YEAR, len(cohort[R]), R)
        late_obligated = plan.contracts[previous]["verplicht"] - plan.registrations[previous]["verplicht"] + 4
        signed_2017 = []
        for registration in cohort_obligated[late_obligated:] + cohort_entitled:
            signed_on = max(registration.registered_on, date(COHORT_YEAR, 6, 15)) + timedelta(days=rng.randint(0, 150))
            signed_2017.append(services.contract_sign(registration=registration, signed_on=signed_on, by=self.intake))
        self._certify(signed_2017, year)

        # Last year: registrations by status; obligated and entitled sign that year,
        # four obligated the next, and some entitled never.
        regs_previous = {
            status: self._register(
                pools[previous][status], previous, plan.registrations[previous][status.value], status
            )
            for status in (V, R, O)
        }
        self._sign(cohort_obligated[:late_obligated], previous)
        self._sign(regs_previous[V][4:], previous)
        self._sign(regs_previous[R][: plan.contracts[previous]["rechthebbend"]], previous)

        # The report year: registrations from this year's newcomers, and obligated ones
        # from last year's too; every obligated and entitled registration signs.
        from_previous = pools[previous][V][: plan.obligated_from_previous]
        pools[previous][V] = pools[previous][V][plan.obligated_from_previous :]
        regs_year = {
            V: self._register(from_previous, year, plan.obligated_from_previous, V)
            + self._register(
                pools[year][V], year, plan.registrations[year]["verplicht"] - plan.obligated_from_previous, V
            ),
            R: self._register(pools[year][R], year, plan.registrations[year]["rechthebbend"], R),
            O: self._register(pools[year][O], year, plan.registrations[year]["onbepaald"], O),
        }
        contracts_year = self._sign(regs_previous[V][:4], year) + self._sign(regs_year[V] + regs_year[R], year)
        self._exemption_tests(contracts_year, year)
        self._complete_facts(regs_previous[O][:20])
        self._dossiers(year, previous)
        if self.stdout:
            self.stdout.write(
                f"  civic integration: {sum(len(v) for v in regs_year.values())} registrations and "
                f"{len(contracts_year)} contracts in {year}"
            )

    def _certify(self, contracts: list, year: int) -> None:
        """Progress and certificates, 19 months on average after signing."""
        months = self.plan.certificate_months
        contracts = sorted(contracts, key=lambda contract: contract.signed_on)[: self.plan.certificates]
        for index, contract in enumerate(contracts):
            offset = (index % 17) - 8  # symmetric spread around the mean
            issued_on = contract.signed_on + timedelta(days=round(months * MONTH_DAYS) + offset)
            if issued_on.year != year:
                raise AssertionError("A certificate of the cohort falls outside the report year.")
            done = issued_on - timedelta(days=20)
            services.contract_progress_record(
                contract=contract,
                by=self.intake,
                values={
                    "civic_orientation_passed_on": done - timedelta(days=200),
                    "dutch_level_reached": contract.dutch_target_level,
                    "dutch_level_reached_on": done,
                    "career_orientation_done_on": done if contract.includes_career_orientation else None,
                },
            )
            services.certificate_issue(contract=contract, issued_on=issued_on, by=self.demo_counsellor)

    def _exemption_tests(self, contracts: list, year: int) -> None:
        registered, passed = self.plan.exemption_registered, self.plan.exemption_passed
        candidates = [contract for contract in contracts if contract.signed_on <= date(year, 10, 1)]
        for index, contract in enumerate(candidates[:registered]):
            test = services.exemption_test_register(
                person=contract.person, registered_on=self._day_after(contract.signed_on, year, 20), by=self.intake
            )
            if index < passed:
                result = ExemptionTestResult.PASSED
            else:
                result = [
                    ExemptionTestResult.FAILED,
                    ExemptionTestResult.FAILED,
                    ExemptionTestResult.ABSENT,
                    ExemptionTestResult.PENDING,
                ][index % 4]
            if result != ExemptionTestResult.PENDING:
                services.exemption_test_result(
                    test=test, taken_on=test.registered_on + timedelta(days=28), result=result, by=self.intake
                )

    def _complete_facts(self, registrations: list) -> None:
        """Intake completes the facts of some undetermined registrations later: the
        status is re-evaluated and the change kept in the registration's history."""
        for registration in registrations:
            services.facts_save(
                person=registration.person,
                by=self.intake,
                purpose=AccessPurpose.REGISTRATION,
                values={
                    "register": "foreigners",
                    "residence_title": "unlimited",
                    "residence_title_months": None,
                    "first_residence_title": False,
                },
            )

    def _dossiers(self, year: int, previous: int) -> None:
        from haven.integration.models import Contract
        from haven.people.models import Person

        clients = list(Contract.objects.values_list("person_id", flat=True).distinct()[:2000])
        others = list(
            Person.objects.exclude(contracts__isnull=False)
            .filter(birth_date__lte=date(previous - 18, 1, 1))
            .values_list("id", flat=True)[:2000]
        )
        people = Person.objects.in_bulk(clients + others)
        documents = ["diploma (original)", "transcript of grades", "sworn translation", "proof of identity"]
        for dossier_year in (previous, year):
            for kind, count in self.plan.dossiers[dossier_year].items():
                pool = clients if kind == DossierKind.CLIENT else others
                for _ in range(count):
                    person = people[pool.pop()]
                    opened_on = date(dossier_year, 1, 2) + timedelta(days=self.rng.randint(0, 360))
                    dossier = services.diploma_dossier_create(
                        person=person,
                        kind=kind,
                        opened_on=opened_on,
                        diploma="Bachelor (demo)",
                        missing_documents=self.rng.sample(documents, self.rng.randint(0, 2)),
                        by=self.intake,
                    )
                    if dossier_year == previous and self.rng.random() < 0.7:
                        services.diploma_dossier_update(
                            dossier=dossier,
                            state=self.rng.choice(
                                [DossierState.RECOGNISED, DossierState.PARTLY, DossierState.SUBMITTED]
                            ),
                            missing_documents=[],
                            by=self.intake,
                        )
