"""Enrolments at modules, scholarships and certification tests."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from haven.core.api import problem_from, problems
from haven.nt2 import access, services
from haven.nt2.api.records import API, module_named, named, or_today, writer
from haven.nt2.api.schemas import (
    CertificationIn,
    CertificationOut,
    EnrolmentStatusIn,
    ModuleEnrolmentIn,
    ModuleEnrolmentOut,
    ScholarshipIn,
    ScholarshipOut,
    ScholarshipRefused,
    certification_out,
    enrolment_out,
    scholarship_out,
)
from haven.nt2.models import Enrolment, Routing, ScholarshipFund

router = Router()


@router.post(
    "/people/{person_id}/enrolments",
    response={201: ModuleEnrolmentOut, **problems(404, body=True)},
    summary="Enrol the person at a module (422 when it is full)",
)
def enrolment_create(request, person_id: int, payload: ModuleEnrolmentIn):
    person = writer(request, person_id, "nt2.add_enrolment")
    try:
        module = module_named(payload.module_id)
        routing = named(Routing.objects.filter(person=person), payload.routing_id, "routing_id", _("Unknown routing."))
        enrolment = services.enrolment_create(
            person=person,
            module=module,
            by=request.auth,
            routing=routing,
            requested_on=or_today(payload.requested_on),
            channel=API,
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, enrolment_out(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/status",
    response={200: ModuleEnrolmentOut, **problems(404, body=True)},
    summary="Move an enrolment on: confirmed, started, finished, or dropped out",
)
def enrolment_status(request, enrolment_id: int, payload: EnrolmentStatusIn):
    enrolment = access.record_for_user(
        request.auth, Enrolment, enrolment_id, write=True, related=("module__provider",), channel=API
    )
    try:
        enrolment = services.enrolment_status_set(
            enrolment=enrolment, status=payload.status, on=or_today(payload.on), by=request.auth, channel=API
        )
    except ValidationError as error:
        return Status(422, problem_from(error))
    return enrolment_out(enrolment)


@router.post(
    "/people/{person_id}/scholarships",
    response={201: ScholarshipOut, **problems(404, body=True), 422: ScholarshipRefused},
    summary="Grant a scholarship for the university language centre, or 422 with the unmet conditions",
)
def scholarship_create(request, person_id: int, payload: ScholarshipIn):
    person = writer(request, person_id, "nt2.add_scholarship")
    try:
        fund = named(ScholarshipFund.objects, payload.fund_id, "fund_id", _("Unknown fund."))
        module = module_named(payload.module_id)
        scholarship = services.scholarship_grant(
            person=person, fund=fund, module=module, on=or_today(payload.granted_on), by=request.auth, channel=API
        )
    except ValidationError as error:
        problem = problem_from(error)
        unmet = [] if hasattr(error, "error_dict") else error.messages
        return Status(422, ScholarshipRefused(detail=problem.detail, errors=problem.errors, unmet=unmet))
    return Status(201, scholarship_out(scholarship))


@router.post(
    "/people/{person_id}/certifications",
    response={201: CertificationOut, **problems(404, body=True)},
    summary="Record a certification test; says whether it satisfied a contract's NT2 condition",
)
def certification_create(request, person_id: int, payload: CertificationIn):
    person = writer(request, person_id, "nt2.add_certificationtest")
    try:
        test = services.certification_record(person=person, values=payload.dict(), by=request.auth, channel=API)
    except ValidationError as error:
        return Status(422, problem_from(error))
    return Status(201, certification_out(test))
