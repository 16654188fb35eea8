"""A block's live candidates and its independent parts (`dispatch(decompose=True)`), with the
share of the block's time each part gets."""

from collections import defaultdict
from collections.abc import Sequence

from .agenda import Agenda
from .data import Interpreter, Request

PART_OVERHEAD = 20  # requests' worth of time each independent part gets on top of its size


def live_candidates(
    requests: Sequence[Request],
    candidates: dict[int, list[Interpreter]],
    agendas: dict[int, Agenda],
    reserve: dict[int, int],
) -> dict[int, list[Interpreter]]:
    """Per request, the static candidates that still have the hours (less the reserve) and a
    free slot, given the agendas so far: the pairs a block's model gets an x for."""
    return {
        r.id: [
            i
            for i in candidates[r.id]
            if r.duration_minutes <= agendas[i.id].minutes_left - reserve.get(i.id, 0) and agendas[i.id].can_take(r)
        ]
        for r in requests
    }


def components(requests: Sequence[Request], candidates: dict[int, list[Interpreter]]) -> list[list[Request]]:
    """The requests split into independent parts: two requests are in one part if a chain of
    "could take" pairs links them (request - interpreter - request ...). Parts share no
    interpreter, and every term of the model (fill per request; travel, overlap, cap and fairness
    per interpreter) lies within one part, so each part can be solved on its own, phase by phase,
    with the same lexicographic optimum. Requests nobody can take form one last part. Ordered
    smallest first (then by lowest request id), each part in the input's order."""
    parent: dict[int, int] = {}

    def find(interpreter_id: int) -> int:
        root = interpreter_id
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[interpreter_id] != root:  # path compression
            parent[interpreter_id], interpreter_id = root, parent[interpreter_id]
        return root

    for request in requests:
        found = candidates[request.id]
        for other in found[1:]:
            a, b = find(found[0].id), find(other.id)
            if a != b:
                parent[max(a, b)] = min(a, b)
    parts: dict[int, list[Request]] = defaultdict(list)
    nobody = []
    for request in requests:
        found = candidates[request.id]
        if found:
            parts[find(found[0].id)].append(request)
        else:
            nobody.append(request)
    ordered = sorted(parts.values(), key=lambda part: (len(part), min(r.id for r in part)))
    return ordered + ([nobody] if nobody else [])


def part_weights(parts: list[list[Request]], live: dict[int, list[Interpreter]]) -> list[int]:
    """A part's weight: its requests someone can take, plus a fixed overhead so that a small
    part gets enough for three solver starts (what it leaves flows on to the larger parts)."""
    return [sum(1 for r in part if live[r.id]) + PART_OVERHEAD * any(live[r.id] for r in part) for part in parts]
