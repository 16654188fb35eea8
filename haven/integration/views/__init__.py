"""Pages of the civic-integration line: registration with a live status decision,
facts, registrations, contracts with their trajectory, caseloads, the team, pauses
that end soon and diploma recognition dossiers.

Every view gets its object through ``integration.access`` (or the registry's access
function): reads are logged there with the purpose from the URL; writes go through
``integration.services``, which log the change. URLs carry ids and purposes only.
"""

from haven.integration.views.contract import (
    certificate_issue,
    contract_detail,
    contract_end,
    contract_progress,
    contract_reassign,
    exemption_test_add,
    exemption_test_result,
    pause_add,
    referral_add,
    referral_outcome,
)
from haven.integration.views.dossiers import dossier_create, dossier_detail, dossier_list
from haven.integration.views.lists import caseload, integration_home, pauses_expiring, team
from haven.integration.views.panel import person_panel_context
from haven.integration.views.purposes import contract_url, registration_url
from haven.integration.views.registration import (
    decision_preview,
    facts_edit,
    registration_create,
    registration_detail,
)

__all__ = [
    "caseload",
    "certificate_issue",
    "contract_detail",
    "contract_end",
    "contract_progress",
    "contract_reassign",
    "contract_url",
    "decision_preview",
    "dossier_create",
    "dossier_detail",
    "dossier_list",
    "exemption_test_add",
    "exemption_test_result",
    "facts_edit",
    "integration_home",
    "pause_add",
    "pauses_expiring",
    "person_panel_context",
    "referral_add",
    "referral_outcome",
    "registration_create",
    "registration_detail",
    "registration_url",
    "team",
]
