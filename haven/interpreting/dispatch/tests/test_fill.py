"""The whole period's fill phase (fill.py): when it applies, its clash cliques, its answer."""

import itertools
from collections import defaultdict

import pytest

from haven.interpreting.dispatch import Agenda, TravelTimes, dispatch_greedy, dispatch_problems, generate_week
from haven.interpreting.dispatch.fill import WeekFill, clash, clash_cliques, metric
from haven.interpreting.dispatch.greedy import eligible

from .test_engine import TRAVEL, both, interpreter, request

pytestmark = pytest.mark.slow  # a solver or the whole demo: left out by make test-fast


def test_metric_only_when_no_detour_is_quicker():
    jobs = [request(1, zone="A"), request(2, zone="B"), request(3, zone="C")]
    assert metric(jobs, [interpreter(1)], TRAVEL)
    # A → B 120 minutes, but A → C → B with a 60-minute job in C is 20 + 60 + 30 = 110.
    detour = TravelTimes({("A", "B"): 120, ("A", "C"): 20, ("B", "C"): 30}, same_zone_minutes=5)
    assert not metric(jobs, [interpreter(1)], detour)
    week = generate_week(1, requests=50, interpreters=10)
    assert metric(week.requests, week.interpreters, week.travel)


def test_clash_is_overlap_or_too_little_travel():
    assert clash(request(1, start=(9, 0)), request(2, start=(9, 30)), TRAVEL)
    assert clash(request(1, zone="A"), request(2, start=(10, 30), zone="B"), TRAVEL)  # 40 min away
    assert not clash(request(1, zone="A"), request(2, start=(10, 40), zone="B"), TRAVEL)
    video = request(2, start=(10, 0), modality="video")
    assert not clash(request(1, zone="A"), video, TRAVEL)


def test_cliques_cover_every_clash_and_only_clashes():
    week = generate_week(3, requests=200, interpreters=10, languages=3)
    per_day = defaultdict(list)
    for r in week.requests:
        per_day[r.day].append(r)
    for jobs in per_day.values():
        cliques = clash_cliques(jobs, week.travel)
        covered = set()
        for clique in cliques:
            for a, b in itertools.combinations(clique, 2):
                assert clash(a, b, week.travel)
                covered.add(frozenset((a.id, b.id)))
        clashes = {frozenset((a.id, b.id)) for a, b in itertools.combinations(jobs, 2) if clash(a, b, week.travel)}
        assert clashes == covered


@pytest.mark.parametrize("seed", [1, 2])
def test_week_fill_keeps_every_rule_and_beats_greedy(seed):
    week = generate_week(seed, requests=150, interpreters=30, languages=8)
    greedy = dispatch_greedy(week.requests, week.interpreters, week.travel)
    candidates = eligible(week.requests, week.interpreters)
    agendas = {i.id: Agenda.of(i, week.travel) for i in week.interpreters}
    fill = WeekFill(week.requests, candidates, agendas, week.travel, {r.id: 1 for r in week.requests})
    rounded = fill.rounded(fill.lp_values())
    plan, stats, proved = fill.solve([greedy.interpreter_of(), rounded], 10, 1, 1)
    assert proved and stats.status == "OPTIMAL" and stats.objective == len(plan) >= greedy.filled
    for chosen in (rounded, plan):  # replayed on fresh agendas: every route rule holds
        replayed = {i.id: Agenda.of(i, week.travel) for i in week.interpreters}
        for r in sorted((r for r in week.requests if r.id in chosen), key=lambda r: (r.start, r.id)):
            assert replayed[chosen[r.id]].can_take(r)
            replayed[chosen[r.id]].take(r)


def test_engine_fills_the_period_at_once_when_metric_and_day_by_day_when_not():
    week = generate_week(4, requests=80, interpreters=20, languages=6)
    _, exact = both(week.requests, week.interpreters, week.travel, split_above=30)
    assert [p.phase for p in exact.phases][:2] == ["fill-lp", "fill"]
    assert exact.optimal
    skewed = TravelTimes({}, same_zone_minutes=10, default_minutes=10)
    far = dict.fromkeys([("Z11", "Z34"), ("Z34", "Z11")], 200)  # a detour is quicker
    detour = TravelTimes(far, same_zone_minutes=10, default_minutes=10)
    for travel in (skewed, detour):
        greedy, exact = both(week.requests, week.interpreters, travel, split_above=30)
        fills = [p for p in exact.phases if p.phase.startswith("fill")]
        assert {p.block is None for p in fills} == {travel is skewed}
        assert exact.filled >= greedy.filled
        assert dispatch_problems(exact, week.requests, week.interpreters, travel) == []
