"""Each selector runs the queries it promises, whatever the number of rows; the ranking
engine puts the best fit first."""

import datetime

import pytest

from haven.core.models import Language
from haven.organisations import matching, selectors
from haven.organisations.tests.factories import (
    AmbassadorFactory,
    RequestedTestimonyFactory,
    SupportContactFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


def test_the_lists_run_one_query_each(django_assert_num_queries, ambassador):
    TrainingFactory.create_batch(2)
    SupportContactFactory.create_batch(2)
    for day in (8, 9):
        RequestedTestimonyFactory(ambassador=ambassador, state="given", held_on=datetime.date(2019, 5, day))
    for rows in (
        selectors.trainings(year=2019),
        selectors.partners(),
        selectors.coachings(),
        selectors.associations(),
        selectors.support_contacts(year=2019),
        selectors.network_events(),
    ):
        with django_assert_num_queries(1):
            assert list(rows) is not None
    with django_assert_num_queries(1):
        assert {row.ambassador.person.family_name for row in selectors.requests()} == {"Benali"}


def test_the_ambassadors_run_two_queries_and_filter_by_theme(django_assert_num_queries, ambassador):
    AmbassadorFactory(themes=["discrimination"])
    with django_assert_num_queries(2):
        rows = list(selectors.ambassadors(theme="work"))
        assert [(row.pk, row.given_count, list(row.person.languages.all())) for row in rows] == [(ambassador.pk, 0, [])]


def test_the_proposals_run_three_queries_best_fit_first(django_assert_num_queries, ambassador):
    ambassador.person.languages.add(Language.objects.get(code="ara"))
    others = [AmbassadorFactory(themes=["work"], weekdays=[5]) for _index in range(3)]
    testimony = RequestedTestimonyFactory(language_id="ara")
    with django_assert_num_queries(3):
        ranked = selectors.proposals(testimony)
    assert ranked[0][1].pk == ambassador.pk
    assert {ambassador_.pk for _fit, ambassador_ in ranked[1:]} == {other.pk for other in others}


def _candidate(**changes) -> matching.Candidate:
    values = {
        "id": 1,
        "certified_on": datetime.date(2018, 1, 1),
        "stopped_on": None,
        "consent_given_on": datetime.date(2018, 1, 1),
        "consent_withdrawn_on": None,
        "themes": frozenset({"work"}),
        "weekdays": frozenset({1}),
        "languages": frozenset({"ara"}),
        "travels": False,
    }
    return matching.Candidate(**(values | changes))


def test_the_engine_names_why_an_ambassador_cannot_be_proposed():
    day = datetime.date(2019, 5, 7)
    assert matching.refusals(_candidate(), day) == []
    assert matching.refusals(_candidate(certified_on=None), day) == [matching.UNCERTIFIED]
    assert matching.refusals(_candidate(stopped_on=day), day) == [matching.STOPPED]
    assert matching.refusals(_candidate(consent_withdrawn_on=day), day) == [matching.NO_CONSENT]
    assert matching.refusals(_candidate(booked_days=frozenset({day})), day) == [matching.BOOKED]


def test_the_engine_ranks_by_fit_then_by_fewest_recent_testimonies():
    need = matching.Need(held_on=datetime.date(2019, 5, 7), theme="work", language=None, outside_ghent=True)
    busy = _candidate(id=1, travels=True, recent=5)
    free = _candidate(id=2, travels=True, recent=0)
    stays_home = _candidate(id=3, recent=0)
    ranked = matching.rank(need, [busy, stays_home, free])
    assert [fit.candidate.id for fit in ranked] == [2, 1, 3]
    assert ranked[2].misses == (matching.TRAVEL,)
