"""The data the dispatch engines take and return, and the rules every dispatch keeps.

Plain frozen dataclasses, so that the engines stay pure (architecture rule 7): the interpreting
services will load these from the database, call an engine and save what it proposes.
Languages and dialects are codes (ISO 639-3 where one exists), zones are short codes, sex is a
short code ("f", "m", "x"). Datetimes may be aware or naive, but not mixed; availability windows
are wall-clock times on the datetimes' own clock. A job lies within one day.

Semantics shared by both engines and by `dispatch_problems`:

* An interpreter qualifies for a request if they speak its language (and the requested dialect,
  if any), work in its modality and meet its hard preferences (sex, certified, sworn).
* They are available if the whole job lies inside one weekly availability window of that
  weekday and touches none of their exceptions.
* Travel: between two consecutive on-site jobs of an interpreter on one day (existing bookings
  included) there must be at least the travel minutes between their zones. Travel *minutes*
  also count the leg from home to the day's first on-site job and back home from the last; the
  home legs are counted, not constrained (the availability window is when the interpreter can be
  at a job). A video job needs no travel, only a free slot: it may sit in the gap between two
  on-site jobs.
* The weekly cap counts interpreting minutes only (booked + assigned), not travel: travel is
  reimbursed apart and the cap is what an interpreter agreed to work.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
import itertools

ON_SITE = "on_site"
VIDEO = "video"
MODALITIES = frozenset({ON_SITE, VIDEO})
_EPOCH = datetime(1970, 1, 1)


@functools.lru_cache(maxsize=1 << 16)
def minute(moment: datetime) -> int:
    """Whole minutes since the epoch: the engines' clock (aware datetimes in absolute time)."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return int(moment.timestamp()) // 60
    return int((moment - _EPOCH).total_seconds()) // 60


@dataclass(frozen=True)
class Request:
    """A partner's request for an interpreter for one job.

    Hard preferences (`required_sex`, `certified_required`, `sworn_required`) are conditions;
    soft ones (`preferred_sex`, `preferred_interpreter_ids`) only earn a bonus. `requested_at`
    orders requests first come, first served.
    """

    id: int
    language: str
    start: datetime
    duration_minutes: int
    requested_at: datetime
    modality: str = ON_SITE
    zone: str | None = None
    dialect: str | None = None
    urgent: bool = False
    required_sex: str | None = None
    certified_required: bool = False
    sworn_required: bool = False
    preferred_sex: str | None = None
    preferred_interpreter_ids: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if self.modality not in MODALITIES:
            raise ValueError(f"Request {self.id}: unknown modality {self.modality!r}.")
        if self.modality == ON_SITE and not self.zone:
            raise ValueError(f"Request {self.id}: an on-site request needs a zone.")
        if self.duration_minutes <= 0:
            raise ValueError(f"Request {self.id}: the duration must be positive.")

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def on_site(self) -> bool:
        return self.modality == ON_SITE

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass(frozen=True)
class LanguageSkill:
    """A language an interpreter works in, with the dialects they master (empty: none named)."""

    language: str
    dialects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AvailabilityWindow:
    """A weekly window: weekday 0 is Monday; the job must fit between start and end."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class Unavailability:
    """An exception to the weekly windows: leave, illness, a day off (start inclusive, end
    exclusive)."""

    start: datetime
    end: datetime

    @classmethod
    def whole_day(cls, day: date, tzinfo=None) -> Unavailability:
        start = datetime.combine(day, time(0), tzinfo)
        return cls(start, start + timedelta(days=1))


@dataclass(frozen=True)
class Booking:
    """A confirmed job the interpreter already has: a fixed busy interval (zone None = video).
    Its minutes are assumed to be in the interpreter's `booked_minutes` already."""

    start: datetime
    end: datetime
    zone: str | None = None


