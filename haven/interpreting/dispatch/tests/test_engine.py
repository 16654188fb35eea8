"""Dispatch engines: each hard rule, the phase order, greedy's own rules and reasons."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from haven.interpreting.dispatch import (
    ON_SITE,
    VIDEO,
    AvailabilityWindow,
    Booking,
    Dispatch,
    Interpreter,
    LanguageSkill,
    Request,
    TravelTimes,
    Unavailability,
    dispatch,
    dispatch_greedy,
    dispatch_problems,
    engine,
    generate_week,
)

pytestmark = pytest.mark.slow  # a solver or the whole demo: left out by make test-fast

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = date(2019, 3, 4)
# A → B 40 minutes, A → C 20, B → C 30; 5 minutes within a zone.
TRAVEL = TravelTimes({("A", "B"): 40, ("A", "C"): 20, ("B", "C"): 30}, same_zone_minutes=5)
WEEKDAYS = tuple(AvailabilityWindow(day, time(8), time(18)) for day in range(5))


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute), BRUSSELS)


def request(id: int, *, start=(9, 0), minutes: int = 60, language: str = "ara", **fields):
    fields.setdefault("modality", ON_SITE)
    if fields["modality"] == ON_SITE:
        fields.setdefault("zone", "A")
    return Request(
        id=id,
        language=language,
        start=at(*start),
        duration_minutes=minutes,
        requested_at=fields.pop("requested_at", at(8) - timedelta(days=7, minutes=-id)),
        **fields,
    )


def interpreter(id: int, languages: str = "ara", **fields) -> Interpreter:
    skills = []
    for spoken in languages.split():
        language, _, dialects = spoken.partition(":")
        skills.append(LanguageSkill(language, frozenset(filter(None, dialects.split(",")))))
    fields.setdefault("sex", "f")
    fields.setdefault("home_zone", "A")
    fields.setdefault("availability", WEEKDAYS)
    fields.setdefault("max_minutes_per_week", 38 * 60)
    return Interpreter(id=id, languages=frozenset(skills), **fields)


def both(requests, interpreters, travel=TRAVEL, **options) -> tuple[Dispatch, Dispatch]:
    """Greedy and CP-SAT (one worker: fully deterministic), both checked against every rule."""
    greedy = dispatch_greedy(requests, interpreters, travel)
    exact = dispatch(requests, interpreters, travel, time_limit_seconds=10, workers=1, **options)
    for result in (greedy, exact):
        assert dispatch_problems(result, requests, interpreters, travel) == []
    assert exact.method == "cp-sat"
    return greedy, exact


def plan(result: Dispatch) -> dict[int, int]:
    return result.interpreter_of()


def reasons(result: Dispatch) -> dict[int, str]:
    return {u.request_id: u.reason for u in result.unfilled}


# Hard rules, each checked on both engines.


def test_language_must_be_spoken():
    for result in both([request(1, language="tur")], [interpreter(1, "ara")]):
        assert plan(result) == {}
        assert reasons(result) == {1: "no_language"}


def test_requested_dialect_must_be_spoken():
    asked = request(1, dialect="arz")
    for result in both([asked], [interpreter(1, "ara:apc"), interpreter(2, "ara:arz,apc")]):
        assert plan(result) == {1: 2}
    for result in both([asked], [interpreter(1, "ara:apc"), interpreter(2, "ara")]):
        assert reasons(result) == {1: "no_dialect"}


def test_modality_must_be_offered():
    video_only = interpreter(1, modalities=frozenset({VIDEO}))
    for result in both([request(1, modality=VIDEO)], [video_only]):
        assert plan(result) == {1: 1}
    for result in both([request(1)], [video_only]):
        assert plan(result) == {}


def test_job_must_lie_inside_an_availability_window():
    late = interpreter(1, availability=(AvailabilityWindow(0, time(9, 30), time(18)),))
    tuesday = interpreter(2, availability=(AvailabilityWindow(1, time(8), time(18)),))
    for result in both([request(1, start=(9, 0))], [late, tuesday]):
        assert reasons(result) == {1: "not_available"}
    exact_fit = interpreter(3, availability=(AvailabilityWindow(0, time(9), time(10)),))
    for result in both([request(1, start=(9, 0))], [late, tuesday, exact_fit]):
        assert plan(result) == {1: 3}


def test_no_job_during_an_exception():
    on_leave = interpreter(1, exceptions=(Unavailability.whole_day(MONDAY, BRUSSELS),))
    doctor = interpreter(2, exceptions=(Unavailability(at(9, 30), at(10, 30)),))
    for result in both([request(1, start=(9, 0))], [on_leave, doctor]):
        assert reasons(result) == {1: "not_available"}
    for result in both([request(1, start=(11, 0))], [on_leave, doctor]):
        assert plan(result) == {1: 2}


def test_no_two_jobs_at_once():
    jobs = [request(1, modality=VIDEO), request(2, start=(9, 30), modality=VIDEO)]
    for result in both(jobs, [interpreter(1)]):
        assert len(plan(result)) == 1
        assert list(reasons(result).values()) == ["all_busy"]


def test_travel_time_between_consecutive_on_site_jobs():
    # A → B is 40 minutes: a job in B at 10:30 cannot follow a job in A ending at 10:00 ...
    tight = [request(1, zone="A"), request(2, start=(10, 30), zone="B")]
    for result in both(tight, [interpreter(1)]):
        assert len(plan(result)) == 1
    # ... one at 10:40 can, and so can a video job in between (video needs no travel).
    loose = [
        request(1, zone="A"),
        request(2, start=(10, 40), zone="B"),
        request(3, start=(10, 0), minutes=30, modality=VIDEO),
    ]
    for result in both(loose, [interpreter(1)]):
        assert plan(result) == {1: 1, 2: 1, 3: 1}
        why = {a.request_id: a.why for a in result.assignments}
        assert (why[1].travel_minutes, why[1].travel_from) == (5, "home")
        assert (why[2].travel_minutes, why[2].travel_from) == (40, "A")
        assert (why[3].travel_minutes, why[3].travel_from) == (0, None)
        assert result.travel_minutes == 5 + 40 + 40


def test_existing_booking_is_busy_time_with_travel():
    booked = interpreter(1, bookings=(Booking(at(9), at(10), "B"),), booked_minutes=60)
    for result in both([request(1, start=(10, 10), zone="A")], [booked]):
        # Not on site in time; by video, though, the interpreter would be free.
        (unfilled,) = result.unfilled
        assert (unfilled.reason, unfilled.on_site_reason) == ("suggest_video", "all_busy")
    for result in both([request(1, start=(10, 40), zone="A")], [booked]):
        assert plan(result) == {1: 1}


def test_weekly_cap_counts_booked_and_assigned_minutes():
    capped = interpreter(1, max_minutes_per_week=120, booked_minutes=60)
    jobs = [request(i, start=(9 + i, 0), minutes=30, modality=VIDEO) for i in range(1, 4)]
    for result in both(jobs, [capped]):
        assert len(plan(result)) == 2
        assert list(reasons(result).values()) == ["all_at_cap"]


def test_hard_preferences_are_conditions():
    women = [interpreter(1, sex="f"), interpreter(2, sex="f", certified=True)]
    for result in both([request(1, required_sex="m")], women):
        assert reasons(result) == {1: "no_qualified"}
    # The certified interpreter has more hours, yet is the only one allowed.
    busy = replace(women[1], booked_minutes=600)
    for result in both([request(1, certified_required=True)], [women[0], busy]):
        assert plan(result) == {1: 2}
        assert result.assignments[0].why.reason == "only_candidate"
        assert "certified" in result.assignments[0].why.preferences_met
    for result in both([request(1, sworn_required=True)], women):
        assert reasons(result) == {1: "no_qualified"}


# Unfilled requests: suggest video when an interpreter could do it that way.


def test_unfilled_on_site_request_suggests_video():
    at_home = interpreter(1, modalities=frozenset({VIDEO}))
    busy_on_site = interpreter(2, bookings=(Booking(at(9), at(10), "B"),), booked_minutes=60)
    for result in both([request(1)], [at_home, busy_on_site]):
        (unfilled,) = result.unfilled
        assert unfilled.reason == "suggest_video"
        assert unfilled.on_site_reason == "all_busy"
        assert unfilled.video_interpreter_ids == (1,)
    for result in both([request(1)], [busy_on_site]):
        assert reasons(result) == {1: "all_busy"}


# The phase order.


def test_filling_more_beats_travelling_less():
    # X (home A) speaks ara and tur, Y (home B) only ara. X next door for the ara job leaves the
    # tur job open; sending Y to A and X to B fills both at 160 minutes of travel.
    x = interpreter(1, "ara tur", home_zone="A")
    y = interpreter(2, "ara", home_zone="B")
    jobs = [request(1, zone="A"), request(2, zone="B", language="tur")]
    greedy, exact = both(jobs, [x, y])
    assert plan(greedy) == {1: 1}  # greedy: same hours, least travel
    assert plan(exact) == {1: 2, 2: 1}
    assert exact.travel_minutes == 160
    assert exact.optimal


def test_travelling_less_beats_spreading_hours():
    near_but_busy = interpreter(1, home_zone="A", booked_minutes=600)
    far_and_free = interpreter(2, home_zone="B")
    greedy, exact = both([request(1, zone="A")], [near_but_busy, far_and_free])
    assert plan(greedy) == {1: 2}  # greedy: fewest hours first
    assert plan(exact) == {1: 1}
    assert exact.travel_minutes == 10


def test_hours_spread_when_travel_is_equal():
    busy, free = interpreter(1, booked_minutes=600), interpreter(2)
    greedy, exact = both([request(1, modality=VIDEO)], [busy, free])
    assert plan(exact) == plan(greedy) == {1: 2}
    assert [p.phase for p in exact.phases] == ["fill", "travel", "fairness"]
    assert all(p.status == "OPTIMAL" for p in exact.phases)


def test_soft_preference_weighs_more_than_fairness_less_than_long_travel():
    busy, free = interpreter(1, booked_minutes=600), interpreter(2)
    wanted = request(1, modality=VIDEO, preferred_interpreter_ids=frozenset({1}))
    _, exact = both([wanted], [busy, free])
    assert plan(exact) == {1: 1}
    assert exact.assignments[0].why.reason == "preferred_interpreter"
    # Preferred but 80 minutes away against 10: worth 30 minutes, so the near one goes.
    far = interpreter(1, home_zone="B")
    wanted = request(1, zone="A", preferred_interpreter_ids=frozenset({1}))
    _, exact = both([wanted], [far, interpreter(2, home_zone="A")])
    assert plan(exact) == {1: 2}


def test_urgent_request_wins_the_last_interpreter():
    early = request(1, modality=VIDEO)
    urgent = request(2, start=(9, 30), modality=VIDEO, urgent=True)
    greedy, exact = both([early, urgent], [interpreter(1)])
    assert plan(greedy) == {1: 1}  # first come, first served
    assert plan(exact) == {2: 1}


def test_scarce_language_wins_the_multilingual_interpreter():
    # Interpreter 1 speaks both; the Tigrinya job has no one else, the Arabic one has nine
    # more speakers, all on leave: one job can be filled, and it is the scarce one.
    leave = (Unavailability.whole_day(MONDAY, BRUSSELS),)
    people = [interpreter(1, "ara tir")] + [interpreter(id, exceptions=leave) for id in range(2, 11)]
    jobs = [request(1, modality=VIDEO), request(2, modality=VIDEO, language="tir")]
    greedy, exact = both(jobs, people)
    assert plan(greedy) == {1: 1}
    assert plan(exact) == {2: 1}


# Greedy's own rules.


def test_greedy_serves_first_come_first():
    later_id_earlier_asked = request(2, modality=VIDEO, requested_at=at(8) - timedelta(days=30))
    jobs = [request(1, modality=VIDEO), later_id_earlier_asked]
    greedy = dispatch_greedy(jobs, [interpreter(1)], TRAVEL)
    assert plan(greedy) == {2: 1}
    assert reasons(greedy) == {1: "all_busy"}


def test_greedy_takes_fewest_hours_then_least_travel_then_lowest_id():
    people = [
        interpreter(1, home_zone="B", booked_minutes=60),
        interpreter(2, home_zone="B"),
        interpreter(3, home_zone="C"),
        interpreter(4, home_zone="C"),
    ]
    greedy = dispatch_greedy([request(1, zone="A")], people, TRAVEL)
    assert plan(greedy) == {1: 3}
    assert greedy.assignments[0].why.reason == "fewest_hours"
    assert greedy.assignments[0].why.travel_minutes == 20


# Against greedy, on generated weeks; determinism; the fallback.


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_never_fills_fewer_than_greedy(seed):
    week = generate_week(seed, requests=60, interpreters=20, languages=8)
    # Solved day by day above 30 requests, so both the whole-period and the split path run;
    # split, the fill is solved for the whole period first (fill.py), the days route it.
    for split_above in (100, 30):
        greedy, exact = both(week.requests, week.interpreters, week.travel, split_above=split_above)
        assert exact.filled >= greedy.filled
        routed = {p.block is None for p in exact.phases if p.phase in ("travel", "fairness")}
        assert routed == {split_above == 100}
        fills = [(p.phase, p.block) for p in exact.phases if p.phase.startswith("fill")]
        assert fills == ([("fill", None)] if split_above == 100 else [("fill-lp", None), ("fill", None)])


def test_crafted_case_fills_more_than_greedy():
    x = interpreter(1, "ara tur", home_zone="A")
    y = interpreter(2, "ara", home_zone="B")
    jobs = [request(1, zone="A"), request(2, zone="B", language="tur")]
    greedy, exact = both(jobs, [x, y])
    assert (greedy.filled, exact.filled) == (1, 2)


def test_same_input_same_dispatch():
    week = generate_week(5, requests=40, interpreters=15, languages=6)
    first, second = (
        dispatch(week.requests, week.interpreters, week.travel, time_limit_seconds=10, workers=1) for _ in range(2)
    )

    def without_times(result: Dispatch) -> Dispatch:
        phases = tuple(replace(p, seconds=0) for p in result.phases)
        return replace(result, solver_seconds=0, phases=phases)

    assert without_times(first) == without_times(second)


def test_generated_week_is_seeded():
    def week(seed):
        return generate_week(seed, requests=20, interpreters=5)

    assert week(3) == week(3)
    assert week(3) != week(4)


def test_greedy_plan_kept_when_solver_finds_nothing(monkeypatch):
    from ortools.sat.python import cp_model

    monkeypatch.setattr(engine._Block, "_run", lambda self, left, share, workers, seed: (cp_model.UNKNOWN, None))
    monkeypatch.setattr(engine._Block, "_stats", lambda self, phase, status, solver: None)
    week = generate_week(2, requests=30, interpreters=10, languages=5)
    greedy = dispatch_greedy(week.requests, week.interpreters, week.travel)
    result = dispatch(week.requests, week.interpreters, week.travel)
    assert result.filled == greedy.filled
    assert not result.optimal
    assert dispatch_problems(result, week.requests, week.interpreters, week.travel) == []


def test_why_keeps_the_facts():
    jobs = [request(1, zone="C", preferred_sex="f")]
    people = [interpreter(1, certified=True, home_zone="A"), interpreter(2, home_zone="C")]
    _, exact = both(jobs, people)
    (assignment,) = exact.assignments
    assert assignment.interpreter_id == 2
    assert replace(assignment.why) == replace(
        assignment.why,
        reason="best_plan",
        language="ara",
        dialect=None,
        modality=ON_SITE,
        certified=False,
        travel_minutes=5,
        travel_from="home",
        week_minutes=60,
        candidates=2,
        preferences_met=("preferred_sex",),
    )


# Independent parts of a block.


def test_parts_share_no_interpreter_and_cover_every_request():
    week = generate_week(7, requests=120, interpreters=40, languages=12)
    candidates = engine.eligible(week.requests, week.interpreters)
    parts = engine.components(week.requests, candidates)
    ids = [r.id for part in parts for r in part]
    assert sorted(ids) == sorted(r.id for r in week.requests)
    assert len(parts) > 1
    owner = {}
    for index, part in enumerate(parts):
        for r in part:
            for i in candidates[r.id]:
                assert owner.setdefault(i.id, index) == index
    # Smallest first; requests nobody can take, if any, last.
    with_candidates = [part for part in parts if candidates[part[0].id]]
    assert [len(p) for p in with_candidates] == sorted(len(p) for p in with_candidates)
    assert all(candidates[r.id] for part in with_candidates for r in part)


def test_disjoint_languages_are_solved_as_separate_parts():
    people = [interpreter(1, "ara"), interpreter(2, "ara tur"), interpreter(3, "pol")]
    jobs = [
        request(1, language="ara"),
        request(2, language="tur", zone="B"),
        request(3, language="pol"),
        request(4, language="som"),
    ]
    greedy, exact = both(jobs, people, decompose=True)
    fills = [p for p in exact.phases if p.phase == "fill"]
    assert sorted(p.requests for p in fills) == [1, 2]  # "som" has nobody: no model
    assert exact.filled == 3 >= greedy.filled
    assert exact.optimal


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parts_fill_as_many_as_the_whole_block(seed):
    week = generate_week(seed, requests=50, interpreters=20, languages=8)
    results = [
        dispatch(
            week.requests,
            week.interpreters,
            week.travel,
            time_limit_seconds=20,
            workers=1,
            decompose=decompose,
        )
        for decompose in (True, False)
    ]
    for result in results:
        assert result.optimal
        assert dispatch_problems(result, week.requests, week.interpreters, week.travel) == []
    parts, whole = results
    assert len([p for p in parts.phases if p.phase == "fill"]) > 1
    assert parts.filled == whole.filled
    # The fill objective's weight M depends on the model's size, so compare what it ranks:
    # the number filled, then the sum of the filled requests' priorities.
    priority = engine.priorities(week.requests, week.interpreters)

    def priorities(result):
        return sum(priority[a.request_id] for a in result.assignments)

    assert priorities(parts) == priorities(whole)

    def total(result, phase):
        return sum(p.objective for p in result.phases if p.phase == phase)

    if all(p.status == "OPTIMAL" for p in parts.phases + whole.phases):
        assert total(parts, "travel") == total(whole, "travel")
        assert total(parts, "fairness") == total(whole, "fairness")


@pytest.mark.parametrize("seed", [5, 6])
def test_parts_never_fill_fewer_than_greedy(seed):
    week = generate_week(seed, requests=120, interpreters=30, languages=10)
    greedy, exact = both(week.requests, week.interpreters, week.travel, split_above=40, decompose=True)
    assert exact.filled >= greedy.filled
    # The fill is solved for the whole period at once (fill.py); the days' parts route it.
    assert [p.phase for p in exact.phases if p.phase.startswith("fill")] == ["fill-lp", "fill"]
    assert len([p for p in exact.phases if p.phase == "travel"]) > 3  # several parts a day
