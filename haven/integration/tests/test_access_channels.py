"""Exemption tests and referrals hang on a contract: the page and the API decide access to
them with the same function (``access.exemption_test_contract_for_user``,
``access.exemption_test_for_user``, ``access.referral_for_user``), so both channels let
the contract's counsellor (or a team coordinator) change them and refuse everyone else,
intake included, though intake holds the exemption-test permissions."""

import datetime

import pytest
from django.test import Client

from haven.integration import services
from haven.integration.models import ExemptionTest, ExemptionTestResult, ReferralOutcome

JSON = "application/json"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(contract, rest: str) -> str:
    return f"/integration/contracts/{contract.pk}/{rest}"


@pytest.fixture
def pending_test(contract, counsellor):
    return services.exemption_test_register(
        person=contract.person, registered_on=datetime.date(2019, 7, 1), by=counsellor
    )


@pytest.fixture
def referral(contract, counsellor):
    return services.referral_create(
        contract=contract, service="vdab", referred_on=datetime.date(2019, 7, 2), by=counsellor
    )


def test_the_contracts_counsellor_registers_and_records_exemption_tests_on_both_channels(counsellor_client, contract):
    page = counsellor_client.post(
        _page(contract, "exemption-tests/"), {"purpose": "counselling", "test-registered_on": "01/07/2019"}
    )
    assert page.status_code == 302
    api = counsellor_client.post(
        f"/api/integration/people/{contract.person_id}/exemption-tests",
        {"registered_on": "2019-07-02"},
        content_type=JSON,
    )
    assert api.status_code == 201, api.content
    first, second = ExemptionTest.objects.filter(person=contract.person).order_by("registered_on")
    page = counsellor_client.post(
        _page(contract, f"exemption-tests/{first.pk}/result/"),
        {"purpose": "counselling", f"result-{first.pk}-result": "absent"},
    )
    assert page.status_code == 302
    api = counsellor_client.patch(
        f"/api/integration/exemption-tests/{second.pk}", {"result": "absent"}, content_type=JSON
    )
    assert api.status_code == 200, api.content
    assert set(ExemptionTest.objects.values_list("result", flat=True)) == {ExemptionTestResult.ABSENT}


@pytest.mark.parametrize("who", ["colleague", "intake_user"])
def test_who_may_not_change_the_contract_registers_no_exemption_test_on_either_channel(request, who, contract):
    client = _client(request.getfixturevalue(who))
    page = client.post(
        _page(contract, "exemption-tests/"), {"purpose": "counselling", "test-registered_on": "01/07/2019"}
    )
    api = client.post(
        f"/api/integration/people/{contract.person_id}/exemption-tests",
        {"registered_on": "2019-07-02"},
        content_type=JSON,
    )
    assert (page.status_code, api.status_code) == (403, 403)
    assert not ExemptionTest.objects.exists()


@pytest.mark.parametrize("who", ["colleague", "intake_user"])
def test_who_may_not_change_the_contract_records_no_exemption_test_result_on_either_channel(
    request, who, contract, pending_test
):
    client = _client(request.getfixturevalue(who))
    page = client.post(
        _page(contract, f"exemption-tests/{pending_test.pk}/result/"),
        {"purpose": "counselling", f"result-{pending_test.pk}-result": "absent"},
    )
    api = client.patch(f"/api/integration/exemption-tests/{pending_test.pk}", {"result": "absent"}, content_type=JSON)
    assert (page.status_code, api.status_code) == (403, 403)
    pending_test.refresh_from_db()
    assert pending_test.result == ExemptionTestResult.PENDING


def test_a_team_coordinator_records_an_exemption_test_on_both_channels(team_coordinator_client, contract, pending_test):
    page = team_coordinator_client.post(
        _page(contract, "exemption-tests/"), {"purpose": "counselling", "test-registered_on": "01/07/2019"}
    )
    api = team_coordinator_client.patch(
        f"/api/integration/exemption-tests/{pending_test.pk}", {"result": "absent"}, content_type=JSON
    )
    assert (page.status_code, api.status_code) == (302, 200)


@pytest.mark.parametrize("who", ["colleague", "intake_user"])
def test_who_may_not_change_the_contract_records_no_referral_outcome_on_either_channel(
    request, who, contract, referral
):
    client = _client(request.getfixturevalue(who))
    page = client.post(
        _page(contract, f"referrals/{referral.pk}/outcome/"),
        {
            "purpose": "counselling",
            f"outcome-{referral.pk}-outcome": "started",
            f"outcome-{referral.pk}-outcome_on": "01/08/2019",
        },
    )
    api = client.patch(
        f"/api/integration/referrals/{referral.pk}",
        {"outcome": "started", "outcome_on": "2019-08-01"},
        content_type=JSON,
    )
    assert (page.status_code, api.status_code) == (403, 403)
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.PENDING


def test_the_contracts_counsellor_records_a_referral_outcome_on_both_channels(counsellor_client, contract, referral):
    page = counsellor_client.post(
        _page(contract, f"referrals/{referral.pk}/outcome/"),
        {
            "purpose": "counselling",
            f"outcome-{referral.pk}-outcome": "started",
            f"outcome-{referral.pk}-outcome_on": "01/08/2019",
        },
    )
    assert page.status_code == 302
    api = counsellor_client.patch(
        f"/api/integration/referrals/{referral.pk}",
        {"outcome": "not_started", "outcome_on": "2019-09-01"},
        content_type=JSON,
    )
    assert api.status_code == 200, api.content
