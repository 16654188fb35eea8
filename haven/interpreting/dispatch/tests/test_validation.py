"""The one check of the hard rules (`assignment_breaches`), rule by rule: what the engines keep
and what a dispatcher's own choice must keep too. Fast: no solver."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from haven.interpreting.dispatch import (
    ON_SITE,
    VIDEO,
    Agenda,
    AvailabilityWindow,
    Booking,
    Interpreter,
    LanguageSkill,
    Request,
    TravelTimes,
    Unavailability,
    assignment_breaches,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
TUESDAY = date(2019, 3, 5)
TRAVEL = TravelTimes({("A", "B"): 40}, same_zone_minutes=5)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime.combine(TUESDAY, time(hour, minute), BRUSSELS)


def job(id: int = 1, *, start: datetime | None = None, minutes: int = 60, **fields) -> Request:
    fields.setdefault("modality", ON_SITE)
    if fields["modality"] == ON_SITE:
        fields.setdefault("zone", "A")
    return Request(
        id=id,
        language=fields.pop("language", "ara"),
        start=start or at(8, 15),
        duration_minutes=minutes,
        requested_at=at(8) - timedelta(days=7),
        **fields,
    )


def marianne(**fields) -> Interpreter:
    """Works Tuesdays 12:00–18:00 only (unless `availability` says otherwise)."""
    fields.setdefault("availability", (AvailabilityWindow(1, time(12), time(18)),))
    return Interpreter(
        id=7,
        languages=frozenset(fields.pop("languages", (LanguageSkill("ara", frozenset({"darija"})),))),
        sex=fields.pop("sex", "f"),
        home_zone="A",
        max_minutes_per_week=fields.pop("max_minutes_per_week", 20 * 60),
        **fields,
    )


ALL_DAY = (AvailabilityWindow(1, time(7), time(21)),)


def rules(request: Request, interpreter: Interpreter, *, take: tuple[Request, ...] = (), **options) -> list[str]:
    agenda = Agenda.of(interpreter, TRAVEL)
    for taken in take:
        agenda.take(taken)
    return [breach.rule for breach in assignment_breaches(request, agenda, **options)]


def test_an_interpreter_who_may_take_the_job_breaks_nothing():
    assert rules(job(start=at(13)), marianne()) == []


def test_the_language_is_a_hard_rule():
    assert rules(job(start=at(13), language="tur"), marianne()) == ["language"]


def test_the_dialect_is_a_hard_rule_apart_from_the_language():
    assert rules(job(start=at(13), dialect="darija"), marianne()) == []
    assert rules(job(start=at(13), dialect="masri"), marianne()) == ["dialect"]


def test_the_modality_and_the_partners_conditions_are_hard_rules():
    assert rules(job(start=at(13)), marianne(modalities=frozenset({VIDEO}))) == ["modality"]
    demanding = job(start=at(13), required_sex="m", certified_required=True, sworn_required=True)
    assert rules(demanding, marianne()) == ["required_sex", "certified", "sworn"]


def test_availability_is_a_hard_rule():
    """The trap of issue 13: a Tuesday 08:15 job for someone who works Tuesdays 12:00–18:00."""
    assert rules(job(start=at(8, 15)), marianne()) == ["availability"]
    assert rules(job(start=at(17, 30)), marianne()) == ["availability"]  # runs past 18:00
    assert rules(job(start=at(17)), marianne()) == []


def test_an_absence_is_a_hard_rule():
    ill = marianne(exceptions=(Unavailability(at(12), at(14)),))
    assert rules(job(start=at(13, 30)), ill) == ["absence"]
    assert rules(job(start=at(14)), ill) == []  # the absence ends at 14:00


def test_an_overlap_with_a_booking_is_a_hard_rule_and_names_the_booking():
    booked = marianne(availability=ALL_DAY, bookings=(Booking(at(8), at(9), "A", ref=99),), booked_minutes=60)
    agenda = Agenda.of(booked, TRAVEL)
    [breach] = assignment_breaches(job(start=at(8, 15)), agenda)
    assert breach.rule == "overlap" and breach.clash is not None and breach.clash.booking == 99


def test_an_overlap_with_another_job_of_the_plan_is_a_hard_rule():
    other = job(2, start=at(8))
    assert rules(job(start=at(8, 30)), marianne(availability=ALL_DAY), take=(other,)) == ["overlap"]
    # The job itself on the agenda (the interpreter proposed now) is no overlap.
    assert rules(other, marianne(availability=ALL_DAY), take=(other,), ignoring=other.id) == []


def test_travel_time_from_the_job_before_is_a_hard_rule():
    before = job(2, start=at(8), zone="B")  # ends 09:00 in zone B, 40 minutes from A
    agenda = Agenda.of(marianne(availability=ALL_DAY), TRAVEL)
    agenda.take(before)
    [breach] = assignment_breaches(job(start=at(9, 30)), agenda)
    assert breach.rule == "travel" and breach.clash is not None
    assert (breach.clash.rule, breach.clash.travel_minutes, breach.clash.gap_minutes) == ("travel_from", 40, 30)
    assert assignment_breaches(job(start=at(9, 40)), agenda) == []


def test_travel_time_to_the_job_after_is_a_hard_rule():
    after = job(2, start=at(10), zone="B")
    agenda = Agenda.of(marianne(availability=ALL_DAY), TRAVEL)
    agenda.take(after)
    [breach] = assignment_breaches(job(start=at(8, 30)), agenda)  # ends 09:30, 30 minutes before
    assert breach.clash is not None and breach.clash.rule == "travel_to"
    assert rules(job(start=at(8, 30), modality=VIDEO), marianne(availability=ALL_DAY), take=(after,)) == []


def test_the_weekly_maximum_is_a_hard_rule():
    tired = marianne(availability=ALL_DAY, max_minutes_per_week=120, booked_minutes=90)
    [breach] = assignment_breaches(job(start=at(13)), Agenda.of(tired, TRAVEL))
    assert (breach.rule, breach.minutes_left) == ("weekly_cap", 30)
    held = job(start=at(13), minutes=30)
    assert rules(held, tired, take=(held,), ignoring=held.id) == []  # its own minutes do not count twice


def test_every_broken_rule_is_named():
    assert rules(job(start=at(8, 15), language="tur", modality=VIDEO), marianne(modalities=frozenset({ON_SITE}))) == [
        "language",
        "modality",
        "availability",
    ]
