"""Matching a Samen Gentenaar group as an optimisation: ``group_match_propose`` loads the
group's unmatched newcomers and the buddies available, runs the engine
(``haven.community.matching.propose``) with the coordinator's fixed and excluded pairs,
and keeps the answer as a ``MatchProposal``. The coordinator fixes, excludes or releases a
pair, swaps two buddies (= fixes the two swapped pairs), runs it again, and confirms: the
duos are then made through ``duos.duo_create`` (its rules again)."""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.community.matching import SAMEN_GENTENAAR, TANDEM, Candidate, NotAllowed, Rules, pair_score, propose
from haven.community.models import (
    BUDDY_SETTLED_YEARS,
    Buddy,
    Duo,
    DuoOrigin,
    Group,
    MatchProposal,
    PairRule,
    PairRuleKind,
    Participant,
    ProposalStatus,
    ProposedPair,
)
from haven.community.reasons import HARD, reason_text, reasons_as_json
from haven.community.services.duos import duo_create
from haven.core.audit import audit_record
from haven.core.dates import add_months, age_on
from haven.core.models import AccessChannel, AuditAction, Language


def rules_for(programme: str) -> Rules:
    return TANDEM if programme == "tandem" else SAMEN_GENTENAAR


def _languages() -> Prefetch:
    return Prefetch("person__languages", queryset=Language.objects.only("code"))


def candidate_of(record: Participant | Buddy, day: date) -> Candidate:
    """A newcomer or buddy as the engine sees them (languages prefetched or read)."""
    person = record.person
    return Candidate(
        key=record.pk,
        languages=frozenset(language.code for language in person.languages.all()),
        mother_tongue=getattr(record, "mother_tongue_id", None) or "",
        interests=frozenset(record.interests or ()),
        district=person.district.name if person.district_id and person.district else "",
        travels=record.travels,
        availability=frozenset(record.availability or ()),
        age=age_on(person.birth_date, day),
        sex=person.sex,
        wants_sex=record.wants_sex,
        wants_sex_hard=record.wants_sex_hard,
    )


def pair_scored(participant: Participant, buddy: Buddy) -> tuple[int | None, list[Any]]:
    """A pair's score and reasons (stored form), as the matching scores it."""
    day = timezone.localdate()
    score, reasons = pair_score(
        candidate_of(participant, day), candidate_of(buddy, day), rules_for(participant.programme)
    )
    return score, reasons_as_json(reasons)


def group_newcomers(group: Group) -> QuerySet[Participant]:
    """The group's newcomers still to match: signed up, not withdrawn, never in a duo. Two queries."""
    return (
        Participant.objects.filter(group=group, withdrawn_on__isnull=True, duos__isnull=True)
        .select_related("person", "person__district")
        .prefetch_related(_languages())
        .order_by("id")
    )


def available_buddies(day: date, *, programme: str = "samen_gentenaar") -> QuerySet[Buddy]:
    """Buddies of the programme who may be matched on ``day``: consent in force, not in a
    running duo of the programme, Ghentians (settled at least three years before, or not
    a newcomer at all). Two queries."""
    settled = Q(person__first_registration_date__isnull=True) | Q(
        person__first_registration_date__lte=add_months(day, -12 * BUDDY_SETTLED_YEARS)
    )
    return (
        Buddy.objects.filter(settled, **{programme: True}, consent_given_on__lte=day)
        .filter(Q(consent_withdrawn_on__isnull=True) | Q(consent_withdrawn_on__gt=day))
        .exclude(pk__in=Duo.objects.filter(programme=programme, ended_on__isnull=True).values("buddy_id"))
        .select_related("person", "person__district")
        .prefetch_related(_languages())
        .order_by("id")
    )


def match_day(group: Group) -> date:
    return max(group.starts_on, timezone.localdate())


