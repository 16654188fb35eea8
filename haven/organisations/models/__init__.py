"""The organisations line (service line 9): trainings and coaching of services and
organisations on diversity and language policy, the ambassadors and their testimonies,
and the support of associations of ethnic-cultural minorities."""

from haven.organisations.models.ambassadors import (
    BOOKED_STATES,
    WEEKDAYS,
    Ambassador,
    AmbassadorTheme,
    Audience,
    TestimonyRequest,
    TestimonyState,
)
from haven.organisations.models.associations import (
    Association,
    NetworkEvent,
    RecognitionStatus,
    SupportContact,
    SupportKind,
)
from haven.organisations.models.trainings import (
    CoachingContact,
    CoachingTrajectory,
    PartnerOrganisation,
    TrainingSession,
    TrainingTopic,
)

__all__ = [
    "BOOKED_STATES",
    "WEEKDAYS",
    "Ambassador",
    "AmbassadorTheme",
    "Association",
    "Audience",
    "CoachingContact",
    "CoachingTrajectory",
    "NetworkEvent",
    "PartnerOrganisation",
    "RecognitionStatus",
    "SupportContact",
    "SupportKind",
    "TestimonyRequest",
    "TestimonyState",
    "TrainingSession",
    "TrainingTopic",
]
