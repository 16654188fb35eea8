"""Reads of the NT2 records: a person's intake file in a fixed number of queries, the
current level per skill, the facts the routing engine needs, and open modules."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from haven.nt2 import routing
from haven.nt2.models import (
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    Level,
    Module,
    Routing,
    Scholarship,
    TestKind,
)

ACTIVE_ENROLMENT = ~Q(enrolments__status=EnrolmentStatus.DROPPED)


def modules_with_places(queryset: QuerySet[Module] | None = None) -> QuerySet[Module]:
    """Modules annotated with ``taken`` (enrolments not dropped)."""
    queryset = queryset if queryset is not None else Module.objects.all()
    return queryset.select_related("provider").annotate(
        taken=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.DROPPED))
    )


def places_taken(module: Module) -> int:
    return module.enrolments.exclude(status=EnrolmentStatus.DROPPED).count()


def levels_current(tests: Iterable[LanguageTest]) -> dict[str, str]:
    """The level per skill from the latest level test of each skill (``tests`` newest
    first, as the model orders them); "below A1" counts as a result too."""
    levels: dict[str, str] = {}
    for test in tests:
        if test.kind == TestKind.LEVEL and test.skill not in levels:
            levels[test.skill] = test.level
    return levels


def aptitude_current(tests: Iterable[LanguageTest]) -> str | None:
    for test in tests:
        if test.kind == TestKind.APTITUDE:
            return test.aptitude
    return None


def learner_facts(conversations: Sequence[Conversation], tests: Sequence[LanguageTest]) -> routing.LearnerFacts:
    """The routing engine's facts: each fact from the latest conversation that records
    it (newest first); the learning pace from the latest aptitude test, else the staff's
    estimate in the conversations; the levels from the latest level tests ("below A1" is a
    result of a tested skill, passed on as such: dropping it made a skill tested below A1
    read as "not tested")."""

    def latest(name: str) -> Any:
        for conversation in conversations:
            value = getattr(conversation, name)
            if value is not None and value != "":
                return value
        return None

    # Literacy is one observation: both facts come from the newest conversation that
    # records either (a newer "reads the Latin script" must not meet an older "illiterate").
    literacy = next((c for c in conversations if c.literate is not None or c.latin_script is not None), None)
    literate = literacy.literate if literacy else None
    latin_script = literacy.latin_script if literacy else None
    if latin_script:
        literate = True
    levels = {skill: level for skill, level in levels_current(tests).items() if level in routing.TEST_RESULTS}
    return routing.LearnerFacts(
        literate=literate,
        latin_script=latin_script,
        years_of_schooling=latest("years_of_schooling"),
        highest_diploma=latest("highest_diploma"),
        learning_pace=aptitude_current(tests) or latest("learning_pace"),
        work_follow_up=conversations[0].work_follow_up if conversations else None,
        learning_goal=latest("learning_goal"),
        levels=levels,
    )


def module_options(*, on: date, level: str | None = None) -> list[routing.ModuleOption]:
    """Modules that start on or after ``on`` with a free place, as the engine sees them."""
    queryset = Module.objects.filter(starts_on__gte=on, provider__active=True)
    if level:
        queryset = queryset.filter(level=level)
    options = []
    for module in modules_with_places(queryset).order_by("starts_on", "id"):
        left = module.places - module.taken  # type: ignore[attr-defined]  # annotated above
        if left > 0:
            options.append(
                routing.ModuleOption(
                    id=module.pk,
                    provider_id=module.provider_id,
                    provider_name=str(module.provider),
                    provider_kind=module.provider.kind,
                    level=module.level,
                    pace=module.pace,
                    hours=module.hours,
                    starts_on=module.starts_on,
                    places_left=left,
                )
            )
    return options


@dataclass
class IntakeFile:
    """Everything of one person's NT2 page."""

    conversations: list = field(default_factory=list)
    tests: list = field(default_factory=list)
    routings: list = field(default_factory=list)
    enrolments: list = field(default_factory=list)
    scholarships: list = field(default_factory=list)
    certifications: list = field(default_factory=list)

    @property
    def levels(self) -> dict[str, str]:
        return levels_current(self.tests)

    @property
    def aptitude(self) -> str | None:
        return aptitude_current(self.tests)

    @property
    def facts(self) -> routing.LearnerFacts:
        return learner_facts(self.conversations, self.tests)

    def level_label(self, skill: str) -> str:
        level = self.levels.get(skill)
        return str(Level(level).label) if level else ""


def intake_file(person_id: int) -> IntakeFile:
    """One person's NT2 records in seven queries, whatever their number."""
    conversations = list(
        Conversation.objects.filter(person_id=person_id)
        .select_related("staff")
        .prefetch_related(Prefetch("languages_known"))
    )
    tests = list(LanguageTest.objects.filter(person_id=person_id).select_related("staff"))
    routings = list(
        Routing.objects.filter(person_id=person_id).select_related(
            "proposed_module__provider", "chosen_provider", "chosen_module__provider", "decided_by"
        )
    )
    enrolments = list(Enrolment.objects.filter(person_id=person_id).select_related("module__provider"))
    scholarships = list(Scholarship.objects.filter(person_id=person_id).select_related("fund", "module__provider"))
    certifications = list(CertificationTest.objects.filter(person_id=person_id).select_related("contract"))
    return IntakeFile(conversations, tests, routings, enrolments, scholarships, certifications)
