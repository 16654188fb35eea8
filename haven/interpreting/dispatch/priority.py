"""Phase-1 (fill) priority of each request: urgent, scarce language, early requested."""

from collections.abc import Sequence

from .data import Interpreter, Request
from .greedy import first_come_order

URGENT_PRIORITY = 8
EARLY_PRIORITY = 2
SCARCITY_TIERS = (2, 4, 8, 16)  # speakers at most this many: priority 4, 3, 2, 1


def priorities(requests: Sequence[Request], interpreters: Sequence[Interpreter]) -> dict[int, int]:
    """Phase-1 priority per request: urgent, scarce language, early requested (see engine.py)."""
    speakers: dict[tuple[str, str | None], int] = {}
    for request in requests:
        key = (request.language, request.dialect)
        if key not in speakers:
            speakers[key] = sum(i.speaks(*key) for i in interpreters)
    ordered = sorted(requests, key=first_come_order)
    result = {}
    for rank, request in enumerate(ordered):
        count = speakers[(request.language, request.dialect)]
        scarcity = sum(count <= tier for tier in SCARCITY_TIERS)
        early = EARLY_PRIORITY - (rank * (EARLY_PRIORITY + 1)) // len(ordered)
        result[request.id] = URGENT_PRIORITY * request.urgent + scarcity + early
    return result


MAX_PRIORITY = URGENT_PRIORITY + len(SCARCITY_TIERS) + EARLY_PRIORITY
