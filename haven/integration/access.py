"""Who may see and change civic-integration records. Pages and API use these, one
function per kind of record.

A counsellor changes the contracts of their own caseload and reads the team's; a
team coordinator changes any contract and chooses counsellors; intake staff record
facts, registrations and sign contracts; roles without the permissions (partners,
interpreters, managers) see nothing of it. What hangs on a contract (pauses,
referrals, exemption tests, the certificate) is changed by who may change the
contract. Every read of a person's records is logged with its purpose, like a read
of the person's file.
"""

from collections.abc import Iterable
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from haven.accounts.models import User
from haven.core.access import require_permission
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration.models import Contract, ContractState, DiplomaDossier, ExemptionTest, Referral, Registration
from haven.people import access as people_access
from haven.people.access import person_access
from haven.people.models import Person

AnyUser = User | AnonymousUser

ASSIGN_COUNSELLOR = "integration.assign_counsellor"


def integration_for_user(user: AnyUser, permission: str = "integration.view_registration") -> None:
    """PermissionDenied unless the user is logged in, active and holds ``permission``."""
    require_permission(user, permission)


def may_choose_counsellor(user: AnyUser) -> bool:
    """Whether the user chooses a contract's counsellor themselves (a team coordinator)."""
    return user.is_authenticated and user.is_active and user.has_perm(ASSIGN_COUNSELLOR)