def _why_unmatched(
    key: int, side: str, others: Sequence[Candidate], mine: Candidate, excluded: set, matched: set
) -> list[list[Any]]:
    """Why a candidate stayed unmatched: per hard rule, how many on the other side it
    forbids; the pairs excluded; the fitting ones taken by better duos."""
    if not others:
        return [["no_candidates", {}]]
    refused: Counter[str] = Counter()
    taken = 0
    for other in others:
        newcomer, buddy = (mine, other) if side == "newcomer" else (other, mine)
        if (newcomer.key, buddy.key) in excluded:
            refused["excluded"] += 1
            continue
        score, reasons = pair_score(newcomer, buddy, SAMEN_GENTENAAR)
        if score is None:
            refused.update({reason.code for reason in reasons if reason.code in HARD})
        elif other.key in matched:
            taken += 1
    why: list[list[Any]] = [["refused_by", {"code": code, "count": count}] for code, count in sorted(refused.items())]
    if taken:
        why.append(["taken" if side == "newcomer" else "taken_newcomers", {"count": taken}])
    return why


@transaction.atomic
def group_match_propose(group: Group, *, by: User | None) -> MatchProposal:
    """Run the matching for the group's unmatched newcomers and the available buddies, with
    the coordinator's fixed and excluded pairs; keep the proposal (earlier open ones of the
    group are superseded)."""
    day = match_day(group)
    newcomers = [candidate_of(participant, day) for participant in group_newcomers(group)]
    buddies = [candidate_of(buddy, day) for buddy in available_buddies(day)]
    newcomer_keys, buddy_keys = {c.key for c in newcomers}, {c.key for c in buddies}
    rules = list(PairRule.objects.filter(group=group))
    fixed = [
        (r.participant_id, r.buddy_id)
        for r in rules
        if r.kind == PairRuleKind.FIXED and r.participant_id in newcomer_keys and r.buddy_id in buddy_keys
    ]
    excluded = {(r.participant_id, r.buddy_id) for r in rules if r.kind == PairRuleKind.EXCLUDED}
    try:
        matching = propose(newcomers, buddies, rules=SAMEN_GENTENAAR, fixed=fixed, excluded=excluded)
    except NotAllowed as refused:
        words = " ".join(
            reason_text(reason.code, dict(reason.params)) for reason in refused.reasons if reason.code in HARD
        )
        raise ValidationError({"buddy": _("A fixed pair is no longer allowed: %(why)s") % {"why": words}}) from None
    MatchProposal.objects.filter(group=group, status=ProposalStatus.OPEN).update(status=ProposalStatus.SUPERSEDED)
    matched_buddies = {duo.buddy for duo in matching.duos}
    matched_newcomers = {duo.newcomer for duo in matching.duos}
    by_key = {c.key: c for c in newcomers}, {c.key: c for c in buddies}
    unmatched = [
        {
            "side": "newcomer",
            "key": key,
            "reasons": _why_unmatched(key, "newcomer", buddies, by_key[0][key], excluded, matched_buddies),
        }
        for key in matching.unmatched_newcomers
    ] + [
        {
            "side": "buddy",
            "key": key,
            "reasons": _why_unmatched(key, "buddy", newcomers, by_key[1][key], excluded, matched_newcomers),
        }
        for key in matching.unmatched_buddies
    ]
    proposal = MatchProposal.objects.create(
        group=group, made_by=by, total=matching.total, worst=matching.worst, unmatched=unmatched
    )
    ProposedPair.objects.bulk_create(
        ProposedPair(
            proposal=proposal,
            participant_id=duo.newcomer,
            buddy_id=duo.buddy,
            score=duo.score,
            reasons=reasons_as_json(duo.reasons),
            fixed=duo.fixed,
        )
        for duo in matching.duos
    )
    audit_record(actor=by, action=AuditAction.CREATE, target=proposal, fields=["pairs"])
    return proposal


# The coordinator's pairs ------------------------------------------------------------------


def _pair_records(group: Group, participant_id: int, buddy_id: int) -> tuple[Participant, Buddy]:
    participant = group_newcomers(group).filter(pk=participant_id).first()
    if participant is None:
        raise ValidationError({"participant": _("This newcomer is not waiting to be matched in this group.")})
    buddy = available_buddies(match_day(group)).filter(pk=buddy_id).first()
    if buddy is None:
        raise ValidationError({"buddy": _("This buddy is not available for matching.")})
    return participant, buddy


