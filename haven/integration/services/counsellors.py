"""Which counsellor takes a new contract: language first, then the smallest caseload."""

from collections.abc import Sequence, Set
from typing import Any, TypeVar, cast

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from haven.accounts.models import User
from haven.integration import assignment
from haven.integration.models import Contract, ContractState, CounsellorProfile
from haven.people.models import Person

Profile = TypeVar("Profile", bound=CounsellorProfile)


def _least_loaded(candidates: Sequence[Profile]) -> Profile:
    """The candidate with the smallest caseload per FTE (``open_cases`` is annotated by
    the query); ties go to the lowest user id."""
    return min(
        candidates,
        key=lambda profile: (cast(Any, profile).open_cases / float(profile.fte or 1), profile.user_id),
    )


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


def counsellor_choose(
    *, person: Person, exclude_user_ids: Set[int] = frozenset()
) -> tuple[User | None, dict[str, Any]]:
    """The active counsellor who speaks the person's preferred language (else a language
    they share), with the smallest open caseload; ties go to the longest-serving
    (lowest id). Returns (user, why) or (None, why): why as ``assignment.reason`` keeps it,
    told in the reader's language by ``assignment.explained``."""
    profiles = list(
        # A deactivated account (someone who left) takes no clients, whatever the profile says.
        CounsellorProfile.objects.filter(active=True, user__is_active=True)
        .exclude(user_id__in=exclude_user_ids)
        .select_related("user")
        .annotate(open_cases=_open_cases())
        .prefetch_related("languages")
    )
    if not profiles:
        return None, assignment.reason(assignment.NOBODY)
    preferred = person.preferred_language_id
    spoken = set(person.languages.values_list("code", flat=True))

    if preferred:
        speaking = [p for p in profiles if preferred in {language.code for language in p.languages.all()}]
        if speaking:
            chosen = _least_loaded(speaking)
            return chosen.user, assignment.reason(
                assignment.PREFERRED_LANGUAGE, language=preferred, open=chosen.open_cases
            )
    sharing = [p for p in profiles if spoken & {language.code for language in p.languages.all()}]
    if sharing:
        chosen = _least_loaded(sharing)
        return chosen.user, assignment.reason(assignment.SHARED_LANGUAGE, open=chosen.open_cases)
    chosen = _least_loaded(profiles)
    return chosen.user, assignment.reason(assignment.NO_SHARED_LANGUAGE, open=chosen.open_cases)