def registration_for_user(
    user: AnyUser,
    registration_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> Registration:
    permission = "integration.add_registration" if write else "integration.view_registration"
    require_permission(user, permission)
    registration = Registration.objects.select_related("person").filter(pk=registration_id).first()
    if registration is None:
        raise Http404
    person_access(
        user, registration.person_id, purpose=purpose, channel=channel, log_read=not write, permission=permission
    )
    return registration


def contract_may_change(user: AnyUser, contract: Contract) -> bool:
    if not (user.is_authenticated and user.is_active and user.has_perm("integration.change_contract")):
        return False
    return contract.counsellor_id == user.pk or user.has_perm(ASSIGN_COUNSELLOR)


def contract_for_user(
    user: AnyUser,
    contract_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> Contract:
    """A contract for reading (the team's) or changing (one's own caseload)."""
    require_permission(user, "integration.view_contract")
    contract = (
        Contract.objects.select_related("person", "counsellor", "registration", "certificate")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise Http404
    person_access(
        user,
        contract.person_id,
        purpose=purpose,
        channel=channel,
        log_read=not write,
        permission="integration.view_contract",
    )
    if write and not contract_may_change(user, contract):
        raise PermissionDenied
    return contract


def contract_for_change(
    user: AnyUser,
    contract_id: int,
    *,
    permission: str,
    purpose: AccessPurpose | str,
    channel: AccessChannel | None = None,
) -> Contract:
    """A contract to change or to add to (progress, a pause, a referral, an exemption test,
    the certificate, a new counsellor): ``permission`` for that change, and the contract
    one the user may change."""
    contract = contract_for_user(user, contract_id, purpose=purpose, write=True, channel=channel)
    require_permission(user, permission)
    return contract


def referral_for_user(
    user: AnyUser,
    referral_id: int,
    *,
    purpose: AccessPurpose | str,
    contract_id: int | None = None,
    channel: AccessChannel | None = None,
) -> Referral:
    """A referral for recording its outcome: its contract must be one the user may change.
    ``contract_id``: the contract a page shows; a referral of another contract is not found."""
    if contract_id is None:
        require_permission(user, "integration.change_referral")
        found = Referral.objects.filter(pk=referral_id).first()
        if found is None:
            raise Http404
        found.contract = contract_for_user(user, found.contract_id, purpose=purpose, write=True, channel=channel)
        return found
    contract = contract_for_change(
        user, contract_id, permission="integration.change_referral", purpose=purpose, channel=channel
    )
    referral = contract.referrals.filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    referral.contract = contract
    return referral


def _exemption_contract(
    user: AnyUser, person_id: int, *, purpose: AccessPurpose | str, permission: str, channel: AccessChannel | None
) -> Contract:
    """The contract of the person under which the user changes their exemption tests: one
    the user may change (their caseload's, or any for a team coordinator), the latest."""
    contracts = Contract.objects.filter(person_id=person_id).order_by("-signed_on", "-id")
    if not may_choose_counsellor(user):
        contracts = contracts.filter(counsellor_id=user.pk)
    contract_id = contracts.values_list("pk", flat=True).first()
    if contract_id is None:
        # None to change: the person's file is still decided (unknown: 404; refused: logged).
        person_access(user, person_id, purpose=purpose, channel=channel, log_read=False, permission=permission)
        raise PermissionDenied
    return contract_for_change(user, contract_id, permission=permission, purpose=purpose, channel=channel)


def exemption_test_contract_for_user(
    user: AnyUser,
    *,
    purpose: AccessPurpose | str,
    contract_id: int | None = None,
    person_id: int | None = None,
    channel: AccessChannel | None = None,
) -> Contract:
    """The contract under which a person is registered for the exemption test: the one a
    page shows (``contract_id``), or for the API the person's latest one the user may change."""
    permission = "integration.add_exemptiontest"
    if contract_id is not None:
        return contract_for_change(user, contract_id, permission=permission, purpose=purpose, channel=channel)
    require_permission(user, permission)
    if person_id is None:
        raise Http404
    return _exemption_contract(user, person_id, purpose=purpose, permission=permission, channel=channel)


def exemption_test_for_user(
    user: AnyUser,
    test_id: int,
    *,
    purpose: AccessPurpose | str,
    contract_id: int | None = None,
    channel: AccessChannel | None = None,
) -> tuple[ExemptionTest, Contract]:
    """An exemption test for recording its result, with the contract under which the user
    may change it (one of the person's the user may change). ``contract_id``: the
    contract a page shows; a test of another person is not found."""
    permission = "integration.change_exemptiontest"
    if contract_id is not None:
        contract = contract_for_change(user, contract_id, permission=permission, purpose=purpose, channel=channel)
        test = contract.person.exemption_tests.filter(pk=test_id).first()
        if test is None:
            raise Http404
        return test, contract
    require_permission(user, permission)
    test = ExemptionTest.objects.filter(pk=test_id).first()
    if test is None:
        raise Http404
    return test, _exemption_contract(user, test.person_id, purpose=purpose, permission=permission, channel=channel)


def sensitive_facts_visible(user: AnyUser, person_id: int) -> bool:
    """Health grounds for an exemption are special-category data: only the counsellor
    of the person's running contract sees them."""
    return Contract.objects.filter(person_id=person_id, counsellor_id=user.pk, state=ContractState.OPEN).exists()


def sensitive_facts_visible_among(user: AnyUser, contracts: Iterable[Contract]) -> bool:
    """``sensitive_facts_visible``, decided from the person's contracts already loaded (no query)."""
    return any(contract.counsellor_id == user.pk and contract.state == ContractState.OPEN for contract in contracts)


def person_for_integration(
    user: AnyUser,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    permission: str,
    write: bool = False,
    channel: AccessChannel | None = None,
    starts: str | None = None,
) -> Person:
    """A person for a civic-integration form (facts, registration, a diploma dossier).

    The integration permission decides, not the registry's change permission: recording
    integration facts or a dossier does not change the registry. A read (the form is
    opened) goes through the registry's access function, which logs it with the purpose.
    """
    require_permission(user, permission)
    if not write and not starts:
        return people_access.person_for_user(user, person_id, purpose=purpose, channel=channel)
    return people_access.person_for_record(
        user, person_id, purpose=purpose, permission=permission, starts=starts, write=write, channel=channel
    )


def dossier_for_user(
    user: AnyUser,
    dossier_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> DiplomaDossier:
    """A diploma recognition dossier for reading or changing; a read is logged."""
    permission = "integration.change_diplomadossier" if write else "integration.view_diplomadossier"
    require_permission(user, permission)
    dossier = DiplomaDossier.objects.select_related("person").filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404
    person_access(user, dossier.person_id, purpose=purpose, channel=channel, log_read=not write, permission=permission)
    return dossier


def caseload_owner_for_user(user: AnyUser, owner_id: int | None = None) -> User:
    """Whose caseload the user opens: their own, or (read-only) a colleague's. Lists
    show file numbers and names only; each file opened from them is logged."""
    require_permission(user, "integration.view_contract")
    if owner_id is None or owner_id == user.pk:
        return cast(User, user)  # logged in: require_permission refused an anonymous user
    if not user.has_perm(ASSIGN_COUNSELLOR):  # a colleague's caseload: the team coordinator's
        raise PermissionDenied
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None:
        raise Http404
    return owner
