"""The data the dispatch engines take and return: requests, interpreters, travel times in;
assignments with their reasons, unfilled requests and statistics out; and the rules every
dispatch keeps (checked by `validation.dispatch_problems`).

Plain frozen dataclasses, so that the engines stay pure (architecture rule 7): the interpreting
service (`planning.py`) loads these from the database, calls an engine and saves what it proposes.
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

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

ON_SITE = "on_site"
VIDEO = "video"
MODALITIES = frozenset({ON_SITE, VIDEO})
_EPOCH = datetime(1970, 1, 1)  # noqa: DTZ001 - naive on purpose: the clock of naive datetimes


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
    def site_zone(self) -> str:
        """The zone of an on-site job (every on-site request has one); a video job has none."""
        if self.zone is None:
            raise ValueError(f"Request {self.id} is by video: it has no zone.")
        return self.zone

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
    def whole_day(cls, day: date, tzinfo: tzinfo | None = None) -> Unavailability:
        start = datetime.combine(day, time(0), tzinfo)
        return cls(start, start + timedelta(days=1))


@dataclass(frozen=True)
class Booking:
    """A confirmed job the interpreter already has: a fixed busy interval (zone None = video).
    Its minutes are assumed to be in the interpreter's `booked_minutes` already. `ref` is the
    caller's id for it (an assignment), so that a clash with it can be named."""

    start: datetime
    end: datetime
    zone: str | None = None
    ref: int | None = None


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
    requests) of a block (a day, or the whole period when `block` is None), or "fill-lp", the
    whole period's fill in the neighbourhood of its LP (fill.py); `status` is OPTIMAL,
    FEASIBLE, UNKNOWN, INFEASIBLE or SKIPPED (a day too short of time keeps the week's fill)."""

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
