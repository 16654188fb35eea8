"""Matching a group as an optimisation: the proposal keeps every duo with its score and
reasons, the total and the worst duo, the unmatched and why; the coordinator's fixed,
excluded and swapped pairs are honoured on the next run; confirming makes the duos."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from haven.community import services
from haven.community.models import Duo, DuoOrigin, MatchProposal, PairRule, ProposalStatus
from haven.community.selectors import latest_proposal
from haven.community.tests.factories import BuddyFactory, GentenaarFactory, GroupFactory, ParticipantFactory
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spring(districts):
    """Three newcomers and three buddies: Amal and Bert share a district, Dalia wants a woman
    (a must), Chris is a man."""
    group = GroupFactory(name="Voorjaar", starts_on=datetime.date(2019, 3, 1))
    ham, poort = districts["Sluizeken-Tolhuis-Ham"], districts["Brugse Poort"]
    people = {
        "amal": PersonFactory(given_names="Amal", sex="F", district=ham, birth_date=datetime.date(1990, 1, 1)),
        "basel": PersonFactory(given_names="Basel", sex="M", district=poort, birth_date=datetime.date(1988, 1, 1)),
        "dalia": PersonFactory(given_names="Dalia", sex="F", district=poort, birth_date=datetime.date(1995, 1, 1)),
    }
    newcomers = {
        name: ParticipantFactory(person=person, group=group, interests=["cooking"]) for name, person in people.items()
    }
    newcomers["dalia"].wants_sex, newcomers["dalia"].wants_sex_hard = "F", True
    newcomers["dalia"].save()
    buddies = {
        "bert": BuddyFactory(
            person=GentenaarFactory(given_names="Bert", sex="M", district=ham, birth_date=datetime.date(1989, 1, 1)),
            interests=["cooking"],
        ),
        "chris": BuddyFactory(
            person=GentenaarFactory(given_names="Chris", sex="M", district=poort, birth_date=datetime.date(1970, 1, 1))
        ),
        "els": BuddyFactory(
            person=GentenaarFactory(given_names="Els", sex="F", district=poort, birth_date=datetime.date(1994, 1, 1))
        ),
    }
    return group, newcomers, buddies


def _pairs(proposal) -> set[tuple[int, int]]:
    return {(pair.participant_id, pair.buddy_id) for pair in proposal.pairs.all()}


def test_the_proposal_matches_everyone_with_scores_reasons_total_and_worst(spring, programme_staff):
    group, newcomers, buddies = spring
    proposal = services.group_match_propose(group, by=programme_staff)
    pairs = list(proposal.pairs.all())
    assert len(pairs) == 3 and not proposal.unmatched
    assert (newcomers["dalia"].pk, buddies["els"].pk) in _pairs(proposal)  # her must
    assert proposal.total == sum(pair.score for pair in pairs)
    assert proposal.worst == min(pair.score for pair in pairs)
    assert all(pair.reasons for pair in pairs)


def test_an_excluded_pair_is_never_proposed_and_a_fixed_one_always(spring, programme_staff):
    group, newcomers, buddies = spring
    first = services.group_match_propose(group, by=programme_staff)
    amal_with = dict(_pairs(first))[newcomers["amal"].pk]
    services.pair_set(
        group, participant_id=newcomers["amal"].pk, buddy_id=amal_with, kind="excluded", by=programme_staff
    )
    second = services.group_match_propose(group, by=programme_staff)
    assert (newcomers["amal"].pk, amal_with) not in _pairs(second)
    first.refresh_from_db()
    assert first.status == ProposalStatus.SUPERSEDED
    services.pair_set(
        group, participant_id=newcomers["basel"].pk, buddy_id=buddies["bert"].pk, kind="fixed", by=programme_staff
    )
    third = services.group_match_propose(group, by=programme_staff)
    fixed = [pair for pair in third.pairs.all() if pair.fixed]
    assert [(pair.participant_id, pair.buddy_id) for pair in fixed] == [(newcomers["basel"].pk, buddies["bert"].pk)]


def test_a_pair_a_hard_rule_forbids_cannot_be_fixed(english, spring, programme_staff):
    group, newcomers, buddies = spring
    with pytest.raises(ValidationError) as refused:
        services.pair_set(
            group, participant_id=newcomers["dalia"].pk, buddy_id=buddies["chris"].pk, kind="fixed", by=programme_staff
        )
    assert "is a must and is not met" in refused.value.message_dict["buddy"][0]
    assert not PairRule.objects.exists()


def test_swapping_two_buddies_fixes_the_two_swapped_pairs(spring, programme_staff):
    group, newcomers, _buddies = spring
    proposal = services.group_match_propose(group, by=programme_staff)
    before = dict(_pairs(proposal))
    amal, basel = newcomers["amal"].pk, newcomers["basel"].pk
    services.buddies_swap(proposal, first_id=amal, second_id=basel, by=programme_staff)
    after = dict(_pairs(services.group_match_propose(group, by=programme_staff)))
    assert (after[amal], after[basel]) == (before[basel], before[amal])


def test_the_unmatched_are_told_why(english, spring, programme_staff):
    group, newcomers, buddies = spring
    services.buddy_update(
        buddy=buddies["els"], values={"consent_withdrawn_on": datetime.date(2019, 2, 1)}, by=programme_staff
    )
    proposal = services.group_match_propose(group, by=programme_staff)
    assert proposal.worst == 0
    [row] = proposal.unmatched
    assert (row["side"], row["key"]) == ("newcomer", newcomers["dalia"].pk)
    assert row["reasons"] == [["refused_by", {"code": "sex_preference_refused", "count": 2}]]


def test_confirming_makes_the_duos_through_the_rules(spring, programme_staff):
    group, newcomers, buddies = spring
    services.pair_set(
        group, participant_id=newcomers["amal"].pk, buddy_id=buddies["bert"].pk, kind="fixed", by=programme_staff
    )
    proposal = services.group_match_propose(group, by=programme_staff)
    duos = services.proposal_confirm(proposal, by=programme_staff)
    assert len(duos) == 3 and Duo.objects.filter(group=group, started_on=group.starts_on).count() == 3
    assert Duo.objects.get(participant=newcomers["amal"]).origin == DuoOrigin.FIXED
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    with pytest.raises(ValidationError):
        services.proposal_confirm(proposal, by=programme_staff)
    # Matched now: the next run has nobody to match.
    assert not services.group_match_propose(group, by=programme_staff).pairs.exists()


def test_the_latest_proposal_is_read_in_two_queries(spring, programme_staff, django_assert_num_queries):
    group, _newcomers, _buddies = spring
    services.group_match_propose(group, by=programme_staff)
    with django_assert_num_queries(2):
        proposal = latest_proposal(group.pk)
        assert isinstance(proposal, MatchProposal)
        assert [pair.participant.person.given_names for pair in proposal.pairs.all()]
