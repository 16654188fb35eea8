"""The contract page: progress, pauses, referrals, exemption tests and the certificate,
recorded by the contract's counsellor through the page's forms."""

import datetime

import pytest

from haven.integration.models import Certificate, ContractPause, ContractState, ExemptionTest, Referral
from haven.integration.tests.builders import SIGNED_ON

pytestmark = pytest.mark.usefixtures("english")


def _url(contract, tail=""):
    return f"/integration/contracts/{contract.pk}/{tail}"


def _page(client, contract):
    return client.get(_url(contract) + "?purpose=counselling")


def test_the_contract_page_shows_components_counsellor_and_why(counsellor_client, contract):
    response = _page(counsellor_client, contract)
    assert response.status_code == 200
    assert response.context["may_change"] is True
    page = response.content.decode()
    for text in (
        "Civic orientation (MO)",
        "Dutch as a second language (NT2), target level A2",
        "Career orientation",
        "Trajectory counselling",
        "Speaks the preferred language",
        "Carla Persona",
    ):
        assert text in page


def test_the_certificate_cannot_be_issued_while_a_condition_is_open(counsellor_client, contract):
    response = _page(counsellor_client, contract)
    conditions = response.context["open_conditions"]
    assert len(conditions) == 3
    page = response.content.decode()
    assert "Civic orientation is not passed (nor the exemption test)." in page
    assert "Issue certificate" not in page

    response = counsellor_client.post(
        _url(contract, "certificate/"), {"purpose": "counselling", "certificate-issued_on": "01/12/2020"}, follow=True
    )
    assert not Certificate.objects.exists()
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0].startswith("The certificate cannot be issued yet.")
    assert "Career orientation is not done yet." in messages[0]


