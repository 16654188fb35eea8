"""The navigation entry, caseloads, the team and the pauses that end soon."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from haven.casework import selectors as casework_selectors
from haven.core.pagination import paginate
from haven.integration import access, selectors
from haven.integration.forms import CaseloadFilterForm
from haven.integration.models import ContractState, CounsellorProfile
from haven.people import access as people_access
from haven.people.purpose import default_purpose

# Start -------------------------------------------------------------------------------------


@login_required
def integration_home(request) -> HttpResponse:
    """The navigation entry: a team coordinator lands on the team, a counsellor on their
    caseload, others (intake) on the team page to see who counsels in which language."""
    access.integration_for_user(request.user, "integration.view_contract")
    if access.may_choose_counsellor(request.user):
        return redirect("integration:team")
    if CounsellorProfile.objects.filter(user=request.user).exists():
        return redirect("integration:caseload")
    return redirect("integration:team")


# Caseload, team, pauses --------------------------------------------------------------------


@login_required
def caseload(request, user_id: int | None = None) -> HttpResponse:
    """A counsellor's contracts (one's own, or a colleague's read-only), filtered and
    paginated; a fixed number of queries whatever the caseload's size."""
    owner = access.caseload_owner_for_user(request.user, user_id)
    form = CaseloadFilterForm(request.GET or None, initial={"state": ContractState.OPEN})
    state, outstanding, expiring = ContractState.OPEN, "", False
    if form.is_valid():
        state = form.cleaned_data["state"] or ContractState.OPEN
        outstanding = form.cleaned_data["outstanding"]
        expiring = form.cleaned_data["pause_expiring"]
    today = timezone.localdate()
    contracts = selectors.caseload(
        counsellor=owner,
        today=today,
        state="" if state == "all" else state,
        outstanding=outstanding,
        pause_expiring=expiring,
    )
    pagination = paginate(request, contracts, form)
    page = pagination["page"]
    rows = [(contract, selectors.contract_outstanding(contract)) for contract in page.object_list]
    purpose = default_purpose(request)
    people_access.people_shown(request.user, [contract.person_id for contract in page.object_list], purpose=purpose)
    own = owner.pk == request.user.pk
    return render(
        request,
        "integration/caseload.html",
        {
            "owner": owner,
            "own": own,
            "form": form,
            **pagination,
            "rows": rows,
            "state": state,
            "purpose": purpose,
            "today": today,
        },
    )


@login_required
def team(request) -> HttpResponse:
    """Per counsellor: languages, working time, open caseload and new contracts this
    year; per language: counsellors and open caseload."""
    access.integration_for_user(request.user, "integration.view_contract")
    today = timezone.localdate()
    profiles, languages = selectors.team(year=today.year)
    months = casework_selectors.last_months(today)
    figures = casework_selectors.appointment_figures([profile.user_id for profile in profiles], months)
    return render(
        request,
        "integration/team.html",
        {
            "profiles": profiles,
            "languages": languages,
            "year": today.year,
            "months": months,
            "appointments": [(profile, figures.get(profile.user_id, [])) for profile in profiles],
        },
    )


@login_required
def pauses_expiring(request) -> HttpResponse:
    """Pauses ending in the next 30 days: of one's caseload, or of all contracts for a
    team coordinator."""
    access.integration_for_user(request.user, "integration.view_contract")
    everyone = access.may_choose_counsellor(request.user)
    today = timezone.localdate()
    pauses = selectors.pauses_expiring(today=today, counsellor=None if everyone else request.user)
    pauses = people_access.people_visible(pauses, request.user, person_field="contract__person_id")
    pagination = paginate(request, pauses)
    page = pagination["page"]
    purpose = default_purpose(request)
    people_access.people_shown(request.user, [pause.contract.person_id for pause in page.object_list], purpose=purpose)
    return render(
        request,
        "integration/pauses_expiring.html",
        {
            **pagination,
            "everyone": everyone,
            "today": today,
            "days": selectors.EXPIRY_HORIZON_DAYS,
            "purpose": purpose,
        },
    )
