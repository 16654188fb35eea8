"""Leisure endpoints under /api/leisure/: the same access functions as the pages, writes
through the services (their refusals are 422 problems naming the field), every person
shown traced (a list page through ``people_page``, a referral read with its purpose,
"programme" when none is given)."""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from haven.core.api import PageMeta, PersonRef, Year, page_of, person_ref, problems
from haven.core.models import AccessChannel, AccessPurpose
from haven.leisure import access, selectors, services
from haven.leisure.models import (
    Event,
    EventKind,
    EventTally,
    LeisureOutcome,
    Organisation,
    OrganisationKind,
    Referral,
    ReferralKind,
)
from haven.people.access import people_page

router = Router(tags=["leisure"])
API = AccessChannel.API


class LeisureReferralIn(Schema):
    organisation_id: int
    kind: ReferralKind = ReferralKind.LEISURE
    activity: str = Field(min_length=1, max_length=200)
    referred_on: date
    follow_up_on: date | None = None
    note: str = ""


class LeisureOutcomeIn(Schema):
    outcome: LeisureOutcome
    outcome_on: date | None = None
    follow_up_on: date | None = None
    note: str | None = None


class LeisureReferralOut(Schema):
    id: int
    person: PersonRef
    organisation_id: int
    organisation: str
    kind: ReferralKind
    activity: str
    referred_on: date
    follow_up_on: date | None
    outcome: LeisureOutcome
    outcome_on: date | None
    note: str


class LeisureReferralPage(PageMeta):
    items: list[LeisureReferralOut]


class LeisureOrganisationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    active: bool = True


class LeisureOrganisationOut(LeisureOrganisationIn):
    id: int


class LeisureOrganisationPage(PageMeta):
    items: list[LeisureOrganisationOut]


class LeisureEventIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: EventKind
    held_on: date
    location: str = ""
    visitors: int | None = Field(None, ge=0)
    note: str = ""


class LeisureEventOut(LeisureEventIn):
    id: int
    counted: int = Field(0, description="The people counted in the tallies (pupils per school, visitors per stand).")


class LeisureEventPage(PageMeta):
    items: list[LeisureEventOut]


class LeisureTallyIn(Schema):
    name: str = Field("", max_length=200, description="The school or stand; empty for the organisation's stand.")
    organisation_id: int | None = None
    count: int


class LeisureTallyOut(Schema):
    id: int
    event_id: int
    name: str
    organisation_id: int | None
    count: int


def _referral_out(referral: Referral) -> LeisureReferralOut:
    return LeisureReferralOut(
        id=referral.pk,
        person=person_ref(referral.person),
        organisation_id=referral.organisation_id,
        organisation=referral.organisation.name,
        kind=ReferralKind(referral.kind),
        activity=referral.activity,
        referred_on=referral.referred_on,
        follow_up_on=referral.follow_up_on,
        outcome=LeisureOutcome(referral.outcome),
        outcome_on=referral.outcome_on,
        note=referral.note,
    )


def _organisation_out(organisation: Organisation) -> LeisureOrganisationOut:
    return LeisureOrganisationOut(
        id=organisation.pk,
        name=organisation.name,
        kind=OrganisationKind(organisation.kind),
        contact_name=organisation.contact_name,
        contact_email=organisation.contact_email,
        contact_phone=organisation.contact_phone,
        address=organisation.address,
        active=organisation.active,
    )


def _event_out(event: Event) -> LeisureEventOut:
    return LeisureEventOut(
        id=event.pk,
        name=event.name,
        kind=EventKind(event.kind),
        held_on=event.held_on,
        location=event.location,
        visitors=event.visitors,
        note=event.note,
        counted=getattr(event, "counted", None) or 0,
    )


def _organisation(organisation_id: int | None, field: str) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({field: _("There is no organisation with this id.")})
    return organisation


# Referrals -------------------------------------------------------------------------------


@router.get(
    "/referrals", response={200: LeisureReferralPage, **problems(422)}, summary="List leisure referrals (paginated)"
)
def referral_list(
    request,
    kind: ReferralKind | None = None,
    outcome: LeisureOutcome | None = None,
    age: Literal["", "minor", "adult"] = "",
    organisation_id: int | None = None,
    year: Year | None = None,
    page: int = 1,
):
    access.leisure_for_user(request.auth)
    rows = selectors.referrals(
        kind=kind or "", outcome=outcome or "", age=age, organisation_id=organisation_id, year=year
    )
    meta, current = people_page(
        request.auth, rows, page, person_field="person_id", purpose=access.leisure_purpose(request.auth, None)
    )
    return LeisureReferralPage(**meta, items=[_referral_out(referral) for referral in current])


