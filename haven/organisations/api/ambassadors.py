"""Ambassadors and testimony requests: the ambassadors (people: every one shown is
traced), a person made ambassador, the requests, the proposals by fit and the states of
a testimony (propose, confirm, give, pay, cancel)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status

from haven.core.api import Year, person_ref, problems
from haven.core.models import AccessChannel, Language
from haven.organisations import access, selectors, services
from haven.organisations.api.router import router
from haven.organisations.api.schemas import (
    OrgAmbassadorIn,
    OrgAmbassadorOut,
    OrgAmbassadorPage,
    OrgCancelIn,
    OrgGiveIn,
    OrgPayIn,
    OrgProposalOut,
    OrgProposeIn,
    OrgTestimonyIn,
    OrgTestimonyOut,
    OrgTestimonyPage,
)
from haven.organisations.models import Ambassador, AmbassadorTheme, Audience, TestimonyRequest, TestimonyState
from haven.people.access import people_page

API = AccessChannel.API


def _ambassador_out(ambassador: Ambassador, languages: list[str] | None = None) -> OrgAmbassadorOut:
    if languages is None:
        languages = [language.code for language in ambassador.person.languages.all()]
    return OrgAmbassadorOut(
        id=ambassador.pk,
        person=person_ref(ambassador.person),
        languages=languages,
        themes=[AmbassadorTheme(theme) for theme in ambassador.themes],
        weekdays=list(ambassador.weekdays),
        travels_outside_ghent=ambassador.travels_outside_ghent,
        trained_on=ambassador.trained_on,
        certified_on=ambassador.certified_on,
        stopped_on=ambassador.stopped_on,
        consent_given_on=ambassador.consent_given_on,
        consent_text_version=ambassador.consent_text_version,
        consent_withdrawn_on=ambassador.consent_withdrawn_on,
        note=ambassador.note,
        testimonies_given=getattr(ambassador, "given_count", 0),
    )


def _testimony_out(testimony: TestimonyRequest) -> OrgTestimonyOut:
    ambassador = testimony.ambassador
    return OrgTestimonyOut(
        id=testimony.pk,
        requester=testimony.requester,
        contact_name=testimony.contact_name,
        contact_email=testimony.contact_email,
        received_on=testimony.received_on,
        held_on=testimony.held_on,
        place=testimony.place,
        outside_ghent=testimony.outside_ghent,
        audience=Audience(testimony.audience),
        theme=AmbassadorTheme(testimony.theme),
        language=testimony.language_id,
        listeners=testimony.listeners,
        note=testimony.note,
        state=TestimonyState(testimony.state),
        ambassador_id=testimony.ambassador_id,
        ambassador=person_ref(ambassador.person) if ambassador else None,
        allowance=testimony.allowance,
        allowance_paid_on=testimony.allowance_paid_on,
    )


def _shown(request, testimony: TestimonyRequest) -> OrgTestimonyOut:
    """A testimony answered: its ambassador traced."""
    testimony = access.request_for_user(request.auth, testimony.pk)
    if testimony.ambassador is not None:
        access.people_shown(request.auth, [testimony.ambassador.person_id], channel=API)
    return _testimony_out(testimony)


@router.get("/ambassadors", response={200: OrgAmbassadorPage, **problems(422)}, summary="List ambassadors (traced)")
def ambassador_list(request, status: str = "", theme: AmbassadorTheme | None = None, q: str = "", page: int = 1):
    access.line_for_user(request.auth, access.perm("view", "ambassador"))
    rows = selectors.ambassadors(status=status, theme=theme or "", query=q)
    meta, current = people_page(
        request.auth, rows, page, person_field="person_id", purpose=access.programme_purpose(request.auth, None)
    )
    return OrgAmbassadorPage(**meta, items=[_ambassador_out(row) for row in current])


@router.post(
    "/people/{person_id}/ambassador",
    response={201: OrgAmbassadorOut, **problems(404, body=True)},
    summary="Make a person of the registry an ambassador",
)
def ambassador_create(request, person_id: int, payload: OrgAmbassadorIn):
    person = access.person_for_ambassador(request.auth, person_id, write=True, channel=API)
    ambassador = services.ambassador_create(person=person, values=payload.dict(), by=request.auth, channel=API)
    return Status(201, _ambassador_out(ambassador))


@router.get("/testimonies", response={200: OrgTestimonyPage, **problems(422)}, summary="List testimony requests")
def request_list(
    request,
    state: TestimonyState | None = None,
    year: Year | None = None,
    theme: AmbassadorTheme | None = None,
    page: int = 1,
):
    from haven.core.api import page_of

    access.line_for_user(request.auth, access.perm("view", "testimonyrequest"))
    meta, current = page_of(selectors.requests(state=state or "", year=year, theme=theme or ""), page)
    access.people_shown(request.auth, [row.ambassador.person_id for row in current if row.ambassador_id], channel=API)
    return OrgTestimonyPage(**meta, items=[_testimony_out(row) for row in current])


@router.post("/testimonies", response={201: OrgTestimonyOut, **problems(body=True)}, summary="Add a testimony request")
def request_create(request, payload: OrgTestimonyIn):
    access.line_for_user(request.auth, access.perm("add", "testimonyrequest"))
    values = payload.dict(exclude={"language"})
    values["language"] = None
    if payload.language:
        values["language"] = Language.objects.filter(code=payload.language).first()
        if values["language"] is None:
            raise ValidationError({"language": _("There is no language with this code.")})
    return Status(201, _testimony_out(services.request_create(values=values, by=request.auth)))


@router.get(
    "/testimonies/{testimony_id}/proposals",
    response={200: list[OrgProposalOut], **problems(404, 422)},
    summary="The ambassadors who can take a testimony, best fit first (traced)",
)
def request_proposals(request, testimony_id: int):
    testimony = access.request_for_user(request.auth, testimony_id)
    proposals = selectors.proposals(testimony)
    access.people_shown(request.auth, [ambassador.person_id for _fit, ambassador in proposals], channel=API)
    return [
        OrgProposalOut(
            ambassador_id=ambassador.pk,
            person=person_ref(ambassador.person),
            score=fit.score,
            matches=list(fit.matches),
            misses=list(fit.misses),
            recent_testimonies=fit.candidate.recent,
        )
        for fit, ambassador in proposals
    ]


def _for_change(request, testimony_id: int) -> TestimonyRequest:
    return access.request_for_user(request.auth, testimony_id, write=True)


@router.post(
    "/testimonies/{testimony_id}/propose",
    response={200: OrgTestimonyOut, **problems(404, body=True)},
    summary="Propose an ambassador for a testimony",
)
def request_propose(request, testimony_id: int, payload: OrgProposeIn):
    testimony = _for_change(request, testimony_id)
    ambassador = Ambassador.objects.filter(pk=payload.ambassador_id).first()
    if ambassador is None:
        raise ValidationError({"ambassador_id": _("There is no ambassador with this id.")})
    try:
        services.request_propose(testimony=testimony, ambassador=ambassador, by=request.auth, channel=API)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "ambassador" in error.error_dict:
            raise ValidationError({"ambassador_id": error.message_dict["ambassador"]}) from None
        raise
    return _shown(request, testimony)


@router.post(
    "/testimonies/{testimony_id}/confirm",
    response={200: OrgTestimonyOut, **problems(404, 422)},
    summary="The ambassador confirms the testimony",
)
def request_confirm(request, testimony_id: int):
    testimony = services.request_confirm(testimony=_for_change(request, testimony_id), by=request.auth, channel=API)
    return _shown(request, testimony)


@router.post(
    "/testimonies/{testimony_id}/give",
    response={200: OrgTestimonyOut, **problems(404, body=True)},
    summary="Record the testimony as given (on its day or after it)",
)
def request_give(request, testimony_id: int, payload: OrgGiveIn):
    testimony = _for_change(request, testimony_id)
    services.request_give(testimony=testimony, allowance=payload.allowance, by=request.auth, channel=API)
    return _shown(request, testimony)


@router.post(
    "/testimonies/{testimony_id}/pay",
    response={200: OrgTestimonyOut, **problems(404, body=True)},
    summary="Record the expense allowance paid (once given)",
)
def request_pay(request, testimony_id: int, payload: OrgPayIn):
    testimony = _for_change(request, testimony_id)
    services.request_pay(
        testimony=testimony, allowance=payload.allowance, paid_on=payload.allowance_paid_on, by=request.auth
    )
    return _shown(request, testimony)


@router.post(
    "/testimonies/{testimony_id}/cancel",
    response={200: OrgTestimonyOut, **problems(404, body=True)},
    summary="Cancel a testimony request",
)
def request_cancel(request, testimony_id: int, payload: OrgCancelIn):
    testimony = _for_change(request, testimony_id)
    services.request_cancel(testimony=testimony, note=payload.note, by=request.auth, channel=API)
    return _shown(request, testimony)
