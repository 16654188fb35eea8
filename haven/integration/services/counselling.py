"""Counselling on a contract: the civic-orientation exemption test and referrals to
partner services."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration.models import Contract, ExemptionTest, ExemptionTestResult, Referral, ReferralOutcome
from haven.integration.services.records import RELATIONS_IN_HAND
from haven.people.access import change_logged
from haven.people.models import Person


@transaction.atomic
def exemption_test_register(
    *, person: Person, registered_on: date, by: User, channel: AccessChannel | None = None
) -> ExemptionTest:
    test = ExemptionTest(person=person, registered_on=registered_on)
    test.full_clean(exclude=RELATIONS_IN_HAND)
    test.save()
    change_logged(
        by=by, person_id=person.pk, preferred=AccessPurpose.COUNSELLING, fields=["exemption_tests"], channel=channel
    )
    return test


@transaction.atomic
def exemption_test_result(
    *, test: ExemptionTest, taken_on: date | None, result: str, by: User, channel: AccessChannel | None = None
) -> ExemptionTest:
    test.taken_on, test.result = taken_on, result
    if result in (ExemptionTestResult.PASSED, ExemptionTestResult.FAILED) and taken_on is None:
        raise ValidationError({"taken_on": _("Give the date the test was taken.")})
    test.full_clean(exclude=RELATIONS_IN_HAND)
    test.save()
    change_logged(
        by=by,
        person_id=test.person_id,
        preferred=AccessPurpose.COUNSELLING,
        fields=["exemption_tests"],
        channel=channel,
    )
    return test


@transaction.atomic
def referral_create(
    *,
    contract: Contract,
    service: str,
    referred_on: date,
    note: str = "",
    by: User,
    channel: AccessChannel | None = None,
) -> Referral:
    referral = Referral(contract=contract, service=service, referred_on=referred_on, note=note)
    referral.full_clean(exclude=RELATIONS_IN_HAND)
    referral.save()
    change_logged(
        by=by, person_id=contract.person_id, preferred=AccessPurpose.COUNSELLING, fields=["referrals"], channel=channel
    )
    return referral


@transaction.atomic
def referral_outcome_record(
    *, referral: Referral, outcome: str, outcome_on: date, by: User, channel: AccessChannel | None = None
) -> Referral:
    if outcome == ReferralOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    referral.outcome, referral.outcome_on = outcome, outcome_on
    referral.full_clean(exclude=RELATIONS_IN_HAND)
    referral.save()
    change_logged(
        by=by,
        person_id=referral.contract.person_id,
        preferred=AccessPurpose.COUNSELLING,
        fields=["referrals"],
        channel=channel,
    )
    return referral
