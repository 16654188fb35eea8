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
from datetime import date, timedelta
from typing import cast

from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.services import user_create
from haven.demo.nt2_plan import (
    CERTIFICATION,
    FUND_SLACK,
    MODULE_HOURS,
    NT2_STAFF,
    OVERRIDE_REASONS,
    PROFILE_KINDS,
    PROFILES,
    PROVIDERS,
    SCALE_2018,
    Learner,
    PlannedTest,
    RoutingPlan,
    YearTargets,
    intake_facts,
    month_start,
    next_start,
    settled_on,
    split_counts,
)
from haven.integration.models import Contract, ContractState
from haven.nt2 import routing as engine
from haven.nt2 import services
from haven.nt2.models import (
    CEFR_LEVELS,
    Aptitude,
    Conversation,
    ConversationKind,
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
from haven.nt2.services import facts_json
from haven.people.models import Person


class Nt2Builder:
    def __init__(self, *, rng: random.Random, seed_report: dict, staff: dict, faker, stdout=None):
        self.rng = rng
        table = seed_report["tables"]["dutch_second_language"]
        people, conversations, tests, cvo_enrolments, city_grants, flemish_grants, certifications = [
            value for _label, value in table["rows"]
        ]
        self.figures = YearTargets(
            people=people,
            conversations=conversations,
            tests=tests,
            cvo_enrolments=cvo_enrolments,
            flemish_grants=flemish_grants,
            city_grants=city_grants,
            certifications=certifications,
        )
        self.provider_names = table["providers"]
        self.staff = staff
        self.faker = faker
        self.stdout = stdout
        self.workers: list[User] = []
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

    def year_build(self, year: int, pool: list[Person], scale: float, previous: set[int]) -> set[int]:
        """The year's learners and their records, in the order the draws were always made
        (the random sequence, and so the demo's data, depend on it)."""
        target = self.figures.scaled(scale)
        learners = self._learners_draw(year, pool, target)
        self._tests_plan(learners, target.tests)
        self._cvo_enrolments_plan(learners, target.cvo_enrolments)
        conversations = self._conversations_create(learners, previous)
        tests = self._tests_create(learners)
        plans = self._routings_create(learners)
        enrolments = self._enrolments_create(plans)
        self._scholarships(year, plans, target.flemish_grants, target.city_grants)
        self._certifications(year, pool, target.certifications)
        if self.stdout:
            self.stdout.write(
                f"  NT2 {year}: {len(learners)} learners, {conversations} conversations, "
                f"{tests} tests, {enrolments} enrolments"
            )
        return {learner.person.pk for learner in learners}

    def _learners_draw(self, year: int, pool: list[Person], target: "YearTargets") -> list[Learner]:
        """The year's learners among the adults settled by October, each with a profile, the
        days of their conversations and the intake facts that fit the profile."""
        rng = self.rng
        last_day = date(year, 12, 31)
        candidates = [
            person
            for person in pool
            if settled_on(person) <= date(year, 10, 31) and (last_day - person.birth_date).days >= 19 * 365
        ]
        if len(candidates) < target.people:
            raise ValueError(f"Only {len(candidates)} adults for {target.people} NT2 learners in {year}.")
        people = rng.sample(candidates, target.people)
        profiles = self._profiles(people, target.flemish_grants, target.city_grants)
        per_person = split_counts(rng, target.conversations, target.people, cap=6)
        learners = []
        for index, (person, profile, count) in enumerate(zip(people, profiles, per_person, strict=False)):
            start = max(date(year, 1, 2), settled_on(person) + timedelta(days=7))
            span = (last_day - start).days
            dates: list[date] = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
            learners.append(Learner(person, profile, dates, index=index))
        for learner in learners:
            learner.facts = intake_facts(rng, learner.profile)
        return learners

    def _tests_plan(self, learners: list[Learner], count: int) -> None:
        """The aptitude tests the profiles need, then aptitude tests of others, then level
        tests at later conversations, up to the year's count."""
        rng = self.rng
        required = [
            (learner, PlannedTest(0, TestKind.APTITUDE, aptitude=Aptitude.FAST))
            for learner in learners
            if learner.profile == "fast"
        ]
        optional = []
        for learner in learners:
            if learner.facts["learning_pace"] and learner.profile != "fast":
                optional.append((learner, PlannedTest(0, TestKind.APTITUDE, aptitude=learner.facts["learning_pace"])))
            for later in range(1, len(learner.dates)):
                skill = rng.choice(Skill.values)
                optional.append((learner, PlannedTest(later, TestKind.LEVEL, skill, rng.choice(CEFR_LEVELS[:3]))))
        rng.shuffle(optional)
        chosen = required + optional[: count - len(required)]
        if len(chosen) != count:
            raise ValueError("Not enough tests to draw from.")
        for learner, test in chosen:
            learner.tests.append(test)

    def _cvo_enrolments_plan(self, learners: list[Learner], count: int) -> None:
        """Regular learners enrol at a CVO at their first conversation, some again later."""
        regular = [learner for learner in learners if learner.profile == "regular"]
        for learner in regular:
            learner.enrol_at = [0]
        extra = count - len(regular)
        room = [(learner, later) for learner in regular for later in range(1, len(learner.dates))]
        self.rng.shuffle(room)
        if extra < 0 or extra > len(room):
            raise ValueError("The CVO enrolments do not fit the regular learners' conversations.")
        for learner, later in room[:extra]:
            learner.enrol_at.append(later)

    def _conversation_kind(self, learner: Learner, position: int, previous: set[int]) -> str:
        if position == 0:
            return ConversationKind.FIRST if learner.person.pk not in previous else ConversationKind.NEXT_MODULE
        if any(test.position == position for test in learner.tests):
            return ConversationKind.EXTRA_TEST
        if position in learner.enrol_at:
            return ConversationKind.NEXT_MODULE
        return ConversationKind.FOLLOW_UP

    def _conversation_outcome(self, learner: Learner, position: int) -> str:
        enrolled = position in learner.enrol_at or (
            position == 0 and learner.profile in ("alpha", "slow", "work", "kisp")
        )
        if enrolled:
            return Outcome.ENROLLED
        if position == 0:
            return Outcome.ROUTED
        return self.rng.choice([Outcome.TEST, Outcome.WAITING, Outcome.NO_FOLLOW_UP])

    def _conversations_create(self, learners: list[Learner], previous: set[int]) -> int:
        """Every learner's conversations of the year, with the languages the person knows."""
        rng = self.rng
        conversations = []
        for learner in learners:
            worker = rng.choice(self.workers)
            goal = LearningGoal.WORK if learner.profile == "work" else rng.choice(LearningGoal.values)
            if learner.profile == "fast" and goal not in (LearningGoal.STUDY, LearningGoal.WORK):
                # The university language centre takes those who want Dutch to study or to work
                # (routing table, row 8); the draw above stays, so the random sequence holds.
                goal = LearningGoal.STUDY
            for position, day in enumerate(learner.dates):
                conversation = Conversation(
                    person=learner.person,
                    held_on=day,
                    staff=worker,
                    kind=self._conversation_kind(learner, position, previous),
                    learning_goal=goal,
                    outcome=self._conversation_outcome(learner, position),
                    **learner.facts,
                )
                conversations.append(conversation)
                learner.conversations.append(conversation)
        Conversation.objects.bulk_create(conversations, batch_size=1000)
        person_languages = defaultdict(list)
        for person_id, language_id in Person.languages.through.objects.filter(
            person_id__in=[learner.person.pk for learner in learners]
        ).values_list("person_id", "language_id"):
            person_languages[person_id].append(language_id)
        languages_known = [
            Conversation.languages_known.through(conversation_id=conversation.pk, language_id=language_id)
            for learner in learners
            for conversation in learner.conversations
            for language_id in person_languages[learner.person.pk]
        ]
        Conversation.languages_known.through.objects.bulk_create(languages_known, batch_size=2000)
        return len(conversations)

    def _tests_create(self, learners: list[Learner]) -> int:
        rows = []
        for learner in learners:
            for test in learner.tests:
                conversation = learner.conversations[test.position]
                rows.append(
                    LanguageTest(
                        person=learner.person,
                        taken_on=conversation.held_on,
                        kind=test.kind,
                        skill=test.skill,
                        level=test.level,
                        aptitude=test.aptitude,
                        conversation=conversation,
                        staff=conversation.staff,
                    )
                )
        LanguageTest.objects.bulk_create(rows, batch_size=1000)
        return len(rows)

    def _routing(self, learner: Learner) -> RoutingPlan:
        """The engine's proposal at the learner's first conversation of the year (it must
        be the profile's provider kind) and the staff's choice of provider and module."""
        rng = self.rng
        first = learner.conversations[0]
        aptitude = next((test.aptitude for test in learner.tests if test.kind == TestKind.APTITUDE), None)
        proposal = engine.propose(
            engine.LearnerFacts(
                literate=first.literate,
                latin_script=first.latin_script,
                years_of_schooling=first.years_of_schooling,
                highest_diploma=first.highest_diploma or None,
                learning_pace=aptitude or first.learning_pace or None,
                work_follow_up=first.work_follow_up,
                learning_goal=first.learning_goal,
            ),
            today=first.held_on,
        )
        expected = PROFILE_KINDS[learner.profile]
        if proposal.provider_kind != expected:
            raise AssertionError(f"The engine routes a {learner.profile} learner to {proposal.provider_kind}.")
        pace = proposal.pace or rng.choice(PROVIDERS["VDAB"][2])
        if learner.profile == "kisp":
            provider, reason = self.providers[ProviderKind.OTHER][0], rng.choice(OVERRIDE_REASONS)
        else:
            provider, reason = rng.choice(self.providers[expected]), ""
        if proposal.start_level is None:
            raise AssertionError(f"The engine gives a {learner.profile} learner no level to start at.")
        # A learner literate in another script starts with the CBE's Latin-script module.
        first_module = (
            (provider, "A1", Pace.LATIN) if proposal.latin_script_module else (provider, proposal.start_level, pace)
        )
        module = self._module(*first_module, next_start(first.held_on), learner.person.pk)
        routing = Routing(
            person=learner.person,
            conversation=first,
            proposed_on=first.held_on,
            proposed_kind=proposal.provider_kind,
            proposed_pace=proposal.pace or "",
            proposed_hours=proposal.hours_per_level,
            proposed_level=proposal.start_level,
            reasons=[{"code": r.code, "facts": facts_json(r.facts)} for r in proposal.reasons],
            missing=[],
            chosen_provider=provider,
            chosen_module=module,
            override_reason=reason,
            decided_on=first.held_on,
            decided_by=first.staff,
            created_by=first.staff,
        )
        return RoutingPlan(learner, provider, pace, module, routing)

    def _routings_create(self, learners: list[Learner]) -> list[RoutingPlan]:
        plans = [self._routing(learner) for learner in learners]
        Routing.objects.bulk_create([plan.routing for plan in plans], batch_size=1000)
        return plans

    def _enrolments_create(self, plans: list[RoutingPlan]) -> int:
        """The enrolments the routings lead to: at the first conversation, and at each later
        one planned, a level up. Fast learners enrol at the UCT themselves."""
        rng = self.rng
        enrolments = []
        for plan in plans:
            learner, provider = plan.learner, plan.provider
            if learner.profile == "fast":
                continue  # the UCT: the learner enrols there, with a scholarship letter if granted
            module = plan.module
            level_index = CEFR_LEVELS.index(module.level)
            for step, position in enumerate(learner.enrol_at or [0]):
                conversation = learner.conversations[position]
                if step:
                    level_index = min(level_index + 1, len(provider.levels) - 1)
                    module = self._module(
                        provider,
                        provider.levels[level_index],
                        plan.pace,
                        next_start(conversation.held_on),
                        learner.person.pk,
                    )
                self.module_fill[module.pk] += 1
                self.module_people[module.pk].add(learner.person.pk)
                status = rng.choices([EnrolmentStatus.FINISHED, EnrolmentStatus.DROPPED], [0.86, 0.14])[0]
                enrolments.append(
                    Enrolment(
                        person=learner.person,
                        module=module,
                        routing=plan.routing if step == 0 else None,
                        status=status,
                        requested_on=conversation.held_on,
                        status_on=cast(date, module.ends_on)  # the demo's modules all have an end
                        if status == EnrolmentStatus.FINISHED
                        else module.starts_on + timedelta(days=rng.randint(7, 40)),
                        created_by=conversation.staff,
                    )
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=1000)
        return len(enrolments)

    def _scholarships(self, year: int, plans: list[RoutingPlan], flemish: int, city: int) -> None:
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
        by_index = {plan.learner.index: plan for plan in plans}
        for funder, holders in ((Funder.FLANDERS, self.flemish_holders), (Funder.CITY, self.city_holders)):
            for index in holders:
                learner, module = by_index[index].learner, by_index[index].module
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
            if settled_on(person) <= date(year, 11, 30) and (date(year, 1, 1) - person.birth_date).days >= 18 * 365
        ]
        for person in rng.sample(adults, count):
            purpose, level = rng.choices([(p, lv) for p, _s, lv in CERTIFICATION], [s for _p, s, _lv in CERTIFICATION])[
                0
            ]
            start = max(date(year, 1, 7), settled_on(person) + timedelta(days=30))
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
            start = month_start((today.replace(day=1) + timedelta(days=31 * months)).replace(day=1))
            for providers in self.providers.values():
                for provider in providers:
                    for pace in provider.paces:
                        for level in provider.levels[:1] if pace == Pace.LATIN else provider.levels[:3]:
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