def test_recording_progress_closes_the_conditions_and_the_certificate_is_issued(counsellor_client, contract):
    response = counsellor_client.post(
        _url(contract, "progress/"),
        {
            "purpose": "counselling",
            "civic_orientation_passed_on": "15/11/2019",
            "dutch_level_reached": "A1",
            "dutch_level_reached_on": "20/12/2019",
            "career_orientation_done_on": "10/01/2020",
        },
    )
    assert response.status_code == 302
    page = _page(counsellor_client, contract)
    # A1 is below the contract's target A2: one condition still open.
    assert page.context["open_conditions"] == ["Dutch as a second language: level A2 is not reached yet."]

    counsellor_client.post(
        _url(contract, "progress/"),
        {
            "purpose": "counselling",
            "civic_orientation_passed_on": "15/11/2019",
            "dutch_level_reached": "A2",
            "dutch_level_reached_on": "03/12/2020",
            "career_orientation_done_on": "10/01/2020",
        },
    )
    page = _page(counsellor_client, contract)
    assert page.context["open_conditions"] == []
    assert "Issue certificate" in page.content.decode()

    response = counsellor_client.post(
        _url(contract, "certificate/"), {"purpose": "counselling", "certificate-issued_on": "04/01/2021"}
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(contract=contract)
    assert certificate.issued_on == datetime.date(2021, 1, 4)
    contract.refresh_from_db()
    assert contract.state == ContractState.CERTIFIED
    page = _page(counsellor_client, contract)
    assert page.context["months"] == 19  # 3 June 2019 → 4 January 2021
    assert "19 months" in page.content.decode()


def test_a_passed_exemption_test_counts_for_civic_orientation(counsellor_client, contract):
    counsellor_client.post(
        _url(contract, "exemption-tests/"), {"purpose": "counselling", "test-registered_on": "01/07/2019"}
    )
    test = ExemptionTest.objects.get(person=contract.person)
    # Passed without a date: refused on the field.
    response = counsellor_client.post(
        _url(contract, f"exemption-tests/{test.pk}/result/"),
        {"purpose": "counselling", f"result-{test.pk}-result": "passed"},
    )
    assert response.status_code == 200
    assert "Give the date the test was taken." in response.content.decode()
    counsellor_client.post(
        _url(contract, f"exemption-tests/{test.pk}/result/"),
        {"purpose": "counselling", f"result-{test.pk}-result": "passed", f"result-{test.pk}-taken_on": "15/07/2019"},
    )
    test.refresh_from_db()
    assert (test.result, test.taken_on) == ("passed", datetime.date(2019, 7, 15))
    conditions = _page(counsellor_client, contract).context["open_conditions"]
    assert not any("Civic orientation" in condition for condition in conditions)


def test_pauses_are_added_with_reason_and_expiry(counsellor_client, contract):
    response = counsellor_client.post(
        _url(contract, "pauses/"),
        {
            "purpose": "counselling",
            "pause-kind": "postponement",
            "pause-reason": "Works full time",
            "pause-starts_on": "01/09/2019",
            "pause-expires_on": "01/08/2019",
        },
    )
    assert response.status_code == 200  # ends before it starts
    assert "The end date is before the start date." in response.content.decode()
    response = counsellor_client.post(
        _url(contract, "pauses/"),
        {
            "purpose": "counselling",
            "pause-kind": "postponement",
            "pause-reason": "Works full time",
            "pause-starts_on": "01/09/2019",
            "pause-expires_on": "01/03/2020",
        },
    )
    assert response.status_code == 302
    pause = ContractPause.objects.get(contract=contract)
    assert (pause.kind, pause.reason, pause.expires_on) == (
        "postponement",
        "Works full time",
        datetime.date(2020, 3, 1),
    )
    assert "Works full time" in _page(counsellor_client, contract).content.decode()


def test_referrals_are_added_and_their_outcome_recorded_later(counsellor_client, contract):
    counsellor_client.post(
        _url(contract, "referrals/"),
        {
            "purpose": "counselling",
            "referral-service": "vdab",
            "referral-referred_on": "10/09/2019",
            "referral-note": "Job coaching",
        },
    )
    referral = Referral.objects.get(contract=contract)
    assert (referral.service, referral.outcome) == ("vdab", "pending")
    page = _page(counsellor_client, contract).content.decode()
    assert f'name="outcome-{referral.pk}-outcome"' in page
    response = counsellor_client.post(
        _url(contract, f"referrals/{referral.pk}/outcome/"),
        {
            "purpose": "counselling",
            f"outcome-{referral.pk}-outcome": "started",
            f"outcome-{referral.pk}-outcome_on": "01/10/2019",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_on) == ("started", datetime.date(2019, 10, 1))


def test_a_referral_of_another_contract_is_not_found(counsellor_client, contract):
    other = Referral.objects.create(contract=contract, service="ocmw", referred_on=SIGNED_ON)
    response = counsellor_client.post(
        f"/integration/contracts/{contract.pk + 1000}/referrals/{other.pk}/outcome/",
        {f"outcome-{other.pk}-outcome": "started"},
    )
    assert response.status_code == 404


def test_the_counsellor_ends_the_contract_with_a_reason_and_the_page_says_why(counsellor_client, contract):
    page = _page(counsellor_client, contract).content.decode()
    assert "End the contract without a certificate" in page

    refused = counsellor_client.post(
        _url(contract, "end/"), {"purpose": "counselling", "end-ended_on": "02/03/2021", "end-reason": "other"}
    )
    assert refused.status_code == 200
    assert refused.context["end_form"].errors == {"note": ["Say why the contract ends."]}

    response = counsellor_client.post(
        _url(contract, "end/"),
        {"purpose": "counselling", "end-ended_on": "02/03/2021", "end-reason": "moved", "end-note": "To Liège."},
        follow=True,
    )
    contract.refresh_from_db()
    assert (contract.state, contract.ended_on) == (ContractState.ENDED, datetime.date(2021, 3, 2))
    page = response.content.decode()
    assert "The contract has ended." in page
    assert "Moved out of the municipality" in page and "To Liège." in page
    assert "End the contract without a certificate" not in page
