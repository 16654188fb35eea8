"""Course formation engines: hand-checked cases, and the rules every proposal keeps."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from haven.orientation.formation import (
    Learner,
    Limits,
    Proposal,
    Room,
    Teacher,
    engine,
    proposal_problems,
    propose,
    propose_greedy,
)

pytestmark = pytest.mark.slow  # a solver or the whole demo: left out by make test-fast


def learner(id: int, languages: str, slots: str, waiting_since: str) -> Learner:
    return Learner(
        id,
        frozenset(languages.split()),
        frozenset(slots.split()),
        date.fromisoformat(waiting_since),
    )


def teacher(id: int, languages: str, slots: str, max_courses: int = 1) -> Teacher:
    return Teacher(id, frozenset(languages.split()), frozenset(slots.split()), max_courses)


def room(id: int, slots: str, capacity: int) -> Room:
    return Room(id, frozenset(slots.split()), capacity)


def solve(learners, teachers, rooms, limits) -> Proposal:
    """The CP-SAT engine with one worker (fully deterministic), checked against every rule."""
    proposal = propose(learners, teachers, rooms, limits, time_limit_seconds=10, workers=1)
    assert proposal_problems(proposal, learners, teachers, rooms, limits) == []
    return proposal


def placed(proposal: Proposal) -> set[int]:
    return {learner_id for course in proposal.courses for learner_id in course.learner_ids}


def random_case(seed: int, people: int = 200):
    rng = random.Random(seed)
    languages, slots = ["ara", "tur", "prs", "rus", "som", "tir"], ["day", "evening", "weekend"]
    learners = [
        Learner(
            id,
            frozenset(rng.sample(languages, rng.randint(1, 2))),
            frozenset(rng.sample(slots, rng.randint(1, 3))),
            date(2019, 1, 1) + timedelta(days=rng.randrange(365)),
        )
        for id in range(1, people + 1)
    ]
    teachers = [
        Teacher(
            id,
            frozenset(rng.sample(languages, rng.randint(1, 2))),
            frozenset(rng.sample(slots, rng.randint(1, 3))),
            2,
        )
        for id in range(1, 9)
    ]
    rooms = [Room(id, frozenset(rng.sample(slots, 2)), rng.choice([6, 10, 12])) for id in range(1, 6)]
    return learners, teachers, rooms, Limits(8, 12)


# Four flexible people wait longest; greedy puts them all in the first course and strands the
# others, while CP-SAT splits them so that both courses open: 8 served against 6.
CRAFTED = (
    [learner(i, "ara prs", "day", f"2019-01-0{i}") for i in range(1, 5)]
    + [learner(i, "ara", "day", f"2019-02-0{i}") for i in range(5, 7)]
    + [learner(i, "prs", "day", f"2019-03-0{i}") for i in range(7, 9)]
)
CRAFTED_TEACHERS = [teacher(1, "ara prs", "day"), teacher(2, "ara prs", "day")]
CRAFTED_ROOMS = [room(1, "day", 4), room(2, "day", 4)]
CRAFTED_LIMITS = Limits(min_size=2, max_size=4)


def test_cp_sat_serves_more_than_greedy_on_crafted_case():
    greedy = propose_greedy(CRAFTED, CRAFTED_TEACHERS, CRAFTED_ROOMS, CRAFTED_LIMITS)
    assert proposal_problems(greedy, CRAFTED, CRAFTED_TEACHERS, CRAFTED_ROOMS, CRAFTED_LIMITS) == []
    assert (greedy.served, greedy.method, greedy.optimal) == (6, "greedy", False)

    proposal = solve(CRAFTED, CRAFTED_TEACHERS, CRAFTED_ROOMS, CRAFTED_LIMITS)
    assert (proposal.served, proposal.method, proposal.optimal) == (8, "cp-sat", True)
    assert sorted(course.language for course in proposal.courses) == ["ara", "prs"]
    assert placed(proposal) == set(range(1, 9))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_cp_sat_never_serves_fewer_than_greedy(seed):
    learners, teachers, rooms, limits = random_case(seed)
    greedy = propose_greedy(learners, teachers, rooms, limits)
    assert proposal_problems(greedy, learners, teachers, rooms, limits) == []
    proposal = solve(learners, teachers, rooms, limits)
    assert proposal.optimal
    assert proposal.served >= greedy.served


def test_course_too_small_is_not_opened():
    learners = [learner(i, "ara", "day", "2019-01-01") for i in range(1, 4)]
    proposal = solve(learners, [teacher(1, "ara", "day")], [room(1, "day", 20)], Limits(4, 16))
    assert proposal.courses == () and proposal.served == 0


def test_minimum_size_limits_the_number_of_courses():
    # Ten people, two teachers, courses of 6 to 8: two courses would need twelve.
    learners = [learner(i, "ara", "day", f"2019-01-{i:02}") for i in range(1, 11)]
    teachers = [teacher(1, "ara", "day"), teacher(2, "ara", "day")]
    proposal = solve(learners, teachers, [room(1, "day", 20), room(2, "day", 20)], Limits(6, 8))
    assert [len(course.learner_ids) for course in proposal.courses] == [8]


def test_learners_split_over_courses_each_at_least_minimum():
    learners = [learner(i, "ara", "day", f"2019-01-{i:02}") for i in range(1, 21)]
    teachers = [teacher(1, "ara", "day"), teacher(2, "ara", "day")]
    proposal = solve(learners, teachers, [room(1, "day", 20), room(2, "day", 20)], Limits(8, 16))
    assert proposal.served == 20
    assert sorted(len(course.learner_ids) for course in proposal.courses) == [10, 10]
    assert len(placed(proposal)) == 20  # nobody in two courses


def test_teacher_gives_one_course_per_slot():
    # max_courses 2, but a single slot: one course, however long the list.
    learners = [learner(i, "ara", "day", "2019-01-01") for i in range(1, 33)]
    proposal = solve(
        learners,
        [teacher(1, "ara", "day", 2)],
        [room(1, "day", 16), room(2, "day", 16)],
        Limits(8, 16),
    )
    assert len(proposal.courses) == 1 and proposal.served == 16


def test_teacher_with_two_slots_gives_two_courses():
    learners = [learner(i, "ara", "day evening", "2019-01-01") for i in range(1, 33)]
    proposal = solve(learners, [teacher(1, "ara", "day evening", 2)], [room(1, "day evening", 16)], Limits(8, 16))
    assert sorted(course.slot for course in proposal.courses) == ["day", "evening"]
    assert {course.room_id for course in proposal.courses} == {1}  # the same room, twice, once per slot
    assert proposal.served == 32


def test_teacher_course_limit_holds():
    learners = [learner(i, "ara", "day evening weekend", "2019-01-01") for i in range(1, 49)]
    rooms = [room(1, "day evening weekend", 16)]
    proposal = solve(learners, [teacher(1, "ara", "day evening weekend", 2)], rooms, Limits(8, 16))
    assert len(proposal.courses) == 2


def test_room_hosts_one_course_per_slot_and_caps_its_size():
    learners = [learner(i, "ara", "day", "2019-01-01") for i in range(1, 33)]
    teachers = [teacher(1, "ara", "day"), teacher(2, "ara", "day")]
    proposal = solve(learners, teachers, [room(1, "day", 10)], Limits(8, 16))
    assert [(course.room_id, len(course.learner_ids)) for course in proposal.courses] == [(1, 10)]


def test_language_and_slot_acceptable_to_every_learner_placed():
    learners = (
        [learner(i, "ara", "day", "2018-01-01") for i in range(1, 6)]  # no evening, waited longest
        + [learner(i, "ara", "evening", "2019-06-01") for i in range(6, 11)]
        + [learner(i, "tur", "evening", "2017-01-01") for i in range(11, 16)]  # no Turkish teacher
    )
    proposal = solve(learners, [teacher(1, "ara", "evening")], [room(1, "day evening", 16)], Limits(3, 16))
    assert placed(proposal) == set(range(6, 11))
    assert [(course.language, course.slot) for course in proposal.courses] == [("ara", "evening")]


def test_tie_break_takes_the_longest_waiters_of_a_type():
    learners = [learner(i, "ara", "day", f"2019-0{10 - i}-01") for i in range(1, 6)]  # id 5 waits longest
    proposal = solve(learners, [teacher(1, "ara", "day")], [room(1, "day", 3)], Limits(2, 3))
    assert placed(proposal) == {3, 4, 5}


def test_tie_break_takes_the_longest_waiters_across_types():
    learners = [
        learner(1, "ara", "day", "2019-05-01"),
        learner(2, "ara prs", "day evening", "2018-01-01"),
        learner(3, "ara", "day weekend", "2018-02-01"),
        learner(4, "ara", "day", "2019-04-01"),
        learner(5, "ara", "day evening", "2018-03-01"),
    ]
    proposal = solve(learners, [teacher(1, "ara", "day")], [room(1, "day", 16)], Limits(2, 3))
    assert placed(proposal) == {2, 3, 5}


def test_tie_break_chooses_the_language_whose_people_waited_longest():
    learners = [learner(i, "prs", "day", "2019-06-01") for i in range(1, 4)] + [
        learner(i, "ara", "day", "2018-06-01") for i in range(4, 7)
    ]
    proposal = solve(learners, [teacher(1, "ara prs", "day")], [room(1, "day", 16)], Limits(3, 16))
    assert [course.language for course in proposal.courses] == ["ara"]


def test_course_takes_the_longest_waiters_when_courses_share_a_language():
    # Two courses in the same language and slot: together they hold the 8 longest waiters of 9.
    learners = [learner(i, "ara", "day", (date(2019, 1, 1) + timedelta(days=i)).isoformat()) for i in range(1, 10)]
    teachers = [teacher(1, "ara", "day"), teacher(2, "ara", "day")]
    proposal = solve(learners, teachers, [room(1, "day", 4), room(2, "day", 4)], Limits(3, 4))
    assert placed(proposal) == set(range(1, 9))


@pytest.mark.parametrize(
    ("teachers", "rooms"),
    [
        ([], [room(1, "day", 16)]),  # no teacher
        ([teacher(1, "ara", "day")], []),  # no room
        ([teacher(1, "ara", "day")], [room(1, "day", 5)]),  # room under the minimum size
        ([teacher(1, "tur", "day")], [room(1, "day", 16)]),  # nobody speaks the language
        ([teacher(1, "ara", "evening")], [room(1, "day", 16)]),  # teacher and room never meet
    ],
)
def test_infeasible_inputs_give_an_empty_proposal(teachers, rooms):
    learners = [learner(i, "ara", "day", "2019-01-01") for i in range(1, 11)]
    for engine_call in (propose, propose_greedy):
        proposal = engine_call(learners, teachers, rooms, Limits(8, 16))
        assert proposal.courses == () and proposal.served == 0


def test_empty_waiting_list_gives_an_empty_proposal():
    proposal = solve([], [teacher(1, "ara", "day")], [room(1, "day", 16)], Limits(8, 16))
    assert (proposal.courses, proposal.served, proposal.optimal) == ((), 0, True)


def test_limits_must_be_ordered():
    with pytest.raises(ValueError, match="min_size <= max_size"):
        Limits(10, 8)


def test_greedy_answer_returned_when_solver_finds_nothing(monkeypatch):
    from ortools.sat.python import cp_model

    monkeypatch.setattr(engine._Formation, "solve", lambda self, seconds, workers: (cp_model.UNKNOWN, None))
    proposal = propose(CRAFTED, CRAFTED_TEACHERS, CRAFTED_ROOMS, CRAFTED_LIMITS)
    greedy = propose_greedy(CRAFTED, CRAFTED_TEACHERS, CRAFTED_ROOMS, CRAFTED_LIMITS)
    assert (proposal.method, proposal.optimal) == ("greedy-fallback", False)
    assert proposal.courses == greedy.courses


def test_same_input_same_proposal():
    learners, teachers, rooms, limits = random_case(5)
    first, second = (propose(learners, teachers, rooms, limits, time_limit_seconds=10, workers=1) for _ in range(2))
    assert replace(first, solver_seconds=0) == replace(second, solver_seconds=0)
