"""Writes of the organisations line, one function per act, by topic: trainings and
coaching (``trainings``), ambassadors (``ambassadors``), testimony requests and their
states (``testimonies``), associations, support contacts and network events
(``associations``). Every write checks its input and refuses with a ValidationError
naming the field; each runs in one transaction."""

from haven.organisations.services.ambassadors import (
    ambassador_create,
    ambassador_register,
    ambassador_update,
)
from haven.organisations.services.associations import (
    association_create,
    association_update,
    enterprise_number_clean,
    network_event_create,
    network_event_update,
    support_contact_add,
)
from haven.organisations.services.consent import ambassador_consent_withdraw, testimonies_released
from haven.organisations.services.testimonies import (
    ambassador_refusals,
    request_cancel,
    request_confirm,
    request_create,
    request_give,
    request_pay,
    request_propose,
    request_update,
)
from haven.organisations.services.trainings import (
    coaching_contact_add,
    coaching_create,
    coaching_update,
    partner_create,
    partner_update,
    training_create,
    training_update,
)

__all__ = [
    "ambassador_consent_withdraw",
    "ambassador_create",
    "ambassador_refusals",
    "ambassador_register",
    "ambassador_update",
    "association_create",
    "association_update",
    "coaching_contact_add",
    "coaching_create",
    "coaching_update",
    "enterprise_number_clean",
    "network_event_create",
    "network_event_update",
    "partner_create",
    "partner_update",
    "request_cancel",
    "request_confirm",
    "request_create",
    "request_give",
    "request_pay",
    "request_propose",
    "request_update",
    "support_contact_add",
    "testimonies_released",
    "training_create",
    "training_update",
]
