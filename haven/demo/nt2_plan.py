"""The NT2 demo's fixed figures (providers, profiles, certification purposes), the records
it plans before writing them (learners, tests, routings, the year's counts) and its date
and count helpers."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from haven.nt2.models import (
    CEFR_LEVELS,
    Aptitude,
    CertificationPurpose,
    Conversation,
    Diploma,
    Module,
    Pace,
    Provider,
    ProviderKind,
    Routing,
)
from haven.people.models import Person

# The seed names the providers; their kind, learner profiles and levels are the demo's.
PROVIDERS = {
    "Centrum voor Basiseducatie Leerpunt": (
        "Leerpunt",
        ProviderKind.CBE,
        [Pace.ALPHA, Pace.SLOW, Pace.LATIN],
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
MODULE_HOURS: dict[str, int] = {Pace.ALPHA: 150, Pace.SLOW: 120, Pace.REGULAR: 120, Pace.FAST: 80, Pace.LATIN: 60}
# Profiles: (name, share, provider kind the engine proposes). "alpha": the CBE's literacy
# track, or, for those literate in another script, its Latin-script module and slow pace.
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


PROFILE_KINDS = {name: kind for name, _share, kind in PROFILES}


@dataclass
class PlannedTest:
    """A language test at one of a learner's conversations (by its position in the year)."""

    position: int
    kind: str
    skill: str = ""
    level: str = ""
    aptitude: str = ""


@dataclass
class Learner:
    person: Person
    profile: str
    dates: list[date] = field(default_factory=list)
    index: int = 0  # the position among the year's learners (the scholarship holders are named by it)
    facts: dict[str, Any] = field(default_factory=dict)  # the intake facts of every conversation
    tests: list[PlannedTest] = field(default_factory=list)
    enrol_at: list[int] = field(default_factory=list)  # the positions of the conversations that enrol
    conversations: list[Conversation] = field(default_factory=list)


@dataclass
class RoutingPlan:
    """A learner's routing and where it sends them."""

    learner: Learner
    provider: Provider
    pace: str
    module: Module
    routing: Routing


@dataclass
class YearTargets:
    """The year's counts: the seed's 2019 figures, scaled."""

    people: int
    conversations: int
    tests: int
    cvo_enrolments: int
    flemish_grants: int
    city_grants: int
    certifications: int

    def scaled(self, scale: float) -> "YearTargets":
        return YearTargets(
            people=round(self.people * scale),
            conversations=round(self.conversations * scale),
            tests=round(self.tests * scale),
            cvo_enrolments=round(self.cvo_enrolments * scale),
            flemish_grants=round(self.flemish_grants * scale),
            city_grants=round(self.city_grants * scale),
            certifications=round(self.certifications * scale),
        )


def month_start(day: date) -> date:
    """Modules start on the first Monday on or after the 3rd of a month."""
    first = day.replace(day=3)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def next_start(after: date) -> date:
    start = month_start(after)
    if start < after + timedelta(days=7):
        following = (after.replace(day=1) + timedelta(days=32)).replace(day=1)
        start = month_start(following)
    return start


def split_counts(rng: random.Random, total: int, slots: int, cap: int) -> list[int]:
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


def intake_facts(rng: random.Random, profile: str) -> dict[str, Any]:
    """Intake facts that lead the routing engine to the profile's provider kind; the
    learning pace is the staff's estimate in the conversation (an aptitude test, where
    there is one, says the same)."""
    values: dict[str, Any] = {
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
        else:  # reads Arabic, Tigrinya, … but not the Latin script, with little schooling: a
            # Latin-script module, then the slow pace at the CBE (routing table, row 5). One draw
            # of two diplomas, as before, so the random sequence (and the demo's data) holds.
            values.update(
                latin_script=False,
                years_of_schooling=rng.randint(4, 12),
                highest_diploma=rng.choice([Diploma.NONE, Diploma.PRIMARY]),
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


def settled_on(person: Person) -> date:
    """The day the person first registered in the municipality (every demo person has one)."""
    if person.first_registration_date is None:
        raise ValueError(f"File {person.reference} has no date of first registration.")
    return person.first_registration_date
