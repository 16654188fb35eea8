"""The casework tests' world: a counsellor's client, a colleague outside the caseload, the
team coordinator and the privacy officer."""

import pytest

from haven.accounts.tests.factories import UserFactory
from haven.integration.tests.builders import contracts_build


@pytest.fixture
def world(db, counsellor, team_coordinator, privacy_officer):
    (contract,) = contracts_build(counsellor, 1)
    colleague = UserFactory(username="colleague", roles=["counsellor"])
    return {
        "person": contract.person,
        "counsellor": counsellor,
        "colleague": colleague,
        "coordinator": team_coordinator,
        "privacy": privacy_officer,
    }
