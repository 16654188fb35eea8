"""Trainings, the organisations trained, associations, their support contacts and the
network events: records that name no person of the registry."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from haven.accounts.models import User
from haven.core.api import Year, page_of, problems
from haven.organisations import access, selectors, services
from haven.organisations.api.router import router
from haven.organisations.api.schemas import (
    OrgAssociationIn,
    OrgAssociationOut,
    OrgAssociationPage,
    OrgNetworkEventIn,
    OrgNetworkEventOut,
    OrgNetworkEventPage,
    OrgPartnerIn,
    OrgPartnerOut,
    OrgPartnerPage,
    OrgSupportContactIn,
    OrgSupportContactOut,
    OrgSupportContactPage,
    OrgTrainingIn,
    OrgTrainingOut,
    OrgTrainingPage,
)
from haven.organisations.models import (
    Association,
    NetworkEvent,
    PartnerOrganisation,
    RecognitionStatus,
    SupportContact,
    SupportKind,
    TrainingSession,
    TrainingTopic,
)


def _partner_out(partner: PartnerOrganisation) -> OrgPartnerOut:
    return OrgPartnerOut(
        id=partner.pk,
        name=partner.name,
        contact_name=partner.contact_name,
        contact_email=partner.contact_email,
        contact_phone=partner.contact_phone,
        address=partner.address,
        active=partner.active,
    )


def _training_out(session: TrainingSession) -> OrgTrainingOut:
    return OrgTrainingOut(
        id=session.pk,
        topic=TrainingTopic(session.topic),
        title=session.title,
        organisation_id=session.organisation_id,
        organisation=session.organisation.name,
        trainer_id=session.trainer_id,
        held_on=session.held_on,
        hours=session.hours,
        participants=session.participants,
        note=session.note,
    )


def _association_out(association: Association) -> OrgAssociationOut:
    return OrgAssociationOut(
        id=association.pk,
        name=association.name,
        enterprise_number=association.enterprise_number,
        recognition=RecognitionStatus(association.recognition),
        contact_name=association.contact_name,
        contact_email=association.contact_email,
        contact_phone=association.contact_phone,
        women_focus=association.women_focus,
        note=association.note,
    )


def _contact_out(contact: SupportContact) -> OrgSupportContactOut:
    return OrgSupportContactOut(
        id=contact.pk,
        association_id=contact.association_id,
        association=contact.association.name,
        kind=SupportKind(contact.kind),
        held_on=contact.held_on,
        staff_id=contact.staff_id,
        subject=contact.subject,
    )


def _event_out(event: NetworkEvent, association_ids: list[int]) -> OrgNetworkEventOut:
    return OrgNetworkEventOut(
        id=event.pk,
        held_on=event.held_on,
        title=event.title,
        location=event.location,
        association_ids=association_ids,
        participants=event.participants,
        note=event.note,
    )


def _found(model, record_id: int, field: str):
    record = model.objects.filter(pk=record_id).first()
    if record is None:
        raise ValidationError({field: _("There is no record with this id.")})
    return record


def _staff(user_id: int, field: str) -> User:
    user = selectors.staff_users().filter(pk=user_id).first()
    if user is None:
        raise ValidationError({field: _("Choose an active staff member.")})
    return user


@router.get("/partners", response={200: OrgPartnerPage, **problems(422)}, summary="List the organisations trained")
def partner_list(request, q: str = "", page: int = 1):
    access.line_for_user(request.auth, access.perm("view", "partnerorganisation"))
    meta, current = page_of(selectors.partners(query=q), page)
    return OrgPartnerPage(**meta, items=[_partner_out(row) for row in current])


@router.post("/partners", response={201: OrgPartnerOut, **problems(body=True)}, summary="Add an organisation")
def partner_create(request, payload: OrgPartnerIn):
    access.line_for_user(request.auth, access.perm("add", "partnerorganisation"))
    return Status(201, _partner_out(services.partner_create(values=payload.dict(), by=request.auth)))


@router.get("/trainings", response={200: OrgTrainingPage, **problems(422)}, summary="List training sessions")
def training_list(
    request,
    topic: TrainingTopic | None = None,
    organisation_id: int | None = None,
    year: Year | None = None,
    page: int = 1,
):
    access.line_for_user(request.auth, access.perm("view", "trainingsession"))
    rows = selectors.trainings(topic=topic or "", organisation_id=organisation_id, year=year)
    meta, current = page_of(rows, page)
    return OrgTrainingPage(**meta, items=[_training_out(row) for row in current])


@router.post("/trainings", response={201: OrgTrainingOut, **problems(body=True)}, summary="Add a training session")
def training_create(request, payload: OrgTrainingIn):
    access.line_for_user(request.auth, access.perm("add", "trainingsession"))
    values = payload.dict(exclude={"organisation_id", "trainer_id"})
    values["organisation"] = _found(PartnerOrganisation, payload.organisation_id, "organisation_id")
    values["trainer"] = _staff(payload.trainer_id, "trainer_id")
    try:
        session = services.training_create(values=values, by=request.auth)
    except ValidationError as error:
        raise _renamed(error, {"organisation": "organisation_id", "trainer": "trainer_id"}) from None
    return Status(201, _training_out(session))


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(name, name): messages for name, messages in error.message_dict.items()})


@router.get("/associations", response={200: OrgAssociationPage, **problems(422)}, summary="List the associations")
def association_list(request, q: str = "", recognition: RecognitionStatus | None = None, page: int = 1):
    access.line_for_user(request.auth, access.perm("view", "association"))
    meta, current = page_of(selectors.associations(query=q, recognition=recognition or ""), page)
    return OrgAssociationPage(**meta, items=[_association_out(row) for row in current])


@router.post("/associations", response={201: OrgAssociationOut, **problems(body=True)}, summary="Add an association")
def association_create(request, payload: OrgAssociationIn):
    access.line_for_user(request.auth, access.perm("add", "association"))
    return Status(201, _association_out(services.association_create(values=payload.dict(), by=request.auth)))


@router.post(
    "/associations/{association_id}/contacts",
    response={201: OrgSupportContactOut, **problems(404, body=True)},
    summary="Record a support contact with an association",
)
def support_contact_add(request, association_id: int, payload: OrgSupportContactIn):
    access.line_for_user(request.auth, access.perm("add", "supportcontact"))
    association = access.association_for_user(request.auth, association_id)
    try:
        contact = services.support_contact_add(
            association=association,
            kind=payload.kind,
            held_on=payload.held_on,
            staff=_staff(payload.staff_id, "staff_id"),
            subject=payload.subject,
            by=request.auth,
        )
    except ValidationError as error:
        raise _renamed(error, {"staff": "staff_id"}) from None
    return Status(201, _contact_out(contact))


@router.get(
    "/support-contacts", response={200: OrgSupportContactPage, **problems(422)}, summary="List support contacts"
)
def support_contact_list(request, year: Year | None = None, kind: SupportKind | None = None, page: int = 1):
    access.line_for_user(request.auth, access.perm("view", "supportcontact"))
    meta, current = page_of(selectors.support_contacts(year=year, kind=kind or ""), page)
    return OrgSupportContactPage(**meta, items=[_contact_out(row) for row in current])


@router.get("/network-events", response={200: OrgNetworkEventPage, **problems(422)}, summary="List network events")
def network_event_list(request, year: Year | None = None, page: int = 1):
    access.line_for_user(request.auth, access.perm("view", "networkevent"))
    meta, current = page_of(selectors.network_events(year=year).prefetch_related("associations"), page)
    items = [_event_out(row, [association.pk for association in row.associations.all()]) for row in current]
    return OrgNetworkEventPage(**meta, items=items)


@router.post(
    "/network-events", response={201: OrgNetworkEventOut, **problems(body=True)}, summary="Add a network event"
)
def network_event_create(request, payload: OrgNetworkEventIn):
    access.line_for_user(request.auth, access.perm("add", "networkevent"))
    wanted = set(payload.association_ids)
    associations = list(Association.objects.filter(pk__in=wanted))
    if len(associations) != len(wanted):
        raise ValidationError({"association_ids": _("There is no association with one of these ids.")})
    event = services.network_event_create(
        values=payload.dict(exclude={"association_ids"}), associations=associations, by=request.auth
    )
    return Status(201, _event_out(event, sorted(wanted)))
