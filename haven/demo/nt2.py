"""Demo records of the Huis van het Nederlands (NT2): the six providers and their
modules, intake conversations, tests, routings (the engine's proposal and the staff's
choice), enrolments on people's behalf, scholarships and certification tests, for 2018
and 2019, and modules for the coming months so that routing and enrolment work today.

The 2019 counts come from the seed's ``dutch_second_language`` table; 2018 is made at a
smaller scale (the report has no 2018 figures and the demo has fewer people then). Each
learner gets a profile (literacy track, slow, regular, fast, job-oriented); the intake
facts are drawn to fit it and the routing engine must propose the profile's provider
kind from them (asserted). The bulk of the records is written with ``bulk_create``;
scholarships and certification tests go through the services (budget and the
integration contract's NT2 condition).
"""

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from haven.accounts.services import user_create
from haven.integration.models import Contract, ContractState
from haven.nt2 import routing as engine
from haven.nt2 import services
from haven.nt2.models import (
    CEFR_LEVELS,
    Aptitude,
    CertificationPurpose,
    Conversation,
    ConversationKind,
    Diploma,
    Enrolment,
    EnrolmentStatus,
    Funder,
    LanguageTest,
    LearningGoal,
    Module,
    Outcome,
    Pace,
    Provider,
    ProviderKind,
    Routing,
    ScholarshipFund,
    Skill,
    TestKind,
)
from haven.people.models import Person

# The seed names the providers; their kind, learner profiles and levels are the demo's.
PROVIDERS = {
    "Centrum voor Basiseducatie Leerpunt": (
        "Leerpunt",
        ProviderKind.CBE,
        [Pace.ALPHA, Pace.SLOW],
        CEFR_LEVELS[:2],
        "Kongostraat 42, 9000 Gent",
        15,
    ),
    "CVO Gent": (
        "CVO Gent",
        ProviderKind.CVO,
        [Pace.REGULAR],
        CEFR_LEVELS[:5],
        "Sint-Pietersnieuwstraat 120, 9000 Gent",
        24,
    ),
    "PCVO Het Perspectief": (
        "Het Perspectief",
        ProviderKind.CVO,
        [Pace.REGULAR],
        CEFR_LEVELS[:4],
        "Sint-Denijslaan 251, 9000 Gent",
        24,
    ),
    "Universitair Centrum voor Talenonderwijs (UGent)": (
        "UCT",
        ProviderKind.UCT,
        [Pace.FAST],
        CEFR_LEVELS,
        "Sint-Pietersnieuwstraat 25, 9000 Gent",
        20,
    ),
    "VDAB": ("VDAB", ProviderKind.VDAB, [Pace.REGULAR, Pace.FAST], CEFR_LEVELS[:3], "Tramstraat 59, 9052 Gent", 16),
    "KISP": ("KISP", ProviderKind.OTHER, [Pace.REGULAR], CEFR_LEVELS[:3], "Wolterslaan 16, 9000 Gent", 16),
}
MODULE_HOURS = {Pace.ALPHA: 150, Pace.SLOW: 120, Pace.REGULAR: 120, Pace.FAST: 80}
# Profiles: (name, share, provider kind the engine proposes)
PROFILES = [
    ("alpha", 0.06, ProviderKind.CBE),
    ("slow", 0.10, ProviderKind.CBE),
    ("regular", 0.66, ProviderKind.CVO),
    ("fast", 0.08, ProviderKind.UCT),
    ("work", 0.07, ProviderKind.VDAB),
    ("kisp", 0.03, ProviderKind.CVO),
]
OVERRIDE_REASONS = [
    "Verkiest avondles dicht bij huis.",
    "Werkt in ploegen; enkel deze provider past.",
    "Wil samen met partner les volgen.",
]
# Certification purposes: share and the level tested.
CERTIFICATION = [
    (CertificationPurpose.NATIONALITY, 0.45, "A2"),
    (CertificationPurpose.NT2_EXEMPTION, 0.22, "A2"),
    (CertificationPurpose.SOCIAL_HOUSING, 0.15, "A1"),
    (CertificationPurpose.PUBLIC_EMPLOYMENT, 0.12, "B1"),
    (CertificationPurpose.KIND_EN_GEZIN, 0.06, "B1"),
]
SCALE_2018 = 0.5  # 2018 has about half the adults of 2019 in the demo population
FUND_SLACK = 1.08  # budgets a little above what is granted
NT2_STAFF = 4


@dataclass
class Learner:
    person: Person
    profile: str
    dates: list[date] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)


