"""Writes of the civic-integration line, one module per domain area. Pages, API, the
demo generator and the other service lines use these through ``haven.integration.services``.

- ``status``: integration facts, status decisions and registrations;
- ``counsellors``: which counsellor takes a new contract;
- ``contracts``: signing, a new counsellor, progress, pauses and the end without a certificate;
- ``counselling``: exemption tests and referrals;
- ``certificate``: the certificate's open conditions and issuing it;
- ``dossiers``: diploma recognition dossiers.
"""

from haven.integration.services.certificate import certificate_issue, certificate_open_conditions
from haven.integration.services.contracts import (
    CONTRACT_COMPONENT_FIELDS,
    CONTRACT_PROGRESS_FIELDS,
    contract_end,
    contract_progress_record,
    contract_reassign,
    contract_sign,
    pause_create,
)
from haven.integration.services.counselling import (
    exemption_test_register,
    exemption_test_result,
    referral_create,
    referral_outcome_record,
)
from haven.integration.services.counsellors import counsellor_choose
from haven.integration.services.dossiers import diploma_dossier_create, diploma_dossier_update
from haven.integration.services.status import (
    FACT_FIELDS,
    facts_save,
    registration_create,
    registration_reevaluate,
    settlement_current,
    settlement_decide,
    settlement_on_person_change,
    status_preview,
)

__all__ = [
    "CONTRACT_COMPONENT_FIELDS",
    "CONTRACT_PROGRESS_FIELDS",
    "FACT_FIELDS",
    "certificate_issue",
    "certificate_open_conditions",
    "contract_end",
    "contract_progress_record",
    "contract_reassign",
    "contract_sign",
    "counsellor_choose",
    "diploma_dossier_create",
    "diploma_dossier_update",
    "exemption_test_register",
    "exemption_test_result",
    "facts_save",
    "pause_create",
    "referral_create",
    "referral_outcome_record",
    "registration_create",
    "registration_reevaluate",
    "settlement_current",
    "settlement_decide",
    "settlement_on_person_change",
    "status_preview",
]