@dataclass(frozen=True)
class Interpreter:
    """An interpreter who can take requests this week.

    `max_minutes_per_week` is the weekly cap on interpreting time and `booked_minutes` what is
    already booked that week (confirmed bookings included).
    """

    id: int
    languages: frozenset[LanguageSkill]
    sex: str
    home_zone: str
    availability: tuple[AvailabilityWindow, ...]
    max_minutes_per_week: int
    modalities: frozenset[str] = MODALITIES
    certified: bool = False
    sworn: bool = False
    exceptions: tuple[Unavailability, ...] = ()
    booked_minutes: int = 0
    bookings: tuple[Booking, ...] = ()

    def speaks(self, language: str, dialect: str | None = None) -> bool:
        return any(
            skill.language == language and (dialect is None or dialect in skill.dialects) for skill in self.languages
        )

    def meets_hard_preferences(self, request: Request) -> bool:
        return (
            (request.required_sex is None or request.required_sex == self.sex)
            and (self.certified or not request.certified_required)
            and (self.sworn or not request.sworn_required)
        )

    def qualifies(self, request: Request, modality: str | None = None) -> bool:
        """Language, dialect, modality (the request's unless another is given), hard preferences."""
        return (
            self.speaks(request.language, request.dialect)
            and (modality or request.modality) in self.modalities
            and self.meets_hard_preferences(request)
        )

    def in_window(self, start: datetime, end: datetime) -> bool:
        """The whole job lies inside one weekly availability window."""
        if end.date() != start.date() and end.time() != time(0):
            return False
        end_time = end.time() if end.date() == start.date() else time.max
        return any(
            window.weekday == start.weekday() and window.start <= start.time() and end_time <= window.end
            for window in self.availability
        )

    def on_leave(self, start: datetime, end: datetime) -> bool:
        """The job touches one of the exceptions."""
        return any(exception.start < end and start < exception.end for exception in self.exceptions)

    def is_available(self, start: datetime, end: datetime) -> bool:
        return self.in_window(start, end) and not self.on_leave(start, end)

    def preferences_met(self, request: Request) -> tuple[str, ...]:
        """The request's preferences this interpreter meets, as codes (hard ones included)."""
        met = []
        if request.required_sex is not None:
            met.append("required_sex")
        if request.certified_required:
            met.append("certified")
        if request.sworn_required:
            met.append("sworn")
        if self.id in request.preferred_interpreter_ids:
            met.append("preferred_interpreter")
        if request.preferred_sex is not None and request.preferred_sex == self.sex:
            met.append("preferred_sex")
        return tuple(met)


@dataclass(frozen=True)
class TravelTimes:
    """Travel minutes between zones: symmetric, one entry per pair is enough; a zone to itself
    is `same_zone_minutes` unless the table says otherwise. A missing pair is an error unless
    `default_minutes` is given."""

    minutes_between: Mapping[tuple[str, str], int]
    same_zone_minutes: int = 10
    default_minutes: int | None = None

    def minutes(self, origin: str, destination: str) -> int:
        table = self.minutes_between
        if (origin, destination) in table:
            return table[(origin, destination)]
        if (destination, origin) in table:
            return table[(destination, origin)]
        if origin == destination:
            return self.same_zone_minutes
        if self.default_minutes is not None:
            return self.default_minutes
        raise KeyError(f"No travel time between zones {origin!r} and {destination!r}.")


@dataclass(frozen=True)
class Why:
    """Why this interpreter: a reason code and the facts a page can put into words.

    Reason codes: "only_candidate" (nobody else qualified and free), "preferred_interpreter"
    (the partner asked for them), "fewest_hours" (greedy: least hours so far), "best_plan"
    (CP-SAT: part of the plan that fills most, then travels least, then spreads hours fairest).
    `travel_minutes` is the leg to this job from `travel_from` (the previous on-site job's zone,
    or "home"); 0 for video. `week_minutes` is the interpreter's load that week after dispatch,
    `candidates` how many interpreters qualified and were available for the request.
    """

    reason: str
    language: str
    dialect: str | None
    modality: str
    certified: bool
    sworn: bool
    travel_minutes: int
    travel_from: str | None
    week_minutes: int
    candidates: int
    preferences_met: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    request_id: int
    interpreter_id: int
    why: Why


@dataclass(frozen=True)
class Unfilled:
    """A request left open, with a reason code:

    "no_language" (nobody speaks it), "no_dialect" (nobody speaks the dialect),
    "no_qualified" (speakers exist, none meets the modality or hard preferences),
    "not_available" (no qualified interpreter's window covers the job, or all are on leave),
    "all_at_cap" (the available ones have no weekly hours left), "all_busy" (the available ones
    with hours left have other jobs then, or cannot travel in time), "suggest_video" (on-site
    impossible, but `video_interpreter_ids` could do it by video now; `on_site_reason` says why
    on-site failed).
    """

    request_id: int
    reason: str
    on_site_reason: str | None = None
    video_interpreter_ids: tuple[int, ...] = ()
    speakers: int = 0
    qualified: int = 0


@dataclass(frozen=True)
class PhaseStats:
    """One solve: phase "fill", "travel" or "fairness" of one independent part (`requests`
    requests) of a block (a day, or the whole period when `block` is None); `status` is OPTIMAL,
    FEASIBLE, UNKNOWN, INFEASIBLE or SKIPPED."""

    phase: str
    block: date | None
    status: str
    objective: int
    bound: int
    seconds: float
    requests: int = 0


@dataclass(frozen=True)
class Dispatch:
    """What an engine proposes.

    `travel_minutes` is the travel the dispatch adds to the interpreters' days (routes with the
    new jobs minus routes of existing bookings alone); `hours_std_dev` is the standard deviation
    of weekly hours (booked + assigned) among interpreters who qualify for at least one request
    and are available for it; `method` is "cp-sat", "greedy" or "greedy-fallback".
    """

    assignments: tuple[Assignment, ...]
    unfilled: tuple[Unfilled, ...]
    phases: tuple[PhaseStats, ...]
    filled: int
    travel_minutes: int
    hours_std_dev: float
    solver_seconds: float
    method: str
    optimal: bool = False

    def interpreter_of(self) -> dict[int, int]:
        return {a.request_id: a.interpreter_id for a in self.assignments}


