"""The "Civic integration" panel of the person file."""

from typing import Any

from haven.accounts.models import User
from haven.integration import access, services
from haven.integration.explanation import decision_shown
from haven.integration.models import (
    Certificate,
    Contract,
    ContractState,
    DiplomaDossier,
    ExemptionTest,
    ExemptionTestResult,
    ReferralOutcome,
    Registration,
    StatusDecision,
)
from haven.integration.selectors import IntegrationFile
from haven.people.panel_rows import attnames, json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns

_COUNSELLOR = ("id", "username", "first_name", "last_name")


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns of the person file's one query: the person's registrations,
    status decisions, contracts (with counsellor and certificate), exemption tests and
    diploma dossiers, each a JSON array."""
    contract_fields = [
        *attnames(Contract),
        *attnames(User, prefix="counsellor__", only=_COUNSELLOR),
        *attnames(Certificate, prefix="certificate__"),
    ]
    return {
        "panel_integration_registrations": json_rows(Registration.objects.all(), attnames(Registration)),
        "panel_integration_decisions": json_rows(StatusDecision.objects.all(), attnames(StatusDecision)),
        "panel_integration_contracts": json_rows(Contract.objects.all(), contract_fields),
        "panel_integration_tests": json_rows(ExemptionTest.objects.all(), attnames(ExemptionTest)),
        "panel_integration_dossiers": json_rows(DiplomaDossier.objects.all(), attnames(DiplomaDossier)),
    }


def _integration_file(person, user) -> tuple[IntegrationFile, dict[int, StatusDecision]]:
    """What ``selectors.integration_file`` read, from the columns of the file's query, and
    each registration's last status decision."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "integration").items()}
    last_decisions: dict[int, StatusDecision] = {}
    for decision in rows_decode(StatusDecision, ordered(columns["panel_integration_decisions"], ["asked_on", "id"])):
        last_decisions[decision.registration_id] = decision  # the last one in (asked_on, id) order stays
    registrations = rows_decode(
        Registration, ordered(columns["panel_integration_registrations"], ["-registered_on", "-id"])
    )
    contracts = rows_decode(
        Contract,
        ordered(columns["panel_integration_contracts"], ["-signed_on", "-id"]),
        related=["counsellor", "certificate"],
    )
    tests = rows_decode(ExemptionTest, ordered(columns["panel_integration_tests"], ["-registered_on", "-id"]))
    dossiers = rows_decode(DiplomaDossier, ordered(columns["panel_integration_dossiers"], ["-opened_on", "-id"]))
    for contract in contracts:
        contract.open_conditions = (
            services.certificate_open_conditions(contract=contract, exemption_tests=tests)
            if contract.state == ContractState.OPEN
            else []
        )
    sensitive_visible = access.sensitive_facts_visible_among(user, contracts)
    return IntegrationFile(registrations, contracts, tests, dossiers, sensitive_visible), last_decisions


def person_panel_context(person, user) -> dict:
    """The "Civic integration" panel of the person file, from its columns of the file's
    query (``person_panel_annotations``; one query when called on its own)."""
    file, last_decisions = _integration_file(person, user)
    masked = not file.sensitive_visible
    return {
        "integration": file,
        "registrations": [
            (
                registration,
                decision_shown(last_decisions[registration.pk], masked=masked)
                if registration.pk in last_decisions
                else None,
            )
            for registration in file.registrations
        ],
        "pending_result": ExemptionTestResult.PENDING,
        "referral_pending": ReferralOutcome.PENDING,
    }
