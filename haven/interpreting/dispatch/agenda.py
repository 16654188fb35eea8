"""An interpreter's week while a plan is built: the stops of each day, the minutes worked, and
the rules of time and travel checked against them (no two jobs at once, time to travel between
on-site jobs, the weekly cap). `conflict` says which stop a job clashes with, so that the
dispatcher's own choices are refused in words (validation.assignment_breaches).

The greedy engine fills agendas, the CP-SAT engine reserves hours on them between days, the
local search moves jobs between them, and `summarise` and `dispatch_problems` replay a plan on
fresh ones to explain and check it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from .data import ON_SITE, Interpreter, Request, TravelTimes, minute


@dataclass
class _Stop:
    start: int
    end: int
    zone: str | None
    request_id: int | None = None
    booking: int | None = None  # a booking's `ref`


class _Site(NamedTuple):
    """An on-site stop next to a job: when it starts and ends, and where."""

    start: int
    end: int
    zone: str
    request_id: int | None = None
    booking: int | None = None


@dataclass(frozen=True)
class Clash:
    """Why a job does not fit an agenda: `rule` "overlap" (another stop at the same time),
    "travel_from" (too little time to come from the on-site stop before) or "travel_to" (to
    go on to the one after). The other stop is a job of the plan (`request_id`) or a booking
    (`booking`, its `ref`; None when the caller gave none); minutes since the epoch (see
    `data.minute`). For travel, the minutes needed and the minutes the gap leaves."""

    rule: str
    start: int
    end: int
    zone: str | None
    request_id: int | None = None
    booking: int | None = None
    travel_minutes: int = 0
    gap_minutes: int = 0


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
            stop = _Stop(minute(booking.start), minute(booking.end), booking.zone, booking=booking.ref)
            agenda._insert(booking.start.date(), stop)
        return agenda

    def _insert(self, day: date, stop: _Stop) -> None:
        stops = self.days.setdefault(day, [])
        bisect.insort(stops, stop, key=lambda s: (s.start, s.end))

    @property
    def minutes_left(self) -> int:
        return self.interpreter.max_minutes_per_week - self.worked_minutes

    def _neighbours(self, day: date, start: int, ignoring: int | None = None) -> tuple[_Site | None, _Site | None]:
        """The on-site stops just before and just after a job starting at `start`."""
        before = after = None
        for stop in self.days.get(day, ()):
            if stop.zone is None or (ignoring is not None and stop.request_id == ignoring):
                continue
            if stop.start < start:
                before = _Site(stop.start, stop.end, stop.zone, stop.request_id, stop.booking)
            elif after is None:
                after = _Site(stop.start, stop.end, stop.zone, stop.request_id, stop.booking)
        return before, after

    def fits(self, request: Request, modality: str | None = None, *, ignoring: int | None = None) -> bool:
        """No overlap with any stop and, on site, time to travel from and to the neighbours;
        `ignoring` a request id: as if that job were not on the agenda."""
        return self.conflict(request, modality, ignoring=ignoring) is None

    def conflict(self, request: Request, modality: str | None = None, *, ignoring: int | None = None) -> Clash | None:
        """The first stop the job clashes with (see `fits`), or None when it fits."""
        start, end = minute(request.start), minute(request.end)
        for stop in self.days.get(request.day, ()):
            if stop.start < end and start < stop.end and (ignoring is None or stop.request_id != ignoring):
                return Clash("overlap", stop.start, stop.end, stop.zone, stop.request_id, stop.booking)
        if (modality or request.modality) != ON_SITE:
            return None
        before, after = self._neighbours(request.day, start, ignoring)
        if before:
            needed = self.travel.minutes(before.zone, request.site_zone)
            if before.end + needed > start:
                return Clash("travel_from", *before, travel_minutes=needed, gap_minutes=start - before.end)
        if after:
            needed = self.travel.minutes(request.site_zone, after.zone)
            if end + needed > after.start:
                return Clash("travel_to", *after, travel_minutes=needed, gap_minutes=after.start - end)
        return None

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
        minutes, zone = self.travel.minutes, request.site_zone
        return minutes(origin, zone) + minutes(zone, destination) - minutes(origin, destination)

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

    def path_minutes(self, zones: Iterable[str]) -> int:
        """Travel minutes from home through these zones, in order, and back (0 if none)."""
        stops = list(zones)
        if not stops:
            return 0
        path = [self.interpreter.home_zone, *stops, self.interpreter.home_zone]
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