@dataclass
class _Stop:
    start: int
    end: int
    zone: str | None
    request_id: int | None = None


@dataclass
class Agenda:
    """An interpreter's week while a plan is built: their stops (bookings and jobs) per day and
    the minutes worked. Used by the greedy engine, the repair and the explanations."""

    interpreter: Interpreter
    travel: TravelTimes
    worked_minutes: int = 0
    days: dict[date, list[_Stop]] = field(default_factory=dict)

    @classmethod
    def of(cls, interpreter: Interpreter, travel: TravelTimes) -> Agenda:
        agenda = cls(interpreter, travel, interpreter.booked_minutes)
        for booking in interpreter.bookings:
            stop = _Stop(minute(booking.start), minute(booking.end), booking.zone)
            agenda._insert(booking.start.date(), stop)
        return agenda

    def _insert(self, day: date, stop: _Stop) -> None:
        stops = self.days.setdefault(day, [])
        bisect.insort(stops, stop, key=lambda s: (s.start, s.end))

    @property
    def minutes_left(self) -> int:
        return self.interpreter.max_minutes_per_week - self.worked_minutes

    def _neighbours(self, day: date, start: int, ignoring: int | None = None) -> tuple[_Stop | None, _Stop | None]:
        before = after = None
        for stop in self.days.get(day, ()):
            if stop.zone is None or (ignoring is not None and stop.request_id == ignoring):
                continue
            if stop.start < start:
                before = stop
            elif after is None:
                after = stop
        return before, after

    def fits(self, request: Request, modality: str | None = None, *, ignoring: int | None = None) -> bool:
        """No overlap with any stop and, on site, time to travel from and to the neighbours;
        `ignoring` a request id: as if that job were not on the agenda."""
        start, end = minute(request.start), minute(request.end)
        stops = self.days.get(request.day, ())
        if any(
            stop.start < end and start < stop.end and (ignoring is None or stop.request_id != ignoring)
            for stop in stops
        ):
            return False
        if (modality or request.modality) != ON_SITE:
            return True
        before, after = self._neighbours(request.day, start, ignoring)
        if before and before.end + self.travel.minutes(before.zone, request.zone) > start:
            return False
        return not (after and end + self.travel.minutes(request.zone, after.zone) > after.start)

    def can_take(self, request: Request, modality: str | None = None) -> bool:
        return (
            request.duration_minutes <= self.minutes_left
            and self.interpreter.qualifies(request, modality)
            and self.interpreter.is_available(request.start, request.end)
            and self.fits(request, modality)
        )

    def added_travel(self, request: Request) -> int:
        """The travel minutes taking this job adds to the day's route (0 for video)."""
        if not request.on_site:
            return 0
        home = self.interpreter.home_zone
        before, after = self._neighbours(request.day, minute(request.start))
        origin = before.zone if before else home
        destination = after.zone if after else home
        minutes = self.travel.minutes
        return minutes(origin, request.zone) + minutes(request.zone, destination) - minutes(origin, destination)

    def take(self, request: Request) -> None:
        self.worked_minutes += request.duration_minutes
        zone = request.zone if request.on_site else None
        stop = _Stop(minute(request.start), minute(request.end), zone, request.id)
        self._insert(request.day, stop)

    def drop(self, request: Request) -> None:
        """Undo `take`: the job leaves the agenda and its minutes the week's count."""
        stops = self.days[request.day]
        index = next(i for i, stop in enumerate(stops) if stop.request_id == request.id)
        del stops[index]
        self.worked_minutes -= request.duration_minutes

    def day_route_minutes(self, day: date) -> int:
        """Travel minutes of one day's on-site route, home to home (0 without on-site stops)."""
        return self.path_minutes(s.zone for s in self.days.get(day, ()) if s.zone is not None)

    def path_minutes(self, zones) -> int:
        """Travel minutes from home through these zones, in order, and back (0 if none)."""
        zones = list(zones)
        if not zones:
            return 0
        path = [self.interpreter.home_zone, *zones, self.interpreter.home_zone]
        return sum(self.travel.minutes(a, b) for a, b in itertools.pairwise(path))

    def route_minutes(self, *, bookings_only: bool = False) -> int:
        """Travel minutes of the week's on-site routes, home to home, day by day."""
        return sum(
            self.path_minutes(
                s.zone for s in stops if s.zone is not None and not (bookings_only and s.request_id is not None)
            )
            for stops in self.days.values()
        )

    def leg_to(self, request_id: int) -> tuple[int, str | None]:
        """Travel minutes to a job of this agenda and where from ("home" or a zone)."""
        for stops in self.days.values():
            previous = "home"
            for stop in stops:
                if stop.request_id == request_id:
                    if stop.zone is None:
                        return 0, None
                    origin = self.interpreter.home_zone if previous == "home" else previous
                    return self.travel.minutes(origin, stop.zone), previous
                if stop.zone is not None:
                    previous = stop.zone
        raise KeyError(request_id)


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
