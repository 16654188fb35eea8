"""Exemption tests for civic orientation and diploma recognition dossiers."""

from ninja import Router, Status

from haven.core.api import person_ref, problems
from haven.core.models import AccessChannel, AccessPurpose
from haven.integration import access, selectors, services
from haven.integration.api.schemas import (
    DossierIn,
    DossierOut,
    DossierPage,
    DossierPatch,
    DossierSummary,
    ExemptionTestIn,
    ExemptionTestOut,
    ExemptionTestResultIn,
)
from haven.integration.api.traces import API, write_purpose
from haven.integration.models import DiplomaDossier, DossierKind, DossierState, ExemptionTest, ExemptionTestResult
from haven.people.access import people_page

router = Router()


def _dossier_out(dossier: DiplomaDossier) -> DossierOut:
    return DossierOut(
        id=dossier.pk,
        person=person_ref(dossier.person),
        kind=DossierKind(dossier.kind),
        opened_on=dossier.opened_on,
        state=DossierState(dossier.state),
        diploma=dossier.diploma,
        missing_documents=dossier.missing_documents,
    )


def _exemption_test_out(test: ExemptionTest) -> ExemptionTestOut:
    return ExemptionTestOut(
        id=test.pk,
        person_id=test.person_id,
        registered_on=test.registered_on,
        taken_on=test.taken_on,
        result=ExemptionTestResult(test.result),
    )


# Exemption tests -------------------------------------------------------------------------


@router.post(
    "/people/{person_id}/exemption-tests",
    response={201: ExemptionTestOut, **problems(404, body=True)},
    summary="Register a person for the civic-orientation exemption test",
)
def exemption_test_register(request, person_id: int, payload: ExemptionTestIn):
    contract = access.exemption_test_contract_for_user(
        request.auth, person_id=person_id, purpose=write_purpose(request, AccessPurpose.COUNSELLING), channel=API
    )
    test = services.exemption_test_register(
        person=contract.person, registered_on=payload.registered_on, by=request.auth, channel=AccessChannel.API
    )
    return Status(201, _exemption_test_out(test))


@router.patch(
    "/exemption-tests/{test_id}",
    response={200: ExemptionTestOut, **problems(404, body=True)},
    summary="Record the result of an exemption test",
)
def exemption_test_result(request, test_id: int, payload: ExemptionTestResultIn):
    test, _contract = access.exemption_test_for_user(
        request.auth, test_id, purpose=write_purpose(request, AccessPurpose.COUNSELLING), channel=API
    )
    test = services.exemption_test_result(
        test=test, taken_on=payload.taken_on, result=payload.result, by=request.auth, channel=AccessChannel.API
    )
    return _exemption_test_out(test)


# Diploma recognition ---------------------------------------------------------------------


@router.post(
    "/people/{person_id}/diploma-dossiers",
    response={201: DossierOut, **problems(404, body=True)},
    summary="Open a diploma recognition dossier",
)
def diploma_dossier_create(request, person_id: int, payload: DossierIn):
    person = access.person_for_integration(
        request.auth,
        person_id,
        purpose=write_purpose(request, AccessPurpose.PROGRAMME),
        permission="integration.add_diplomadossier",
        write=True,
        channel=API,
        starts="programme",
    )
    dossier = services.diploma_dossier_create(
        person=person,
        kind=payload.kind,
        opened_on=payload.opened_on,
        diploma=payload.diploma,
        missing_documents=payload.missing_documents,
        by=request.auth,
        channel=AccessChannel.API,
    )
    return Status(201, _dossier_out(dossier))


@router.patch(
    "/diploma-dossiers/{dossier_id}",
    response={200: DossierOut, **problems(404, body=True)},
    summary="Change the state or the missing documents of a diploma dossier",
)
def diploma_dossier_update(request, dossier_id: int, payload: DossierPatch):
    dossier = access.dossier_for_user(
        request.auth, dossier_id, purpose=write_purpose(request, AccessPurpose.PROGRAMME), write=True, channel=API
    )
    dossier = services.diploma_dossier_update(
        dossier=dossier,
        by=request.auth,
        state=payload.state if payload.state is not None else dossier.state,
        missing_documents=(
            payload.missing_documents if payload.missing_documents is not None else dossier.missing_documents
        ),
        channel=AccessChannel.API,
    )
    return _dossier_out(dossier)


@router.get(
    "/diploma-dossiers", response={200: DossierPage, **problems(422)}, summary="List diploma dossiers (paginated)"
)
def diploma_dossier_list(request, kind: DossierKind | None = None, page: int = 1):
    access.integration_for_user(request.auth, "integration.view_diplomadossier")
    meta, current = people_page(
        request.auth, selectors.diploma_dossiers(kind=kind or ""), page, person_field="person_id"
    )
    return DossierPage(
        **meta,
        items=[
            DossierSummary(
                id=dossier.pk,
                person=person_ref(dossier.person),
                kind=dossier.kind,
                opened_on=dossier.opened_on,
                state=dossier.state,
            )
            for dossier in current
        ],
    )
