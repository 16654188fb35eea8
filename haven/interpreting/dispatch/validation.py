"""The hard rules, as one check: `assignment_breaches` says which rules an interpreter would
break by taking a request, given their agenda. Every dispatch is held to it
(`dispatch_problems`, which the tests and the benchmark run on both engines' plans), and so
is every choice the dispatcher makes by hand (`interpreting.hard_rules` loads the agendas from
the database): changing a proposal, confirming proposals. The rules themselves are the
engine's own predicates (`Interpreter.speaks`, `qualifies`, `in_window`, `on_leave`,
`Agenda.conflict`, `Agenda.minutes_left`), so the engines and this check cannot drift
apart."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .agenda import Agenda, Clash
from .data import Dispatch, Interpreter, Request, TravelTimes

# The hard rules, in the order they are checked and named.
LANGUAGE = "language"  # does not speak the request's language
DIALECT = "dialect"  # speaks the language, not the requested dialect
MODALITY = "modality"  # does not work on site (or by video)
REQUIRED_SEX = "required_sex"  # the partner asked for the other sex
CERTIFIED = "certified"  # the partner asked for a certified interpreter
SWORN = "sworn"  # the partner asked for a sworn interpreter
AVAILABILITY = "availability"  # the job is not inside one of the weekly windows
ABSENCE = "absence"  # the job touches an absence
OVERLAP = "overlap"  # another job or booking at the same time
TRAVEL = "travel"  # too little time to travel from the job before or on to the job after
WEEKLY_CAP = "weekly_cap"  # the job would pass the weekly maximum
RULES = (
    LANGUAGE,
    DIALECT,
    MODALITY,
    REQUIRED_SEX,
    CERTIFIED,
    SWORN,
    AVAILABILITY,
    ABSENCE,
    OVERLAP,
    TRAVEL,
    WEEKLY_CAP,
)


@dataclass(frozen=True)
class Breach:
    """One hard rule broken: `rule` is one of `RULES`; `clash` the stop in the way (overlap
    and travel); `minutes_left` the week's minutes the interpreter had left (weekly cap)."""

    rule: str
    clash: Clash | None = None
    minutes_left: int = 0


def assignment_breaches(request: Request, agenda: Agenda, *, ignoring: int | None = None) -> list[Breach]:
    """Every hard rule the agenda's interpreter would break by taking `request` now (the
    request itself not on the agenda, or named by `ignoring`); empty: they may take it."""
    interpreter = agenda.interpreter
    breaches = []
    if not interpreter.speaks(request.language):
        breaches.append(Breach(LANGUAGE))
    elif not interpreter.speaks(request.language, request.dialect):
        breaches.append(Breach(DIALECT))
    if request.modality not in interpreter.modalities:
        breaches.append(Breach(MODALITY))
    if not interpreter.meets_hard_preferences(request):
        if request.required_sex is not None and request.required_sex != interpreter.sex:
            breaches.append(Breach(REQUIRED_SEX))
        if request.certified_required and not interpreter.certified:
            breaches.append(Breach(CERTIFIED))
        if request.sworn_required and not interpreter.sworn:
            breaches.append(Breach(SWORN))
    if not interpreter.in_window(request.start, request.end):
        breaches.append(Breach(AVAILABILITY))
    if interpreter.on_leave(request.start, request.end):
        breaches.append(Breach(ABSENCE))
    clash = agenda.conflict(request, ignoring=ignoring)
    if clash is not None:
        breaches.append(Breach(OVERLAP if clash.rule == "overlap" else TRAVEL, clash=clash))
    minutes_left = agenda.minutes_left + (request.duration_minutes if _holds(agenda, ignoring) else 0)
    if request.duration_minutes > minutes_left:
        breaches.append(Breach(WEEKLY_CAP, minutes_left=minutes_left))
    return breaches


def _holds(agenda: Agenda, request_id: int | None) -> bool:
    """The agenda has this job on it already (its minutes are counted in `worked_minutes`)."""
    return request_id is not None and any(
        stop.request_id == request_id for stops in agenda.days.values() for stop in stops
    )


_SENTENCES = {
    LANGUAGE: "language not spoken",
    DIALECT: "dialect not spoken",
    MODALITY: "modality not offered",
    REQUIRED_SEX: "hard preference not met (sex)",
    CERTIFIED: "hard preference not met (certified)",
    SWORN: "hard preference not met (sworn)",
    AVAILABILITY: "outside the availability windows",
    ABSENCE: "during an exception",
    OVERLAP: "overlaps another job",
    TRAVEL: "leaves too little travel time",
    WEEKLY_CAP: "over the weekly cap",
}


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
        problems += [f"{where}: {_SENTENCES[breach.rule]}" for breach in assignment_breaches(request, agenda)]
        agenda.take(request)
    return problems
