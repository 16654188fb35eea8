"""A group's matching: the latest proposal with its duos side by side (each with its score
and reasons in words), the total and the worst duo, the unmatched and why; the
coordinator fixes, excludes or releases a pair, swaps two buddies, runs the matching
again and confirms (POST ``action``). Everyone shown is traced in one insert."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.community import access, selectors, services
from haven.community.forms import ConfirmForm, PairForm, SwapForm
from haven.community.models import Buddy, Group, MatchProposal, PairRule, Participant, ProposalStatus
from haven.community.reasons import reasons_words
from haven.community.services.matching import available_buddies, group_newcomers, match_day
from haven.core.forms import service_error_to_form
from haven.people.purpose import default_purpose


def _post(request, group: Group, proposal: MatchProposal | None) -> tuple[str, Any]:
    """Carry out one action; (message, None) on success, ("", form with errors) on refusal."""
    action = request.POST.get("action")
    form: Any = None
    try:
        if action == "propose":
            services.group_match_propose(group, by=request.user)
            return _("The matching has run: here is its proposal."), None
        if action == "pair":
            form = PairForm(request.POST)
            if form.is_valid():
                services.pair_set(
                    group,
                    participant_id=form.cleaned_data["participant"],
                    buddy_id=form.cleaned_data["buddy"],
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                )
                return _("The pair is kept: run the matching again to see its effect."), None
        elif action == "swap" and proposal is not None:
            form = SwapForm(request.POST)
            if form.is_valid():
                services.buddies_swap(
                    proposal,
                    first_id=form.cleaned_data["first"],
                    second_id=form.cleaned_data["second"],
                    by=request.user,
                )
                return _("The two swapped pairs are fixed: run the matching again."), None
        elif action == "confirm" and proposal is not None:
            form = ConfirmForm(request.POST)
            if form.is_valid():
                duos = services.proposal_confirm(proposal, by=request.user, started_on=form.cleaned_data["started_on"])
                return _("%(count)d duos are made.") % {"count": len(duos)}, None
        else:
            form = ConfirmForm()
            form.add_error(None, _("Choose an action."))
    except ValidationError as error:
        form = form or ConfirmForm()
        service_error_to_form(form, error)
    return "", form


def _unmatched(proposal: MatchProposal | None) -> list[dict[str, Any]]:
    """The proposal's unmatched, each with its record and the reasons in words (two queries)."""
    if proposal is None or not proposal.unmatched:
        return []
    keys = {side: [row["key"] for row in proposal.unmatched if row["side"] == side] for side in ("newcomer", "buddy")}
    records: dict[str, dict[int, Any]] = {
        "newcomer": Participant.objects.select_related("person").in_bulk(keys["newcomer"]),
        "buddy": Buddy.objects.select_related("person").in_bulk(keys["buddy"]),
    }
    return [
        {"side": row["side"], "record": records[row["side"]][row["key"]], "why": reasons_words(row["reasons"])}
        for row in proposal.unmatched
        if row["key"] in records[row["side"]]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def group_matching(request, group_id: int) -> HttpResponse:
    write = request.method == "POST"
    group = access.matching_for_user(request.user, group_id, write=write)
    proposal = selectors.latest_proposal(group.pk)
    error_form = None
    if write:
        message, error_form = _post(request, group, proposal if proposal and proposal.status == "open" else None)
        if error_form is None:
            messages.success(request, message)
            return redirect("community:matching", group.pk)
        proposal = selectors.latest_proposal(group.pk)
    pairs = list(proposal.pairs.all()) if proposal else []
    proposed = [{"pair": pair, "words": reasons_words(pair.reasons)} for pair in pairs]
    unmatched = _unmatched(proposal)
    rules = list(
        PairRule.objects.filter(group=group).select_related("participant__person", "buddy__person").order_by("id")
    )
    waiting = list(group_newcomers(group))
    buddies = list(available_buddies(match_day(group)))
    purpose = default_purpose(request)
    shown = [p.participant.person_id for p in pairs] + [p.buddy.person_id for p in pairs]
    shown += [row["record"].person_id for row in unmatched]
    shown += [r.participant.person_id for r in rules] + [r.buddy.person_id for r in rules]
    shown += [p.person_id for p in waiting] + [b.person_id for b in buddies]
    access.people_shown(request.user, shown, purpose=purpose)
    return render(
        request,
        "community/matching.html",
        {
            "group": group,
            "proposal": proposal,
            "open": proposal is not None and proposal.status == ProposalStatus.OPEN,
            "pairs": pairs,
            "proposed": proposed,
            "worst_duo": min((pair.score for pair in pairs), default=None),
            "unmatched": [row for row in unmatched if row["side"] == "newcomer"],
            "spare_buddies": [row for row in unmatched if row["side"] == "buddy"],
            "rules": rules,
            "waiting": waiting,
            "buddies": buddies,
            "error_form": error_form,
            "confirm_form": ConfirmForm(initial={"started_on": group.starts_on}),
            "purpose": purpose,
        },
    )
