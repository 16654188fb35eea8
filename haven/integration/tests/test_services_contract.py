"""The contract and its trajectory: who may sign, pauses, referrals, the exemption
test, and the certificate with its conditions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose
from haven.integration import services
from haven.integration.models import (
    Certificate,
    Contract,
    ContractEndReason,
    ContractPause,
    ContractState,
    ExemptionTest,
    ExemptionTestResult,
    Referral,
    ReferralOutcome,
    TargetGroupStatus,
)
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REGISTERED = datetime.date(2019, 4, 1)
SIGNED = datetime.date(2019, 5, 1)
OBLIGATED_FACTS = {
    "register": "foreigners",
    "residence_title": "limited",
    "residence_title_months": 12,
    "first_residence_title": True,
    "eu_family_member": False,
    "serious_illness_certificate": False,
    "belgian_or_dutch_diploma": False,
    "earlier_integration_certificate": False,
}
MO_OPEN = "Civic orientation"
CAREER_OPEN = "Career orientation"


@pytest.fixture(autouse=True)
def _english():
    """The conditions are matched by their English text, whatever the Dutch catalogue says."""
    with translation.override("en"):
        yield


def registration(by, **facts):
    person = PersonFactory(birth_date=datetime.date(1990, 1, 1), nationality="SY")
    services.facts_save(person=person, values={**OBLIGATED_FACTS, **facts}, by=by, purpose=AccessPurpose.REGISTRATION)
    return services.registration_create(person=person, registered_on=REGISTERED, by=by)


@pytest.fixture
def contract(intake_user, counsellor):
    return services.contract_sign(
        registration=registration(intake_user),
        signed_on=SIGNED,
        by=intake_user,
        counsellor=counsellor,
        override_reason="Test case.",
    )


def progress(contract, by, **values):
    services.contract_progress_record(contract=contract, values=values, by=by)
    return contract


def all_done(contract, by):
    return progress(
        contract,
        by,
        civic_orientation_passed_on=datetime.date(2019, 9, 1),
        dutch_level_reached="A2",
        dutch_level_reached_on=datetime.date(2020, 3, 1),
        career_orientation_done_on=datetime.date(2020, 1, 10),
    )


def exemption_test(person, by, result, taken_on=datetime.date(2019, 6, 1)):
    test = services.exemption_test_register(person=person, registered_on=datetime.date(2019, 5, 15), by=by)
    return services.exemption_test_result(test=test, taken_on=taken_on, result=result, by=by)


def conditions(contract, on=None) -> list[str]:
    return [str(condition) for condition in services.certificate_open_conditions(contract=contract, on=on)]


def opens(contract, start: str, on=None) -> bool:
    return any(condition.startswith(start) for condition in conditions(contract, on))


def dutch_open(contract) -> bool:
    return any("A1" in condition or "A2" in condition for condition in conditions(contract))


# Who may sign ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({}, TargetGroupStatus.OBLIGATED),
        ({"belgian_or_dutch_diploma": True}, TargetGroupStatus.ENTITLED),
    ],
)
def test_obligated_and_entitled_registrations_can_sign(intake_user, facts, status):
    signed = services.contract_sign(registration=registration(intake_user, **facts), signed_on=SIGNED, by=intake_user)

    signed.refresh_from_db()
    assert signed.status == status
    assert signed.state == ContractState.OPEN


@pytest.mark.parametrize(
    "facts",
    [
        {"residence_title": "temporary_purpose"},  # niet in aanmerking
        {"belgian_or_dutch_diploma": None},  # onbepaald
    ],
)
def test_registrations_outside_the_target_group_or_undetermined_cannot_sign(intake_user, facts):
    refused = registration(intake_user, **facts)
    assert refused.status in (TargetGroupStatus.NOT_ELIGIBLE, TargetGroupStatus.UNDETERMINED)

    with pytest.raises(ValidationError):
        services.contract_sign(registration=refused, signed_on=SIGNED, by=intake_user)

    assert not Contract.objects.exists()


def test_a_registration_that_became_obligated_later_can_sign_with_its_current_status(intake_user):
    undetermined = registration(intake_user, belgian_or_dutch_diploma=None)
    services.facts_save(
        person=undetermined.person,
        values={"belgian_or_dutch_diploma": False},
        by=intake_user,
        purpose=AccessPurpose.REGISTRATION,
    )
    undetermined.refresh_from_db()

    signed = services.contract_sign(registration=undetermined, signed_on=SIGNED, by=intake_user)

    assert signed.status == TargetGroupStatus.OBLIGATED


def test_a_registration_no_longer_in_the_target_group_cannot_sign(intake_user):
    obligated = registration(intake_user)
    services.facts_save(
        person=obligated.person,
        values={"residence_title": "temporary_purpose"},
        by=intake_user,
        purpose=AccessPurpose.REGISTRATION,
    )
    obligated.refresh_from_db()

    with pytest.raises(ValidationError):
        services.contract_sign(registration=obligated, signed_on=SIGNED, by=intake_user)


def test_a_contract_cannot_be_signed_before_the_registration(intake_user):
    with pytest.raises(ValidationError):
        services.contract_sign(
            registration=registration(intake_user), signed_on=REGISTERED - datetime.timedelta(days=1), by=intake_user
        )
    assert not Contract.objects.exists()


def test_the_contract_keeps_its_components(intake_user):
    signed = services.contract_sign(
        registration=registration(intake_user),
        signed_on=SIGNED,
        by=intake_user,
        components={"dutch_target_level": "A1", "includes_career_orientation": False, "childcare_needed": True},
    )

    signed.refresh_from_db()
    assert (signed.dutch_target_level, signed.includes_career_orientation, signed.childcare_needed) == (
        "A1",
        False,
        True,
    )


# Pauses, referrals, the exemption test ---------------------------------------------------------


def test_a_pause_ending_before_it_starts_is_refused(contract, counsellor):
    with pytest.raises(ValidationError) as refused:
        services.pause_create(
            contract=contract,
            kind="postponement",
            reason="Illness",
            starts_on=datetime.date(2019, 8, 1),
            expires_on=datetime.date(2019, 7, 31),
            by=counsellor,
        )

    assert "expires_on" in refused.value.message_dict
    assert not ContractPause.objects.exists()


def test_a_pause_with_its_end_after_its_start_is_kept(contract, counsellor):
    services.pause_create(
        contract=contract,
        kind="suspension",
        reason="Maternity leave",
        starts_on=datetime.date(2019, 8, 1),
        expires_on=datetime.date(2019, 11, 1),
        by=counsellor,
    )

    assert list(contract.pauses.values_list("kind", "expires_on")) == [("suspension", datetime.date(2019, 11, 1))]


def test_a_referral_outcome_cannot_be_left_pending(contract, counsellor):
    referral = services.referral_create(
        contract=contract, service="vdab", referred_on=datetime.date(2019, 6, 1), by=counsellor
    )

    with pytest.raises(ValidationError):
        services.referral_outcome_record(
            referral=referral, outcome=ReferralOutcome.PENDING, outcome_on=datetime.date(2019, 7, 1), by=counsellor
        )

    services.referral_outcome_record(
        referral=referral, outcome=ReferralOutcome.STARTED, outcome_on=datetime.date(2019, 7, 1), by=counsellor
    )
    assert Referral.objects.get(pk=referral.pk).outcome == ReferralOutcome.STARTED


@pytest.mark.parametrize("result", [ExemptionTestResult.PASSED, ExemptionTestResult.FAILED])
def test_an_exemption_test_passed_or_failed_needs_the_date_it_was_taken(contract, counsellor, result):
    test = services.exemption_test_register(
        person=contract.person, registered_on=datetime.date(2019, 5, 15), by=counsellor
    )

    with pytest.raises(ValidationError) as refused:
        services.exemption_test_result(test=test, taken_on=None, result=result, by=counsellor)

    assert "taken_on" in refused.value.message_dict
    assert ExemptionTest.objects.get(pk=test.pk).result == ExemptionTestResult.PENDING


def test_an_absence_from_the_exemption_test_needs_no_date(contract, counsellor):
    test = services.exemption_test_register(
        person=contract.person, registered_on=datetime.date(2019, 5, 15), by=counsellor
    )

    services.exemption_test_result(test=test, taken_on=None, result=ExemptionTestResult.ABSENT, by=counsellor)

    assert ExemptionTest.objects.get(pk=test.pk).result == ExemptionTestResult.ABSENT


def test_progress_refuses_a_field_that_is_not_progress(contract, counsellor):
    with pytest.raises(ValueError, match="Not a progress field"):
        services.contract_progress_record(contract=contract, values={"state": ContractState.CERTIFIED}, by=counsellor)


# The certificate's conditions -----------------------------------------------------------------


def test_a_new_contract_has_every_condition_open(contract):
    assert len(conditions(contract)) == 3
    assert opens(contract, MO_OPEN)
    assert dutch_open(contract)
    assert opens(contract, CAREER_OPEN)


def test_nothing_is_open_when_every_component_is_done(contract, counsellor):
    all_done(contract, counsellor)

    assert conditions(contract) == []


def test_civic_orientation_passed_closes_its_condition(contract, counsellor):
    progress(contract, counsellor, civic_orientation_passed_on=datetime.date(2019, 9, 1))

    assert not opens(contract, MO_OPEN)
    assert len(conditions(contract)) == 2


def test_a_passed_exemption_test_replaces_civic_orientation(contract, counsellor):
    exemption_test(contract.person, counsellor, ExemptionTestResult.PASSED)

    assert not opens(contract, MO_OPEN)


@pytest.mark.parametrize("result", [ExemptionTestResult.FAILED, ExemptionTestResult.ABSENT])
def test_an_exemption_test_not_passed_leaves_civic_orientation_open(contract, counsellor, result):
    exemption_test(
        contract.person, counsellor, result, taken_on=None if result == "absent" else datetime.date(2019, 6, 1)
    )

    assert opens(contract, MO_OPEN)


def test_a_pending_exemption_test_leaves_civic_orientation_open(contract, counsellor):
    services.exemption_test_register(person=contract.person, registered_on=datetime.date(2019, 5, 15), by=counsellor)

    assert opens(contract, MO_OPEN)


def test_an_exemption_test_passed_after_the_day_asked_does_not_count_yet(contract, counsellor):
    exemption_test(contract.person, counsellor, ExemptionTestResult.PASSED, taken_on=datetime.date(2019, 6, 1))

    assert opens(contract, MO_OPEN, on=datetime.date(2019, 5, 31))
    assert not opens(contract, MO_OPEN, on=datetime.date(2019, 6, 1))


def test_another_persons_exemption_test_does_not_count(contract, counsellor):
    exemption_test(PersonFactory(), counsellor, ExemptionTestResult.PASSED)

    assert opens(contract, MO_OPEN)


@pytest.mark.parametrize(
    ("target", "reached", "open_"),
    [
        ("A2", "", True),
        ("A2", "A1", True),  # A1 does not satisfy A2
        ("A2", "A2", False),
        ("A1", "A1", False),
        ("A1", "A2", False),  # A2 satisfies A1
    ],
)
def test_dutch_condition_needs_the_target_level_or_higher(intake_user, counsellor, target, reached, open_):
    signed = services.contract_sign(
        registration=registration(intake_user),
        signed_on=SIGNED,
        by=intake_user,
        components={"dutch_target_level": target},
    )
    if reached:
        progress(signed, counsellor, dutch_level_reached=reached, dutch_level_reached_on=datetime.date(2020, 1, 1))

    assert dutch_open(signed) is open_
    assert any(target in condition for condition in conditions(signed)) is open_


def test_components_not_in_the_contract_are_not_conditions(intake_user):
    signed = services.contract_sign(
        registration=registration(intake_user),
        signed_on=SIGNED,
        by=intake_user,
        components={"includes_civic_orientation": False, "includes_dutch": False, "includes_career_orientation": False},
    )

    assert conditions(signed) == []


def test_career_orientation_is_a_condition_only_where_in_the_contract(intake_user, counsellor):
    without_career = services.contract_sign(
        registration=registration(intake_user),
        signed_on=SIGNED,
        by=intake_user,
        components={"includes_career_orientation": False},
    )
    with_career = services.contract_sign(registration=registration(intake_user), signed_on=SIGNED, by=intake_user)
    for signed in (without_career, with_career):
        progress(
            signed,
            counsellor,
            civic_orientation_passed_on=datetime.date(2019, 9, 1),
            dutch_level_reached="A2",
            dutch_level_reached_on=datetime.date(2020, 3, 1),
        )

    assert conditions(without_career) == []
    assert len(conditions(with_career)) == 1
    assert opens(with_career, CAREER_OPEN)


# Issuing the certificate ---------------------------------------------------------------------


def test_the_certificate_is_refused_while_a_condition_is_open_and_names_it(contract, counsellor):
    progress(
        contract,
        counsellor,
        civic_orientation_passed_on=datetime.date(2019, 9, 1),
        dutch_level_reached="A1",
        dutch_level_reached_on=datetime.date(2020, 3, 1),
    )

    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(contract=contract, issued_on=datetime.date(2020, 6, 1), by=counsellor)

    assert refused.value.messages == conditions(contract)
    assert len(refused.value.messages) == 2
    assert not Certificate.objects.exists()
    contract.refresh_from_db()
    assert contract.state == ContractState.OPEN
    assert contract.ended_on is None


def test_the_certificate_is_issued_when_every_condition_holds(contract, counsellor):
    all_done(contract, counsellor)

    certificate = services.certificate_issue(contract=contract, issued_on=datetime.date(2020, 6, 1), by=counsellor)

    certificate.refresh_from_db()
    assert (certificate.contract_id, certificate.issued_on, certificate.issued_by) == (
        contract.pk,
        datetime.date(2020, 6, 1),
        counsellor,
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.CERTIFIED
    assert contract.ended_on == datetime.date(2020, 6, 1)


def test_the_certificate_with_the_exemption_test_instead_of_civic_orientation(contract, counsellor):
    exemption_test(contract.person, counsellor, ExemptionTestResult.PASSED, taken_on=datetime.date(2019, 6, 1))
    progress(
        contract,
        counsellor,
        dutch_level_reached="A2",
        dutch_level_reached_on=datetime.date(2020, 3, 1),
        career_orientation_done_on=datetime.date(2020, 1, 10),
    )

    services.certificate_issue(contract=contract, issued_on=datetime.date(2020, 6, 1), by=counsellor)

    assert Certificate.objects.filter(contract=contract).exists()


def test_a_second_certificate_for_the_contract_is_refused(contract, counsellor):
    all_done(contract, counsellor)
    services.certificate_issue(contract=contract, issued_on=datetime.date(2020, 6, 1), by=counsellor)

    with pytest.raises(ValidationError):
        services.certificate_issue(contract=contract, issued_on=datetime.date(2020, 7, 1), by=counsellor)

    assert list(Certificate.objects.values_list("issued_on", flat=True)) == [datetime.date(2020, 6, 1)]


def test_a_certificate_dated_before_the_signing_is_refused(contract, counsellor):
    all_done(contract, counsellor)

    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(contract=contract, issued_on=SIGNED - datetime.timedelta(days=1), by=counsellor)

    assert "issued_on" in refused.value.message_dict
    assert not Certificate.objects.exists()
    assert Contract.objects.get(pk=contract.pk).state == ContractState.OPEN


def test_a_certificate_on_the_day_of_signing_is_allowed(intake_user, counsellor):
    signed = services.contract_sign(
        registration=registration(intake_user),
        signed_on=SIGNED,
        by=intake_user,
        components={"includes_civic_orientation": False, "includes_dutch": False, "includes_career_orientation": False},
    )

    services.certificate_issue(contract=signed, issued_on=SIGNED, by=counsellor)

    assert Certificate.objects.filter(contract=signed, issued_on=SIGNED).exists()


def test_the_time_from_contract_to_certificate_is_not_stored():
    # Derived from signed_on and issued_on (the report computes it); no field to go stale.
    stored = {field.name for model in (Contract, Certificate) for field in model._meta.concrete_fields}
    assert not [name for name in stored if "month" in name or "duration" in name or "days" in name]
    assert {field.name for field in Certificate._meta.concrete_fields} == {"id", "contract", "issued_on", "issued_by"}


# The end without a certificate ---------------------------------------------------------------


def test_a_contract_ends_for_a_reason_leaves_the_caseload_and_the_end_is_logged(contract, counsellor):
    all_done(contract, counsellor)
    ended = services.contract_end(
        contract=contract, ended_on=datetime.date(2020, 9, 1), reason=ContractEndReason.MOVED, by=counsellor
    )

    assert (ended.state, ended.ended_on, ended.end_reason) == (
        ContractState.ENDED,
        datetime.date(2020, 9, 1),
        ContractEndReason.MOVED,
    )
    assert not Contract.objects.filter(counsellor=counsellor, state=ContractState.OPEN).exists()
    entry = AccessLogEntry.objects.filter(person_id=contract.person_id, action=AccessAction.UPDATE).latest("id")
    assert set(entry.fields) == {"state", "ended_on", "end_reason"} and entry.user == counsellor
    with pytest.raises(ValidationError, match="certificate"):
        services.certificate_issue(contract=contract, issued_on=datetime.date(2020, 10, 1), by=counsellor)


@pytest.mark.parametrize(
    ("ended_on", "reason", "note", "field"),
    [
        (SIGNED - datetime.timedelta(days=1), ContractEndReason.MOVED, "", "ended_on"),
        ("tomorrow", ContractEndReason.MOVED, "", "ended_on"),
        (datetime.date(2020, 1, 6), "", "", "reason"),
        (datetime.date(2020, 1, 6), "gone", "", "reason"),
        (datetime.date(2020, 1, 6), ContractEndReason.OTHER, "  ", "note"),
    ],
)
def test_an_end_with_a_wrong_day_or_no_reason_is_refused_on_its_field(
    contract, counsellor, ended_on, reason, note, field
):
    if ended_on == "tomorrow":
        ended_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.contract_end(contract=contract, ended_on=ended_on, reason=reason, note=note, by=counsellor)

    assert field in refused.value.message_dict
    assert Contract.objects.get(pk=contract.pk).state == ContractState.OPEN


def test_a_certified_or_ended_contract_does_not_end_again(contract, counsellor):
    services.contract_end(
        contract=contract, ended_on=datetime.date(2020, 1, 6), reason=ContractEndReason.TERM_PASSED, by=counsellor
    )
    with pytest.raises(ValidationError, match="Only a running contract"):
        services.contract_end(
            contract=contract, ended_on=datetime.date(2020, 2, 6), reason=ContractEndReason.MOVED, by=counsellor
        )
    assert Contract.objects.get(pk=contract.pk).ended_on == datetime.date(2020, 1, 6)


def test_the_database_refuses_an_ended_contract_without_a_reason(contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(state=ContractState.ENDED, ended_on=datetime.date(2020, 1, 6))
