"""The integration certificate: the conditions still open, and issuing it."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration.models import Certificate, Contract, ContractState, ExemptionTest, ExemptionTestResult
from haven.integration.services.records import RELATIONS_IN_HAND
from haven.people.access import change_logged


def certificate_open_conditions(
    *, contract: Contract, on: date | None = None, exemption_tests: Iterable[ExemptionTest] | None = None
) -> list[str]:
    """The conditions of the certificate that do not hold yet (empty: it can be issued).
    Civic orientation: passed, or the exemption test passed. NT2: the contract's target
    level reached, where Dutch is in the contract. Career orientation: done, where it is
    in the contract. ``exemption_tests``: the person's tests, when a page has loaded
    them already (so that a list of contracts does not query once per contract)."""
    open_conditions: list[str] = []
    if contract.includes_civic_orientation and not contract.civic_orientation_passed_on:
        if exemption_tests is None:
            passed = ExemptionTest.objects.filter(person_id=contract.person_id, result=ExemptionTestResult.PASSED)
            if on is not None:
                passed = passed.filter(taken_on__lte=on)
            exempted = passed.exists()
        else:
            exempted = any(
                test.person_id == contract.person_id
                and test.result == ExemptionTestResult.PASSED
                and (on is None or (test.taken_on is not None and test.taken_on <= on))
                for test in exemption_tests
            )
        if not exempted:
            open_conditions.append(_("Civic orientation is not passed (nor the exemption test)."))
    if contract.includes_dutch:
        reached = contract.dutch_level_reached
        if not reached or reached < contract.dutch_target_level:
            open_conditions.append(
                _("Dutch as a second language: level %(level)s is not reached yet.")
                % {"level": contract.dutch_target_level}
            )
    if contract.includes_career_orientation and not contract.career_orientation_done_on:
        open_conditions.append(_("Career orientation is not done yet."))
    return open_conditions


@transaction.atomic
def certificate_issue(
    *, contract: Contract, issued_on: date, by: User, channel: AccessChannel | None = None
) -> Certificate:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if Certificate.objects.filter(contract=contract).exists():
        raise ValidationError(_("A certificate was already issued for this contract."))
    if contract.state == ContractState.ENDED:
        raise ValidationError(_("The contract has ended: no certificate can be issued for it."))
    open_conditions = certificate_open_conditions(contract=contract, on=issued_on)
    if open_conditions:
        raise ValidationError(open_conditions)
    if issued_on < contract.signed_on:
        raise ValidationError({"issued_on": _("A certificate cannot be issued before the contract was signed.")})
    certificate = Certificate(contract=contract, issued_on=issued_on, issued_by=by)
    certificate.full_clean(exclude=RELATIONS_IN_HAND)
    certificate.save()
    Contract.objects.filter(pk=contract.pk).update(state=ContractState.CERTIFIED, ended_on=issued_on)
    change_logged(
        by=by,
        person_id=contract.person_id,
        preferred=AccessPurpose.COUNSELLING,
        fields=["certificate"],
        channel=channel,
    )
    return certificate