@router.post(
    "/people/{person_id}/referrals",
    response={201: LeisureReferralOut, **problems(404, body=True)},
    summary="Refer a person to a leisure activity or to volunteering",
)
def referral_create(request, person_id: int, payload: LeisureReferralIn):
    person = access.person_for_referral(request.auth, person_id, write=True, channel=API)
    organisation = _organisation(payload.organisation_id, "organisation_id")
    assert organisation is not None
    referral = services.referral_create(
        person=person,
        organisation=organisation,
        kind=payload.kind,
        activity=payload.activity,
        referred_on=payload.referred_on,
        follow_up_on=payload.follow_up_on,
        note=payload.note,
        by=request.auth,
        channel=API,
    )
    return Status(201, _referral_out(referral))


@router.get(
    "/referrals/{referral_id}",
    response={200: LeisureReferralOut, **problems(404, 422)},
    summary="Read a leisure referral (logged with the purpose)",
)
def referral_read(request, referral_id: int, purpose: AccessPurpose | None = None):
    referral = access.referral_for_user(request.auth, referral_id, purpose=purpose, channel=API)
    return _referral_out(referral)


@router.patch(
    "/referrals/{referral_id}",
    response={200: LeisureReferralOut, **problems(404, body=True)},
    summary="Record the outcome of a referral and its follow-up date",
)
def referral_outcome(request, referral_id: int, payload: LeisureOutcomeIn):
    referral = access.referral_for_user(request.auth, referral_id, write=True, channel=API)
    referral = services.referral_outcome(
        referral=referral,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        follow_up_on=payload.follow_up_on,
        note=payload.note,
        by=request.auth,
        channel=API,
    )
    return _referral_out(referral)


# Organisations and events ----------------------------------------------------------------


@router.get(
    "/organisations", response={200: LeisureOrganisationPage, **problems(422)}, summary="List organisations (paginated)"
)
def organisation_list(request, kind: OrganisationKind | None = None, q: str = "", page: int = 1):
    access.leisure_for_user(request.auth, "leisure.view_organisation")
    meta, current = page_of(selectors.organisations(kind=kind or "", query=q), page)
    return LeisureOrganisationPage(**meta, items=[_organisation_out(organisation) for organisation in current])


@router.post(
    "/organisations", response={201: LeisureOrganisationOut, **problems(body=True)}, summary="Add an organisation"
)
def organisation_create(request, payload: LeisureOrganisationIn):
    access.leisure_for_user(request.auth, "leisure.add_organisation")
    organisation = services.organisation_create(values=payload.dict(), by=request.auth)
    return Status(201, _organisation_out(organisation))


@router.get("/events", response={200: LeisureEventPage, **problems(422)}, summary="List events (paginated)")
def event_list(request, kind: EventKind | None = None, year: Year | None = None, page: int = 1):
    access.leisure_for_user(request.auth, "leisure.view_event")
    meta, current = page_of(selectors.events(kind=kind or "", year=year), page)
    return LeisureEventPage(**meta, items=[_event_out(event) for event in current])


@router.post("/events", response={201: LeisureEventOut, **problems(body=True)}, summary="Add an event")
def event_create(request, payload: LeisureEventIn):
    access.leisure_for_user(request.auth, "leisure.add_event")
    event = services.event_create(values=payload.dict(), by=request.auth)
    return Status(201, _event_out(event))


@router.put(
    "/events/{event_id}",
    response={200: LeisureEventOut, **problems(404, body=True)},
    summary="Correct an event's details (name, kind, day, place, visitors at the door, note)",
)
def event_update(request, event_id: int, payload: LeisureEventIn):
    event = access.event_for_user(request.auth, event_id, write=True)
    event = services.event_update(event=event, values=payload.dict(), by=request.auth)
    out = _event_out(event)
    out.counted = sum(event.tallies.values_list("count", flat=True))
    return out


@router.put(
    "/events/{event_id}/tallies",
    response={200: LeisureTallyOut, **problems(404, body=True)},
    summary="Count the pupils of a school or the visitors of a stand at an event",
)
def event_tally_set(request, event_id: int, payload: LeisureTallyIn):
    event = access.event_for_user(request.auth, event_id, write=True)
    tally: EventTally = services.event_tally_set(
        event=event,
        name=payload.name,
        count=payload.count,
        organisation=_organisation(payload.organisation_id, "organisation_id"),
        by=request.auth,
    )
    return LeisureTallyOut(
        id=tally.pk, event_id=event.pk, name=tally.name, organisation_id=tally.organisation_id, count=tally.count
    )
