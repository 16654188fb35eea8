"""The dispatch engine's hard rules, held for the dispatcher's own choices.

When the dispatcher puts another interpreter on a proposal, and when proposals are confirmed
(one, or all of a run), the choice is checked by the engine's own check,
`dispatch.assignment_breaches`, on agendas loaded from the database the way the engine
loads them (`planning.engine_interpreter`, `planning.engine_request`): language and
dialect, modality, the partner's required sex or certification, the weekly availability,
absences, no overlap and time to travel between on-site jobs, the weekly maximum. A refusal
names each rule broken, in the user's language ("not available on Tuesday 12/03
08:15–09:15 (works Tuesday 12:00–18:00)", "already booked 08:00–09:00 at …").

The candidates offered for a proposed job are only the interpreters who may take it, each
with the soft costs dispatch weighs: the travel minutes the job adds to their day and their
minutes this week. A `Week` loads one calendar week in six queries, however many
interpreters, requests or bookings it holds.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from haven.core.reference import language_name
from haven.interpreting import dispatch as engine
from haven.interpreting import planning
from haven.interpreting.models import (
    Absence,
    Assignment,
    AssignmentStatus,
    Availability,
    Interpreter,
    InterpreterLanguage,
    InterpretingRequest,
    Modality,
)
from haven.interpreting.workdays import BRUSSELS


@dataclass(frozen=True)
class Candidate:
    """An interpreter who may take a job, with its soft costs: `travel_minutes` the job adds
    to their day's route (0 by video), `week_minutes` booked or proposed this week without
    this job, out of `max_minutes`; `current` if proposed for it now, `preferred` if the
    partner asked for them."""

    interpreter: Interpreter
    travel_minutes: int
    week_minutes: int
    max_minutes: int
    current: bool
    preferred: bool

    @property
    def week_hours(self) -> str:
        return _hours(self.week_minutes)

    @property
    def max_hours(self) -> str:
        return _hours(self.max_minutes)


def _hours(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    return f"{hours}:{rest:02d}"


def _moment(epoch_minutes: int) -> datetime:
    """An engine minute (aware datetimes: minutes since the epoch) as a Brussels time."""
    return datetime.fromtimestamp(epoch_minutes * 60, tz=UTC).astimezone(BRUSSELS)


def _time(moment: datetime) -> str:
    return date_format(moment.astimezone(BRUSSELS), "H:i")


def _day(moment: datetime) -> str:
    return date_format(moment.astimezone(BRUSSELS), "l d/m")


class Week:
    """One calendar week as the engine sees it, for the interpreters matching `interpreters`
    (a filter on Interpreter): their agendas with the week's bookings and, with
    `with_proposals`, the week's other proposals (a change must fit the plan; a confirmation
    only the bookings, and each confirmed proposal is `book`ed in turn). Six queries."""

    def __init__(self, day: date, *, interpreters: Q, with_proposals: bool) -> None:
        week_start, week_end = planning.week_bounds(day)
        states = [AssignmentStatus.CONFIRMED] + ([AssignmentStatus.PROPOSED] if with_proposals else [])
        live = Assignment.objects.filter(
            status__in=states, starts_at__lt=week_end, ends_at__gt=week_start
        ).select_related("request__site__zone", "request__organisation")
        rows = (
            Interpreter.objects.filter(pk__in=Interpreter.objects.filter(interpreters).values("pk"))
            .select_related("home_zone")
            .prefetch_related(
                Prefetch("languages", queryset=InterpreterLanguage.objects.all()),
                Prefetch("availability", queryset=Availability.objects.all()),
                Prefetch("absences", queryset=Absence.objects.filter(starts_at__lt=week_end, ends_at__gt=week_start)),
                Prefetch("assignments", queryset=live, to_attr="week_live"),
            )
        )
        self.travel = planning.travel_times()
        self.interpreters: dict[int, Interpreter] = {}
        self.agendas: dict[int, engine.Agenda] = {}
        self.assignments: dict[int, Assignment] = {}  # the bookings and proposals on the agendas
        self.jobs: dict[int, Assignment] = {}  # by request id: the jobs on the agendas (not bookings)
        for row in rows:
            booked = [a for a in row.week_live if a.status == AssignmentStatus.CONFIRMED]
            agenda = engine.Agenda.of(planning.engine_interpreter(row, booked), self.travel)
            for assignment in row.week_live:
                self.assignments[assignment.pk] = assignment
                if assignment.status == AssignmentStatus.PROPOSED:
                    agenda.take(planning.engine_request(assignment.request))
                    self.jobs[assignment.request_id] = assignment
            self.interpreters[row.pk] = row
            self.agendas[row.pk] = agenda

    def _holds(self, job: InterpretingRequest, interpreter_id: int) -> bool:
        held = self.jobs.get(job.pk)
        return held is not None and held.interpreter_id == interpreter_id and held.status == AssignmentStatus.PROPOSED

    def breaches(self, job: InterpretingRequest, interpreter_id: int) -> list[engine.Breach]:
        """The hard rules this interpreter would break by taking the job (the engine's check)."""
        return engine.assignment_breaches(
            planning.engine_request(job),
            self.agendas[interpreter_id],
            ignoring=job.pk if self._holds(job, interpreter_id) else None,
        )

    def problems(self, job: InterpretingRequest, interpreter_id: int) -> list[str]:
        """Why this interpreter may not take the job, one phrase per rule (empty: they may)."""
        interpreter = self.interpreters[interpreter_id]
        found = [] if interpreter.active and interpreter.interprets else [_("does not take interpreting jobs")]
        return found + [self._phrase(job, interpreter, breach) for breach in self.breaches(job, interpreter_id)]

    def refusal(self, job: InterpretingRequest, interpreter_id: int) -> str:
        """The problems as one sentence naming the interpreter; empty when they may take it."""
        problems = self.problems(job, interpreter_id)
        if not problems:
            return ""
        return _("%(name)s may not take this job: %(rules)s.") % {
            "name": str(self.interpreters[interpreter_id]),
            "rules": "; ".join(problems),
        }

    def book(self, assignment: Assignment) -> None:
        """The assignment is confirmed now: later checks see it on its interpreter's agenda."""
        self.agendas[assignment.interpreter_id].take(planning.engine_request(assignment.request))
        self.jobs[assignment.request_id] = assignment

    def candidates(self, job: InterpretingRequest, current_id: int | None) -> list[Candidate]:
        """The interpreters who may take the job, the one the partner asked for first, then
        least added travel, fewest minutes this week, by name."""
        request = planning.engine_request(job)
        found = []
        for interpreter_id, interpreter in self.interpreters.items():
            if not (interpreter.active and interpreter.interprets):
                continue
            agenda = self.agendas[interpreter_id]
            holds = self._holds(job, interpreter_id)
            if holds:  # weigh the job as if it were not on the agenda yet
                agenda.drop(request)
            try:
                if engine.assignment_breaches(request, agenda):
                    continue
                found.append(
                    Candidate(
                        interpreter=interpreter,
                        travel_minutes=agenda.added_travel(request),
                        week_minutes=agenda.worked_minutes,
                        max_minutes=agenda.interpreter.max_minutes_per_week,
                        current=interpreter_id == current_id,
                        preferred=interpreter_id in request.preferred_interpreter_ids,
                    )
                )
            finally:
                if holds:
                    agenda.take(request)
        return sorted(
            found,
            key=lambda c: (
                not c.preferred,
                c.travel_minutes,
                c.week_minutes,
                c.interpreter.family_name,
                c.interpreter.given_names,
                c.interpreter.pk,
            ),
        )

    # Words ---------------------------------------------------------------------------------

    def _phrase(self, job: InterpretingRequest, interpreter: Interpreter, breach: engine.Breach) -> str:
        start, end = job.starts_at.astimezone(BRUSSELS), job.ends_at.astimezone(BRUSSELS)
        rule = breach.rule
        if rule == "language":
            return _("does not interpret %(language)s") % {"language": language_name(job.language_id)}
        if rule == "dialect":
            return _("does not speak the dialect %(dialect)s") % {"dialect": job.dialect}
        if rule == "modality":
            return _("does not work on site") if job.modality == Modality.ON_SITE else _("does not work by video")
        if rule == "required_sex":
            return _("is not of the sex the partner requires")
        if rule == "certified":
            return _("is not a certified interpreter, as the partner requires")
        if rule == "sworn":
            return _("is not sworn, as the partner requires")
        if rule == "availability":
            return self._availability(interpreter, start, end)
        if rule == "absence":
            return self._absence(interpreter, start, end)
        if rule == "weekly_cap":
            return _("would pass the weekly maximum of %(maximum)s hours (%(left)s left this week)") % {
                "maximum": interpreter.max_hours_per_week,
                "left": _hours(max(breach.minutes_left, 0)),
            }
        if breach.clash is None:  # pragma: no cover - every other rule is a clash
            raise ValueError(rule)
        return self._clash(breach.clash)

    def _availability(self, interpreter: Interpreter, start: datetime, end: datetime) -> str:
        windows = [w for w in interpreter.availability.all() if w.weekday == start.weekday()]
        asked = _("not available on %(day)s %(start)s–%(end)s") % {
            "day": _day(start),
            "start": _time(start),
            "end": _time(end),
        }
        weekday = date_format(start, "l")
        if not windows:
            return _("%(asked)s (does not work on %(weekday)s)") % {"asked": asked, "weekday": weekday}
        return _("%(asked)s (works %(weekday)s %(windows)s)") % {
            "asked": asked,
            "weekday": weekday,
            "windows": ", ".join(f"{w.starts_at:%H:%M}–{w.ends_at:%H:%M}" for w in windows),
        }

    def _absence(self, interpreter: Interpreter, start: datetime, end: datetime) -> str:
        absence = next((a for a in interpreter.absences.all() if a.starts_at < end and start < a.ends_at), None)
        if absence is None:  # pragma: no cover - the engine saw one
            return _("absent then")
        return _("absent from %(start)s until %(end)s") % {
            "start": date_format(absence.starts_at.astimezone(BRUSSELS), "d/m H:i"),
            "end": date_format(absence.ends_at.astimezone(BRUSSELS), "d/m H:i"),
        }

    def _place(self, clash: engine.Clash) -> tuple[str, bool]:
        """Where the job in the way is (organisation, address), and whether it is a booking."""
        other = self.assignments.get(clash.booking) if clash.booking is not None else None
        if other is None and clash.request_id is not None:
            other = self.jobs.get(clash.request_id)
        if other is None:  # pragma: no cover - every stop loaded here has a reference
            return _("another job"), True
        job = other.request
        place = job.organisation.name + (f", {job.site.name}" if job.site is not None else "")
        if job.site is None:
            place = _("%(organisation)s (by video)") % {"organisation": job.organisation.name}
        return place, other.status == AssignmentStatus.CONFIRMED

    def _clash(self, clash: engine.Clash) -> str:
        place, booked = self._place(clash)
        values = {
            "start": _time(_moment(clash.start)),
            "end": _time(_moment(clash.end)),
            "place": place,
            "needed": clash.travel_minutes,
            "gap": max(clash.gap_minutes, 0),
        }
        if clash.rule == "overlap":
            if booked:
                return _("already booked %(start)s–%(end)s at %(place)s") % values
            return _("already proposed %(start)s–%(end)s at %(place)s") % values
        if clash.rule == "travel_from":
            return (
                _(
                    "no time to travel from %(place)s (a job until %(end)s): "
                    "%(needed)s minutes needed, %(gap)s minutes free"
                )
                % values
            )
        return (
            _(
                "no time to travel on to %(place)s (a job from %(start)s): %(needed)s minutes needed, %(gap)s minutes free"
            )
            % values
        )


def _week_of(job: InterpretingRequest) -> date:
    return job.starts_at.astimezone(BRUSSELS).date()


def choice_refusal(job: InterpretingRequest, interpreter: Interpreter) -> str:
    """Why this interpreter may not be proposed for the job, in one sentence (empty: they
    may), against the week's bookings and the other proposals."""
    week = Week(_week_of(job), interpreters=Q(pk=interpreter.pk), with_proposals=True)
    return week.refusal(job, interpreter.pk)


def confirmation_weeks(assignments: Sequence[Assignment]) -> dict[tuple[int, int], Week]:
    """For confirming proposals: a `Week` per calendar week of the proposals, with their
    interpreters' bookings (not the proposals: each is confirmed in turn and then booked),
    keyed by ISO (year, week)."""
    by_week: dict[tuple[int, int], set[int]] = defaultdict(set)
    days = {}
    for assignment in assignments:
        day = _week_of(assignment.request)
        key = day.isocalendar()[:2]
        by_week[key].add(assignment.interpreter_id)
        days[key] = day
    return {key: Week(days[key], interpreters=Q(pk__in=ids), with_proposals=False) for key, ids in by_week.items()}


def week_key(job: InterpretingRequest) -> tuple[int, int]:
    year, week, _weekday = _week_of(job).isocalendar()
    return year, week


@dataclass(frozen=True)
class ProposalCheck:
    """A proposal on the run page: the interpreters who may take its job instead, and why
    the proposed one may not any more (empty while the proposal keeps the hard rules)."""

    candidates: list[Candidate]
    refusal: str


def proposal_checks(assignments: Iterable[Assignment]) -> dict[int, ProposalCheck]:
    """Per proposed assignment (by id), its candidates and its refusal: six queries per
    calendar week of the proposals (a run's page: one week), however many interpreters."""
    proposals = [a for a in assignments if a.status == AssignmentStatus.PROPOSED]
    by_week: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for assignment in proposals:
        by_week[week_key(assignment.request)].append(assignment)
    found = {}
    for group in by_week.values():
        languages = {a.request.language_id for a in group}
        week = Week(
            _week_of(group[0].request),
            interpreters=Q(languages__language_id__in=languages) | Q(pk__in={a.interpreter_id for a in group}),
            with_proposals=True,
        )
        for assignment in group:
            found[assignment.pk] = ProposalCheck(
                candidates=week.candidates(assignment.request, assignment.interpreter_id),
                refusal=week.refusal(assignment.request, assignment.interpreter_id),
            )
    return found