@transaction.atomic
def pair_set(group: Group, *, participant_id: int, buddy_id: int, kind: str, by: User | None) -> PairRule | None:
    """Fix a pair (the newcomer's and the buddy's other fixed pairs are released), exclude
    it, or release it (``kind`` "release"). A pair a hard rule forbids cannot be fixed."""
    if kind not in (*PairRuleKind.values, "release"):
        raise ValidationError({"kind": _("Choose fix, exclude or release.")})
    PairRule.objects.filter(group=group, participant_id=participant_id, buddy_id=buddy_id).delete()
    if kind == "release":
        audit_record(actor=by, action=AuditAction.UPDATE, target=group, fields=["pair_rules"])
        return None
    participant, buddy = _pair_records(group, participant_id, buddy_id)
    if kind == PairRuleKind.FIXED:
        day = match_day(group)
        score, reasons = pair_score(candidate_of(participant, day), candidate_of(buddy, day), SAMEN_GENTENAAR)
        if score is None:
            words = " ".join(reason_text(r.code, dict(r.params)) for r in reasons if r.code in HARD)
            raise ValidationError({"buddy": _("This pair cannot be fixed: %(why)s") % {"why": words}})
        PairRule.objects.filter(group=group, kind=PairRuleKind.FIXED).filter(
            Q(participant=participant) | Q(buddy=buddy)
        ).delete()
    rule = PairRule.objects.create(group=group, participant=participant, buddy=buddy, kind=kind, made_by=by)
    audit_record(actor=by, action=AuditAction.UPDATE, target=group, fields=["pair_rules"])
    return rule


@transaction.atomic
def buddies_swap(proposal: MatchProposal, *, first_id: int, second_id: int, by: User | None) -> None:
    """Swap the buddies of two proposed duos (by their newcomers): the two swapped pairs are fixed."""
    pairs = {pair.participant_id: pair for pair in proposal.pairs.filter(participant_id__in=[first_id, second_id])}
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError({"proposal": _("This proposal is no longer open: run the matching again.")})
    if first_id == second_id or len(pairs) != 2:
        raise ValidationError({"second": _("Choose two different newcomers of this proposal.")})
    first, second = pairs[first_id], pairs[second_id]
    PairRule.objects.filter(
        group=proposal.group, kind=PairRuleKind.FIXED, participant_id__in=[first_id, second_id]
    ).delete()
    pair_set(proposal.group, participant_id=first_id, buddy_id=second.buddy_id, kind=PairRuleKind.FIXED, by=by)
    pair_set(proposal.group, participant_id=second_id, buddy_id=first.buddy_id, kind=PairRuleKind.FIXED, by=by)


def _confirmed(pair: ProposedPair, day: date, *, by: User | None, channel: AccessChannel | None) -> Duo:
    """One proposed duo made; a refusal names the newcomer's file in every message."""
    participant = Participant.objects.select_related("person").get(pk=pair.participant_id)
    try:
        return duo_create(
            participant=participant,
            buddy=pair.buddy,
            started_on=day,
            by=by,
            origin=DuoOrigin.FIXED if pair.fixed else DuoOrigin.PROPOSED,
            score=pair.score,
            reasons=pair.reasons,
            channel=channel,
        )
    except ValidationError as error:
        reference = participant.person.reference
        raise ValidationError(
            {
                field: [
                    _("Duo of %(file)s: %(message)s") % {"file": reference, "message": message} for message in messages
                ]
                for field, messages in error.message_dict.items()
            }
        ) from None


@transaction.atomic
def proposal_confirm(
    proposal: MatchProposal, *, by: User | None, started_on: date | None = None, channel: AccessChannel | None = None
) -> list[Duo]:
    """Make the proposal's duos (each through ``duo_create``'s rules), starting on the
    group's start moment unless another day is given."""
    proposal = MatchProposal.objects.select_for_update().select_related("group").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError({"proposal": _("This proposal is no longer open: run the matching again.")})
    day = started_on or proposal.group.starts_on
    duos = [_confirmed(pair, day, by=by, channel=channel) for pair in proposal.pairs.order_by("id")]
    if not duos:
        raise ValidationError({"proposal": _("This proposal has no duos to confirm.")})
    proposal.status = ProposalStatus.CONFIRMED
    proposal.save(update_fields=["status"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=proposal, fields=["status"])
    return duos
