"""The check every dispatch must pass, whichever engine made it: each hard rule of data.py,
replayed on fresh agendas. The tests and the benchmark hold both engines to it."""

from collections import Counter
from collections.abc import Sequence

from .agenda import Agenda
from .data import Dispatch, Interpreter, Request, TravelTimes


def dispatch_problems(
    dispatch: Dispatch,
    requests: Sequence[Request],
    interpreters: Sequence[Interpreter],
    travel: TravelTimes,
) -> list[str]:
    """Every broken hard rule, as a sentence; an empty list means the dispatch is valid.

    Replays the assignments in time order on fresh agendas, so overlaps, travel gaps and caps
    are checked the same way whatever order an engine chose them in."""
    request_by_id = {r.id: r for r in requests}
    agendas = {i.id: Agenda.of(i, travel) for i in interpreters}
    problems = []
    counts = Counter(a.request_id for a in dispatch.assignments)
    problems += [f"request {rid} is assigned {n} times" for rid, n in counts.items() if n > 1]
    unfilled = {u.request_id for u in dispatch.unfilled}
    missing = set(request_by_id) - set(counts) - unfilled
    problems += [f"request {rid} is neither filled nor unfilled" for rid in sorted(missing)]
    if dispatch.filled != len(dispatch.assignments):
        problems.append("filled does not count the assignments")
    chosen = sorted(
        dispatch.assignments,
        key=lambda a: (request_by_id[a.request_id].start, a.request_id),
    )
    for assignment in chosen:
        request = request_by_id[assignment.request_id]
        agenda = agendas.get(assignment.interpreter_id)
        where = f"request {request.id} → interpreter {assignment.interpreter_id}"
        if agenda is None:
            problems.append(f"{where}: unknown interpreter")
            continue
        interpreter = agenda.interpreter
        if not interpreter.speaks(request.language, request.dialect):
            problems.append(f"{where}: language or dialect not spoken")
        if request.modality not in interpreter.modalities:
            problems.append(f"{where}: modality {request.modality} not offered")
        if not interpreter.meets_hard_preferences(request):
            problems.append(f"{where}: hard preference not met")
        if not interpreter.in_window(request.start, request.end):
            problems.append(f"{where}: outside the availability windows")
        if interpreter.on_leave(request.start, request.end):
            problems.append(f"{where}: during an exception")
        if not agenda.fits(request):
            problems.append(f"{where}: overlaps another job or leaves too little travel time")
        agenda.take(request)
    for agenda in agendas.values():
        if agenda.minutes_left < 0 and agenda.worked_minutes > agenda.interpreter.booked_minutes:
            problems.append(f"interpreter {agenda.interpreter.id} is over the weekly cap")
    return problems
