"""Which counsellor takes a new contract: language first, then the smallest caseload."""

from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from haven.accounts.models import User
from haven.integration import assignment
from haven.integration.models import Contract, ContractState, CounsellorProfile
from haven.people.models import Person


@dataclass(frozen=True)
class _Candidate:
    user_id: int
    fte: float
    open_cases: int
    languages: frozenset[str]


def _least_loaded(candidates: Sequence[_Candidate]) -> _Candidate:
    """The candidate with the smallest caseload per FTE; ties go to the lowest user id."""
    return min(candidates, key=lambda candidate: (candidate.open_cases / candidate.fte, candidate.user_id))


def _open_cases() -> Coalesce:
    """A counsellor's open contracts, counted on the (counsellor, state) index: a join of
    the whole caseload would read every contract each counsellor ever had."""
    open_contracts = (
        Contract.objects.filter(counsellor=OuterRef("user_id"), state=ContractState.OPEN)
        .order_by()
        .values("counsellor")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(open_contracts, output_field=IntegerField()), 0)


def _candidates(exclude_user_ids: Set[int]) -> list[_Candidate]:
    """The active counsellors with their caseloads and languages, as plain values: every
    contract signed asks, so no model instance is built for the ones not chosen."""
    rows = list(
        # A deactivated account (someone who left) takes no clients, whatever the profile says.
        CounsellorProfile.objects.filter(active=True, user__is_active=True)
        .exclude(user_id__in=exclude_user_ids)
        .annotate(open_cases=_open_cases())
        .values_list("pk", "user_id", "fte", "open_cases")
    )
    spoken: defaultdict[int, set[str]] = defaultdict(set)
    languages = CounsellorProfile.languages.through.objects.filter(counsellorprofile_id__in=[row[0] for row in rows])
    for profile_id, code in languages.values_list("counsellorprofile_id", "language_id"):
        spoken[profile_id].add(code)
    return [
        _Candidate(user_id, float(fte or 1), open_cases, frozenset(spoken[pk])) for pk, user_id, fte, open_cases in rows
    ]


def counsellor_choose(
    *, person: Person, exclude_user_ids: Set[int] = frozenset()
) -> tuple[User | None, dict[str, Any]]:
    """The active counsellor who speaks the person's preferred language (else a language
    they share), with the smallest open caseload; ties go to the longest-serving
    (lowest id). Returns (user, why) or (None, why): why as ``assignment.reason`` keeps it,
    told in the reader's language by ``assignment.explained``."""
    candidates = _candidates(exclude_user_ids)
    if not candidates:
        return None, assignment.reason(assignment.NOBODY)
    preferred = person.preferred_language_id
    code, chosen = assignment.NO_SHARED_LANGUAGE, None
    if preferred:
        speaking = [candidate for candidate in candidates if preferred in candidate.languages]
        if speaking:
            code, chosen = assignment.PREFERRED_LANGUAGE, _least_loaded(speaking)
    if chosen is None:
        spoken = set(person.languages.values_list("code", flat=True))
        sharing = [candidate for candidate in candidates if spoken & candidate.languages]
        if sharing:
            code, chosen = assignment.SHARED_LANGUAGE, _least_loaded(sharing)
    if chosen is None:
        chosen = _least_loaded(candidates)
    facts: dict[str, Any] = {"language": preferred} if code == assignment.PREFERRED_LANGUAGE else {}
    facts["open"] = chosen.open_cases
    return User.objects.get(pk=chosen.user_id), assignment.reason(code, **facts)