def _month_start(day: date) -> date:
    """Modules start on the first Monday on or after the 3rd of a month."""
    first = day.replace(day=3)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _next_start(after: date) -> date:
    start = _month_start(after)
    if start < after + timedelta(days=7):
        following = (after.replace(day=1) + timedelta(days=32)).replace(day=1)
        start = _month_start(following)
    return start


def _split(rng: random.Random, total: int, slots: int, cap: int) -> list[int]:
    """``total`` spread over ``slots``, each at least 1 and at most ``cap``."""
    counts = [1] * slots
    extra = total - slots
    if extra < 0 or slots * cap < total:
        raise ValueError("Cannot split the demo's counts.")
    while extra:
        index = rng.randrange(slots)
        if counts[index] < cap:
            counts[index] += 1
            extra -= 1
    return counts


class Nt2Builder:
    def __init__(self, *, rng: random.Random, seed_report: dict, staff: dict, faker, stdout=None):
        self.rng = rng
        table = seed_report["tables"]["dutch_second_language"]
        figures = [value for _label, value in table["rows"]]
        (
            self.people,
            self.conversations,
            self.tests,
            self.cvo_enrolments,
            self.city_grants,
            self.flemish_grants,
            self.certifications,
        ) = figures
        self.provider_names = table["providers"]
        self.staff = staff
        self.faker = faker
        self.stdout = stdout
        self.workers = []
        self.providers: dict[str, list[Provider]] = defaultdict(list)
        self.modules: dict[tuple, list[Module]] = {}
        self.module_fill: Counter = Counter()
        self.module_people: dict[int, set[int]] = defaultdict(set)
        self.contract_people: set[int] = set()

    # --- reference data -------------------------------------------------------------

    def providers_create(self) -> None:
        for name in self.provider_names:
            short, kind, paces, levels, address, _places = PROVIDERS[name]
            provider = Provider.objects.create(
                name=name, short_name=short, kind=kind, paces=list(paces), levels=list(levels), address=address
            )
            self.providers[kind].append(provider)

    def staff_create(self) -> None:
        self.workers = [self.staff["intake"]]
        for index in range(1, NT2_STAFF):
            self.workers.append(
                user_create(
                    username=f"nt2-{index}",
                    password=None,
                    first_name=self.faker.first_name(),
                    last_name=self.faker.last_name(),
                    email=f"nt2-{index}@demo.haven.invalid",
                    roles=["intake"],
                )
            )

    def _module(
        self, provider: Provider, level: str, pace: str, starts_on: date, person_id: int | None = None
    ) -> Module:
        """A module of the provider at this level, pace and start with a free place (and
        without this person); a new group opens when the others are full."""
        key = (provider.pk, level, pace, starts_on)
        groups = self.modules.setdefault(key, [])
        places = PROVIDERS[provider.name][5]
        for module in groups:
            if self.module_fill[module.pk] < places and person_id not in self.module_people[module.pk]:
                return module
        hours = MODULE_HOURS[pace]
        module = Module.objects.create(
            provider=provider,
            title=f"Nederlands {level} – groep {len(groups) + 1}",
            level=level,
            pace=pace,
            hours=hours,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(weeks=math.ceil(hours / 9)),
            places=places,
            location=provider.address,
        )
        groups.append(module)
        return module

    # --- learners ---------------------------------------------------------------------

    def _profiles(self, people: list[Person], flemish: int, city: int) -> list[str]:
        """A profile per person; the scholarship holders first get the fast profile (the
        Flemish fund's among those with an integration contract)."""
        profiles = [self.rng.choices([p[0] for p in PROFILES], [p[1] for p in PROFILES])[0] for _ in people]
        with_contract = [index for index, person in enumerate(people) if person.pk in self.contract_people]
        others = [index for index in range(len(people)) if people[index].pk not in self.contract_people]
        self.rng.shuffle(with_contract)
        self.rng.shuffle(others)
        self.flemish_holders = with_contract[:flemish]
        self.city_holders = others[:city]
        for index in self.flemish_holders + self.city_holders:
            profiles[index] = "fast"
        return profiles

    def _facts(self, profile: str) -> dict:
        """Intake facts that lead the routing engine to the profile's provider kind; the
        learning pace is the staff's estimate in the conversation (an aptitude test, where
        there is one, says the same)."""
        rng = self.rng
        values = {
            "literate": True,
            "latin_script": True,
            "work_follow_up": False,
            "years_of_schooling": None,
            "highest_diploma": "",
            "learning_pace": "",
        }
        if profile == "alpha":
            if rng.random() < 0.5:
                values.update(
                    literate=False,
                    latin_script=False,
                    years_of_schooling=rng.randint(0, 4),
                    highest_diploma=Diploma.NONE,
                )
            else:  # reads Arabic, Tigrinya, … but not the Latin script
                values.update(
                    latin_script=False,
                    years_of_schooling=rng.randint(4, 12),
                    highest_diploma=rng.choice([Diploma.PRIMARY, Diploma.LOWER_SECONDARY]),
                )
        elif profile == "slow":
            if rng.random() < 0.5:
                values.update(
                    years_of_schooling=rng.randint(9, 12),
                    highest_diploma=Diploma.LOWER_SECONDARY,
                    learning_pace=Aptitude.SLOW,
                )
            else:
                values.update(
                    years_of_schooling=rng.randint(3, 8), highest_diploma=rng.choice([Diploma.NONE, Diploma.PRIMARY])
                )
        elif profile == "fast":
            values.update(
                years_of_schooling=rng.randint(12, 18),
                learning_pace=Aptitude.FAST,
                highest_diploma=rng.choice([Diploma.UPPER_SECONDARY, Diploma.HIGHER, Diploma.HIGHER]),
            )
        elif profile == "work":
            values.update(work_follow_up=True, years_of_schooling=rng.randint(6, 14))
        else:  # regular, and KISP (routed to a CVO, chosen otherwise)
            values.update(
                years_of_schooling=rng.randint(9, 16),
                learning_pace=Aptitude.REGULAR,
                highest_diploma=rng.choice([Diploma.LOWER_SECONDARY, Diploma.UPPER_SECONDARY, Diploma.HIGHER]),
            )
        return values

    def year_build(self, year: int, pool: list[Person], scale: float, previous: set[int]) -> set[int]:
        rng = self.rng
        people_count = round(self.people * scale)
        conversation_count = round(self.conversations * scale)
        test_count = round(self.tests * scale)
        cvo_count = round(self.cvo_enrolments * scale)
        flemish, city = round(self.flemish_grants * scale), round(self.city_grants * scale)
        certification_count = round(self.certifications * scale)
        last_day = date(year, 12, 31)
        candidates = [
            person
            for person in pool
            if person.first_registration_date <= date(year, 10, 31)
            and (date(year, 12, 31) - person.birth_date).days >= 19 * 365
        ]
        if len(candidates) < people_count:
            raise ValueError(f"Only {len(candidates)} adults for {people_count} NT2 learners in {year}.")
        people = rng.sample(candidates, people_count)
        profiles = self._profiles(people, flemish, city)
        per_person = _split(rng, conversation_count, people_count, cap=6)
        learners = []
        for person, profile, count in zip(people, profiles, per_person, strict=False):
            start = max(date(year, 1, 2), person.first_registration_date + timedelta(days=7))
            span = (last_day - start).days
            dates = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
            learners.append(Learner(person, profile, dates))

        # Tests: the aptitude tests the profiles need, then aptitude tests of others, then
        # level tests at later conversations, up to the year's count.
        tests: dict[int, list[tuple]] = defaultdict(list)  # learner index → (conversation index, kind, …)
        facts = [self._facts(learner.profile) for learner in learners]
        required = [
            (index, 0, TestKind.APTITUDE, "", "", Aptitude.FAST)
            for index, learner in enumerate(learners)
            if learner.profile == "fast"
        ]
        optional = []
        for index, learner in enumerate(learners):
            if facts[index]["learning_pace"] and learner.profile != "fast":
                optional.append((index, 0, TestKind.APTITUDE, "", "", facts[index]["learning_pace"]))
            for later in range(1, len(learner.dates)):
                skill = rng.choice(Skill.values)
                optional.append((index, later, TestKind.LEVEL, skill, rng.choice(CEFR_LEVELS[:3]), ""))
        rng.shuffle(optional)
        chosen = required + optional[: test_count - len(required)]
        if len(chosen) != test_count:
            raise ValueError("Not enough tests to draw from.")
        for item in chosen:
            tests[item[0]].append(item[1:])

        conversations, languages_known, test_rows, routings, enrolments = [], [], [], [], []
        person_languages = defaultdict(list)
        for person_id, language_id in Person.languages.through.objects.filter(
            person_id__in=[learner.person.pk for learner in learners]
        ).values_list("person_id", "language_id"):
            person_languages[person_id].append(language_id)

        cvo_slots = [index for index, learner in enumerate(learners) if learner.profile == "regular"]
        enrol_at: dict[int, list[int]] = {index: [0] for index in cvo_slots}  # conversation indexes enrolled at
        extra = cvo_count - len(cvo_slots)
        room = [(index, later) for index in cvo_slots for later in range(1, len(learners[index].dates))]
        rng.shuffle(room)
        if extra < 0 or extra > len(room):
            raise ValueError("The CVO enrolments do not fit the regular learners' conversations.")
        for index, later in room[:extra]:
            enrol_at[index].append(later)

        for index, learner in enumerate(learners):
            worker = rng.choice(self.workers)
            goal = LearningGoal.WORK if learner.profile == "work" else rng.choice(LearningGoal.values)
            for position, day in enumerate(learner.dates):
                if position == 0:
                    kind = ConversationKind.FIRST if learner.person.pk not in previous else ConversationKind.NEXT_MODULE
                elif any(item[0] == position for item in tests[index]):
                    kind = ConversationKind.EXTRA_TEST
                elif position in enrol_at.get(index, ()):
                    kind = ConversationKind.NEXT_MODULE
                else:
                    kind = ConversationKind.FOLLOW_UP
                enrolled = position in enrol_at.get(index, ()) or (
                    position == 0 and learner.profile in ("alpha", "slow", "work", "kisp")
                )
                outcome = (
                    Outcome.ENROLLED
                    if enrolled
                    else (
                        Outcome.ROUTED
                        if position == 0
                        else rng.choice([Outcome.TEST, Outcome.WAITING, Outcome.NO_FOLLOW_UP])
                    )
                )
                conversation = Conversation(
                    person=learner.person,
                    held_on=day,
                    staff=worker,
                    kind=kind,
                    learning_goal=goal,
                    outcome=outcome,
                    **facts[index],
                )
                conversations.append(conversation)
                learner.conversations.append(conversation)
        Conversation.objects.bulk_create(conversations, batch_size=1000)
        for learner in learners:
            for conversation in learner.conversations:
                languages_known.extend(
                    Conversation.languages_known.through(conversation_id=conversation.pk, language_id=language_id)
                    for language_id in person_languages[learner.person.pk]
                )
        Conversation.languages_known.through.objects.bulk_create(languages_known, batch_size=2000)

        for index, learner in enumerate(learners):
            for position, kind, skill, level, aptitude in tests[index]:
                conversation = learner.conversations[position]
                test_rows.append(
                    LanguageTest(
                        person=learner.person,
                        taken_on=conversation.held_on,
                        kind=kind,
                        skill=skill,
                        level=level,
                        aptitude=aptitude,
                        conversation=conversation,
                        staff=conversation.staff,
                    )
                )
        LanguageTest.objects.bulk_create(test_rows, batch_size=1000)

        # Routing at the first conversation of the year, by the engine; the choice and
        # the enrolments it leads to.
        plans = []
        for index, learner in enumerate(learners):
            first = learner.conversations[0]
            aptitude = next((item[4] for item in tests[index] if item[1] == TestKind.APTITUDE), None)
            proposal = engine.propose(
                engine.LearnerFacts(
                    literate=first.literate,
                    latin_script=first.latin_script,
                    years_of_schooling=first.years_of_schooling,
                    highest_diploma=first.highest_diploma or None,
                    learning_pace=aptitude or first.learning_pace or None,
                    work_follow_up=first.work_follow_up,
                ),
                today=first.held_on,
            )
            expected = dict((name, kind) for name, _share, kind in PROFILES)[learner.profile]
            if proposal.provider_kind != expected:
                raise AssertionError(f"The engine routes a {learner.profile} learner to {proposal.provider_kind}.")
            pace = proposal.pace or rng.choice(PROVIDERS["VDAB"][2])
            if learner.profile == "kisp":
                provider, reason = self.providers[ProviderKind.OTHER][0], rng.choice(OVERRIDE_REASONS)
            else:
                provider, reason = rng.choice(self.providers[expected]), ""
            level = proposal.start_level
            module = self._module(provider, level, pace, _next_start(first.held_on), learner.person.pk)
            routing = Routing(
                person=learner.person,
                conversation=first,
                proposed_on=first.held_on,
                proposed_kind=proposal.provider_kind,
                proposed_pace=proposal.pace or "",
                proposed_hours=proposal.hours_per_level,
                proposed_level=level,
                reasons=[{"code": r.code, "facts": services._plain(r.facts)} for r in proposal.reasons],
                missing=[],
                chosen_provider=provider,
                chosen_module=module,
                override_reason=reason,
                decided_on=first.held_on,
                decided_by=first.staff,
                created_by=first.staff,
            )
            routings.append(routing)
            plans.append((learner, provider, pace, module, routing, index))
        Routing.objects.bulk_create(routings, batch_size=1000)

        for learner, provider, pace, module, routing, index in plans:
            if learner.profile == "fast":
                continue  # the UCT: the learner enrols there, with a scholarship letter if granted
            positions = enrol_at.get(index, [0])
            level_index = CEFR_LEVELS.index(module.level)
            for step, position in enumerate(positions):
                conversation = learner.conversations[position]
                if step:
                    level_index = min(level_index + 1, len(provider.levels) - 1)
                    module = self._module(
                        provider,
                        provider.levels[level_index],
                        pace,
                        _next_start(conversation.held_on),
                        learner.person.pk,
                    )
                self.module_fill[module.pk] += 1
                self.module_people[module.pk].add(learner.person.pk)
                status = rng.choices([EnrolmentStatus.FINISHED, EnrolmentStatus.DROPPED], [0.86, 0.14])[0]
                enrolments.append(
                    Enrolment(
                        person=learner.person,
                        module=module,
                        routing=routing if step == 0 else None,
                        status=status,
                        requested_on=conversation.held_on,
                        status_on=module.ends_on
                        if status == EnrolmentStatus.FINISHED
                        else module.starts_on + timedelta(days=rng.randint(7, 40)),
                        created_by=conversation.staff,
                    )
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=1000)

        self._scholarships(year, learners, plans, flemish, city)
        self._certifications(year, pool, certification_count)
        if self.stdout:
            self.stdout.write(
                f"  NT2 {year}: {len(learners)} learners, {len(conversations)} conversations, "
                f"{len(test_rows)} tests, {len(enrolments)} enrolments"
            )
        return {learner.person.pk for learner in learners}

    def _scholarships(self, year: int, learners, plans, flemish: int, city: int) -> None:
        funds = {
            Funder.CITY: ScholarshipFund.objects.create(
                name="Beurs UCT Stad Gent",
                funder=Funder.CITY,
                year=year,
                budget=math.ceil(city * FUND_SLACK),
                requires_city_address=True,
            ),
            Funder.FLANDERS: ScholarshipFund.objects.create(
                name="Beurs UCT Vlaamse overheid",
                funder=Funder.FLANDERS,
                year=year,
                budget=math.ceil(flemish * FUND_SLACK),
                requires_integration_contract=True,
            ),
        }
        by_index = {plan[5]: plan for plan in plans}
        for funder, holders in ((Funder.FLANDERS, self.flemish_holders), (Funder.CITY, self.city_holders)):
            for index in holders:
                learner, _provider, _pace, module, _routing, _index = by_index[index]
                granted_on = learner.conversations[0].held_on
                if granted_on.year != year:
                    continue
                services.scholarship_grant(
                    person=learner.person,
                    fund=funds[funder],
                    module=module,
                    on=granted_on,
                    by=learner.conversations[0].staff,
                )

    def _certifications(self, year: int, pool: list[Person], count: int) -> None:
        rng = self.rng
        adults = [
            person
            for person in pool
            if person.first_registration_date <= date(year, 11, 30)
            and (date(year, 1, 1) - person.birth_date).days >= 18 * 365
        ]
        for person in rng.sample(adults, count):
            purpose, level = rng.choices([(p, lv) for p, _s, lv in CERTIFICATION], [s for _p, s, _lv in CERTIFICATION])[
                0
            ]
            start = max(date(year, 1, 7), person.first_registration_date + timedelta(days=30))
            taken_on = start + timedelta(days=rng.randint(0, max(0, (date(year, 12, 20) - start).days)))
            services.certification_record(
                person=person,
                by=rng.choice(self.workers),
                values={
                    "taken_on": taken_on,
                    "purpose": purpose,
                    "level_tested": level,
                    "level_reached": level if rng.random() < 0.8 else "",
                },
            )

    def modules_upcoming(self) -> None:
        """Modules of every provider for the coming six months (the first three levels),
        so that a routing today finds one to propose and enrol at."""
        today = timezone.localdate()
        for months in range(6):
            start = _month_start((today.replace(day=1) + timedelta(days=31 * months)).replace(day=1))
            for providers in self.providers.values():
                for provider in providers:
                    for pace in provider.paces:
                        for level in provider.levels[:3]:
                            self._module(provider, level, pace, start)

    def build(self, pool: list[Person]) -> None:
        self.providers_create()
        self.staff_create()
        self.contract_people = set(
            Contract.objects.exclude(state=ContractState.ENDED).values_list("person_id", flat=True)
        )
        previous = self.year_build(2018, pool, SCALE_2018, set())
        self.year_build(2019, pool, 1.0, previous)
        self.modules_upcoming()
