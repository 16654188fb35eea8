"""The optimal proposal (a minimum-cost flow) and the greedy baseline, on the same scores.

The flow network: a source gives one unit to every newcomer; a newcomer passes it to one
buddy it may be paired with (cost: minus ``MATCHED`` minus the pair's score) or straight to
the sink (cost 0: unmatched); every buddy takes at most one unit. ``MATCHED`` is larger
than any total of scores, so the cheapest flow first matches as many newcomers as the hard
rules allow and then, among those matchings, has the highest total score. Fixed pairs are
taken out before solving; excluded pairs get no arc.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ortools.graph.python import min_cost_flow

from haven.community.matching.scoring import (
    SAMEN_GENTENAAR,
    Candidate,
    Compiled,
    Reason,
    Rules,
    Vocabulary,
    fast_score,
    score_pair,
)


@dataclass(frozen=True)
class Duo:
    newcomer: int
    buddy: int
    score: int
    reasons: tuple[Reason, ...]
    fixed: bool = False


@dataclass(frozen=True)
class Matching:
    duos: tuple[Duo, ...]
    unmatched_newcomers: tuple[int, ...]
    unmatched_buddies: tuple[int, ...]
    total: int
    worst: int  # the lowest score a newcomer got: 0 when one is left unmatched

    @property
    def worst_duo(self) -> int | None:
        """The lowest score among the duos themselves (None when there is none)."""
        return min((duo.score for duo in self.duos), default=None)


class NotAllowed(ValueError):
    """A fixed pair breaks a hard rule; ``reasons`` say which."""

    def __init__(self, newcomer: int, buddy: int, reasons: tuple[Reason, ...]) -> None:
        super().__init__(f"Pair ({newcomer}, {buddy}) breaks a hard rule.")
        self.newcomer, self.buddy, self.reasons = newcomer, buddy, reasons


class _Problem:
    """The group compiled once: candidates by key, fixed duos taken out, pairs allowed."""

    def __init__(
        self,
        newcomers: Sequence[Candidate],
        buddies: Sequence[Candidate],
        rules: Rules,
        fixed: Iterable[tuple[int, int]],
        excluded: Iterable[tuple[int, int]],
    ) -> None:
        vocabulary = Vocabulary()
        self.rules = rules
        self.newcomers = {c.key: vocabulary.compile(c) for c in newcomers}
        self.buddies = {c.key: vocabulary.compile(c) for c in buddies}
        if len(self.newcomers) != len(newcomers) or len(self.buddies) != len(buddies):
            raise ValueError("Candidate keys must be unique on each side.")
        self.excluded = set(excluded)
        self.fixed = [self._fixed_duo(pair) for pair in dict(fixed).items()]
        taken_newcomers = {duo.newcomer for duo in self.fixed}
        taken_buddies = {duo.buddy for duo in self.fixed}
        if len(taken_buddies) != len(self.fixed):
            raise ValueError("A buddy is fixed to two newcomers.")
        self.free_newcomers = [c for key, c in self.newcomers.items() if key not in taken_newcomers]
        self.free_buddies = [c for key, c in self.buddies.items() if key not in taken_buddies]

    def _fixed_duo(self, pair: tuple[int, int]) -> Duo:
        newcomer, buddy = pair
        if newcomer not in self.newcomers or buddy not in self.buddies:
            raise ValueError(f"Fixed pair ({newcomer}, {buddy}) names a candidate who is not in the group.")
        score, reasons = score_pair(self.newcomers[newcomer], self.buddies[buddy], self.rules, explain=True)
        if score is None:
            raise NotAllowed(newcomer, buddy, tuple(reasons))
        return Duo(newcomer, buddy, score, (Reason("fixed"), *reasons), fixed=True)

    def scored_pairs(self) -> list[tuple[int, Compiled, Compiled]]:
        """Every allowed, not excluded pair of free candidates with its score."""
        rules, excluded, pairs = self.rules, self.excluded, []
        for n in self.free_newcomers:
            key = n.candidate.key
            for b in self.free_buddies:
                score = fast_score(n, b, rules)
                if score is not None and (excluded is None or (key, b.candidate.key) not in excluded):
                    pairs.append((score, n, b))
        return pairs

    def answer(self, chosen: Iterable[tuple[Compiled, Compiled]]) -> Matching:
        duos = list(self.fixed)
        for n, b in chosen:
            score, reasons = score_pair(n, b, self.rules, explain=True)
            assert score is not None
            duos.append(Duo(n.candidate.key, b.candidate.key, score, tuple(reasons)))
        duos.sort(key=lambda duo: (duo.newcomer, duo.buddy))
        matched_newcomers = {duo.newcomer for duo in duos}
        matched_buddies = {duo.buddy for duo in duos}
        unmatched = tuple(key for key in self.newcomers if key not in matched_newcomers)
        scores = [duo.score for duo in duos]
        return Matching(
            duos=tuple(duos),
            unmatched_newcomers=unmatched,
            unmatched_buddies=tuple(key for key in self.buddies if key not in matched_buddies),
            total=sum(scores),
            worst=0 if unmatched or not scores else min(scores),
        )


def propose(
    newcomers: Sequence[Candidate],
    buddies: Sequence[Candidate],
    *,
    rules: Rules = SAMEN_GENTENAAR,
    fixed: Iterable[tuple[int, int]] = (),
    excluded: Iterable[tuple[int, int]] = (),
) -> Matching:
    """The optimal duos: most newcomers matched, then the highest total score."""
    problem = _Problem(newcomers, buddies, rules, fixed, excluded)
    pairs = problem.scored_pairs()
    if not pairs:
        return problem.answer(())
    n_index = {c.candidate.key: i for i, c in enumerate(problem.free_newcomers, start=1)}
    b_index = {c.candidate.key: i for i, c in enumerate(problem.free_buddies, start=len(n_index) + 1)}
    source, sink = 0, len(n_index) + len(b_index) + 1
    matched = (max(pair[0] for pair in pairs) + 1) * (len(n_index) + 1)
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    for i in n_index.values():
        tails += (source, i)
        heads += (i, sink)
        costs += (0, 0)
    for i in b_index.values():
        tails.append(i)
        heads.append(sink)
        costs.append(0)
    first_pair_arc = len(tails)
    for score, n, b in pairs:
        tails.append(n_index[n.candidate.key])
        heads.append(b_index[b.candidate.key])
        costs.append(-(matched + score))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, [1] * len(tails), costs)
    flow.set_node_supply(source, len(n_index))
    flow.set_node_supply(sink, -len(n_index))
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the network always has a feasible flow
        raise RuntimeError(f"The matching flow was not solved: status {status}.")
    chosen = [(n, b) for arc, (_pair_score, n, b) in enumerate(pairs, start=first_pair_arc) if flow.flow(arc) == 1]
    return problem.answer(chosen)


def propose_greedy(
    newcomers: Sequence[Candidate],
    buddies: Sequence[Candidate],
    *,
    rules: Rules = SAMEN_GENTENAAR,
    fixed: Iterable[tuple[int, int]] = (),
    excluded: Iterable[tuple[int, int]] = (),
) -> Matching:
    """The baseline: take the best remaining pair first until none is left."""
    problem = _Problem(newcomers, buddies, rules, fixed, excluded)
    pairs = problem.scored_pairs()
    pairs.sort(key=lambda pair: (-pair[0], pair[1].candidate.key, pair[2].candidate.key))
    taken_newcomers: set[int] = set()
    taken_buddies: set[int] = set()
    chosen: list[tuple[Compiled, Compiled]] = []
    for _pair_score, n, b in pairs:
        if n.candidate.key in taken_newcomers or b.candidate.key in taken_buddies:
            continue
        taken_newcomers.add(n.candidate.key)
        taken_buddies.add(b.candidate.key)
        chosen.append((n, b))
    return problem.answer(chosen)
