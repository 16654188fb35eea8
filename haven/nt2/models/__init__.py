"""Dutch as a second language (NT2), the "Huis van het Nederlands": course providers and
their modules, intake conversations, aptitude and level tests, routing proposals and
the staff's choice, enrolments made on a person's behalf, scholarships for the
university language centre, and certification tests.

The choices that the pure routing engine (``haven.nt2.routing``) also knows share their
values with it; the labels live here because they are shown to users. The models live in
topic modules (``providers``, ``intake``, ``enrolments``); every name is imported here.
"""

from haven.nt2.models.enrolments import (
    ENROLMENT_MOVES,
    CertificationPurpose,
    CertificationTest,
    Enrolment,
    EnrolmentStatus,
    Funder,
    Scholarship,
    ScholarshipFund,
)
from haven.nt2.models.intake import (
    Aptitude,
    Conversation,
    ConversationKind,
    Diploma,
    LanguageTest,
    LearningGoal,
    Outcome,
    Routing,
    TestKind,
)
from haven.nt2.models.providers import (
    CEFR_LEVELS,
    Level,
    Module,
    Pace,
    Provider,
    ProviderKind,
    Skill,
    validate_levels,
    validate_paces,
)

__all__ = [
    "CEFR_LEVELS",
    "ENROLMENT_MOVES",
    "Aptitude",
    "CertificationPurpose",
    "CertificationTest",
    "Conversation",
    "ConversationKind",
    "Diploma",
    "Enrolment",
    "EnrolmentStatus",
    "Funder",
    "LanguageTest",
    "LearningGoal",
    "Level",
    "Module",
    "Outcome",
    "Pace",
    "Provider",
    "ProviderKind",
    "Routing",
    "Scholarship",
    "ScholarshipFund",
    "Skill",
    "TestKind",
    "validate_levels",
    "validate_paces",
]
