"""The "Civic integration" panel of the person file."""

from haven.integration import selectors
from haven.integration.explanation import decision_shown
from haven.integration.models import ExemptionTestResult, ReferralOutcome


def person_panel_context(person, user) -> dict:
    """The "Civic integration" panel of the person file: five queries whatever the
    person's registrations, contracts, tests and dossiers."""
    file = selectors.integration_file(person=person, user=user)
    masked = not file.sensitive_visible
    registrations = []
    for registration in file.registrations:
        decisions = list(registration.decisions.all())
        registrations.append((registration, decision_shown(decisions[-1], masked=masked) if decisions else None))
    return {
        "integration": file,
        "registrations": registrations,
        "pending_result": ExemptionTestResult.PENDING,
        "referral_pending": ReferralOutcome.PENDING,
    }
