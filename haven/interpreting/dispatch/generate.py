"""A seeded synthetic week of interpreting requests, for the benchmark and the tests.

Only ids and codes (no names), from `random.Random(seed)`: the same seed gives the same week.
Demand over the languages is Zipf-like; interpreters follow it less steeply, and every language
has at least one speaker, so the tail has scarce languages (one to three interpreters). Zones
lie on a 4 x 3 grid with 10 minutes within a zone and 8 more per step between zones.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .data import (
    ON_SITE,
    VIDEO,
    AvailabilityWindow,
    Booking,
    Interpreter,
    LanguageSkill,
    Request,
    TravelTimes,
    Unavailability,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
LANGUAGES = [
    "ara", "tur", "prs", "pus", "rus", "som", "tir", "fas", "kmr", "bul", "ron",
    "pol", "sqi", "ukr", "urd", "ckb", "amh", "fra", "spa", "eng", "srp", "ben",
    "pan", "tam", "orm", "lin", "swa", "vie", "zho", "hye", "kat", "aze", "mon",
]  # fmt: skip
DIALECTS = {"ara": ["apc", "arz", "ary", "acm"], "zho": ["cmn", "yue"], "sqi": ["aln", "als"]}
ZONES = [f"Z{row}{column}" for row in range(1, 4) for column in range(1, 5)]
DURATIONS = [30, 45, 60, 60, 60, 90, 120]
WEEKLY_CAPS_HOURS = [8, 12, 16, 16, 20, 24, 32, 38]


@dataclass(frozen=True)
class Week:
    requests: list[Request]
    interpreters: list[Interpreter]
    travel: TravelTimes


def travel_times() -> TravelTimes:
    def cell(zone: str) -> tuple[int, int]:
        return int(zone[1]), int(zone[2])

    table = {}
    for a in ZONES:
        for b in ZONES:
            if a < b:
                (ra, ca), (rb, cb) = cell(a), cell(b)
                table[(a, b)] = 10 + 8 * (abs(ra - rb) + abs(ca - cb))
    return TravelTimes(table, same_zone_minutes=10)


def generate_week(
    seed: int,
    *,
    requests: int = 1000,
    interpreters: int = 200,
    languages: int = 33,
    week_start: date = date(2019, 3, 4),
) -> Week:
    """A Monday-to-Friday week (`week_start` should be a Monday) of requests and interpreters."""
    rng = random.Random(seed)
    codes = LANGUAGES[:languages]
    demand = [1 / (rank + 1) for rank in range(len(codes))]
    supply = [1 / (rank + 1) ** 0.6 for rank in range(len(codes))]
    people = [_interpreter(rng, index + 1, codes, supply, week_start) for index in range(interpreters)]
    spoken = {skill.language for i in people for skill in i.languages}
    for code in codes:  # every language has a speaker; the tail stays scarce
        if code not in spoken and people:
            index = rng.randrange(len(people))
            person = people[index]
            people[index] = _with_language(person, code, rng)
    jobs = [_request(rng, index + 1, codes, demand, people, week_start) for index in range(requests)]
    return Week(jobs, people, travel_times())


def _skill(code: str, rng: random.Random) -> LanguageSkill:
    dialects = DIALECTS.get(code)
    if not dialects:
        return LanguageSkill(code)
    return LanguageSkill(code, frozenset(rng.sample(dialects, rng.randint(1, 2))))


def _with_language(person: Interpreter, code: str, rng: random.Random) -> Interpreter:
    return Interpreter(
        id=person.id,
        languages=person.languages | {_skill(code, rng)},
        sex=person.sex,
        home_zone=person.home_zone,
        availability=person.availability,
        max_minutes_per_week=person.max_minutes_per_week,
        modalities=person.modalities,
        certified=person.certified,
        sworn=person.sworn,
        exceptions=person.exceptions,
        booked_minutes=person.booked_minutes,
        bookings=person.bookings,
    )


def _interpreter(rng: random.Random, id: int, codes: list[str], supply: list[float], week_start: date) -> Interpreter:
    chosen = {rng.choices(codes, supply)[0]}
    if rng.random() < 0.45:
        chosen.add(rng.choices(codes, supply)[0])
    if rng.random() < 0.1:
        chosen.add(rng.choice(codes))
    sworn = rng.random() < 0.15
    modalities = rng.choices([frozenset({ON_SITE, VIDEO}), frozenset({ON_SITE}), frozenset({VIDEO})], [60, 25, 15])[0]
    if rng.random() < 0.3:  # full time
        days = list(range(5))
        parts = [(time(8), time(18))]
    else:
        days = sorted(rng.sample(range(5), rng.randint(2, 4)))
        parts = rng.choice(
            [
                [(time(8), time(12, 30))],
                [(time(13), time(18))],
                [(time(8), time(12)), (time(13), time(17))],
                [(time(9), time(17))],
            ]
        )
    availability = tuple(AvailabilityWindow(day, start, end) for day in days for start, end in parts)
    exceptions = []
    if rng.random() < 0.1:
        day_off = week_start + timedelta(days=rng.choice(days))
        exceptions.append(Unavailability.whole_day(day_off, BRUSSELS))
    if rng.random() < 0.05:
        day = week_start + timedelta(days=rng.choice(days))
        start = datetime.combine(day, time(rng.choice([9, 10, 14])), BRUSSELS)
        exceptions.append(Unavailability(start, start + timedelta(hours=2)))
    cap = rng.choice(WEEKLY_CAPS_HOURS) * 60
    bookings = []
    if rng.random() < 0.2:
        day = week_start + timedelta(days=rng.choice(days))
        window_start, window_end = parts[0]
        hour = rng.randint(window_start.hour, max(window_start.hour, window_end.hour - 2))
        start = datetime.combine(day, time(hour), BRUSSELS)
        zone = rng.choice(ZONES) if ON_SITE in modalities else None
        bookings.append(Booking(start, start + timedelta(minutes=60), zone))
    booked = sum(60 for _ in bookings) + rng.choice([0, 0, 60, 120, 180, 240])
    return Interpreter(
        id=id,
        languages=frozenset(_skill(code, rng) for code in sorted(chosen)),
        sex=rng.choices(["f", "m"], [60, 40])[0],
        home_zone=rng.choice(ZONES),
        availability=availability,
        max_minutes_per_week=max(cap, booked),
        modalities=modalities,
        certified=sworn or rng.random() < 0.5,
        sworn=sworn,
        exceptions=tuple(exceptions),
        booked_minutes=booked,
        bookings=tuple(bookings),
    )


def _request(
    rng: random.Random,
    id: int,
    codes: list[str],
    demand: list[float],
    people: list[Interpreter],
    week_start: date,
) -> Request:
    language = rng.choices(codes, demand)[0]
    dialect = None
    if language in DIALECTS and rng.random() < 0.15:
        dialect = rng.choice(DIALECTS[language])
    duration = rng.choice(DURATIONS)
    day = week_start + timedelta(days=rng.choices(range(5), [22, 22, 20, 20, 16])[0])
    latest = 18 * 60 - duration
    start_minutes = 8 * 60 + 15 * rng.randrange((latest - 8 * 60) // 15 + 1)
    start = datetime.combine(day, time(0), BRUSSELS) + timedelta(minutes=start_minutes)
    urgent = rng.random() < 0.1
    if urgent:
        requested_at = start - timedelta(minutes=rng.randint(120, 24 * 60))
    else:
        requested_at = start - timedelta(minutes=rng.randint(24 * 60, 14 * 24 * 60))
    on_site = rng.random() < 0.7
    preferred_ids: frozenset[int] = frozenset()
    if rng.random() < 0.08:
        speakers = [p.id for p in people if p.speaks(language)]
        if speakers:
            preferred_ids = frozenset(rng.sample(speakers, min(len(speakers), rng.randint(1, 2))))
    return Request(
        id=id,
        language=language,
        start=start,
        duration_minutes=duration,
        requested_at=requested_at,
        modality=ON_SITE if on_site else VIDEO,
        zone=rng.choice(ZONES) if on_site else None,
        dialect=dialect,
        urgent=urgent,
        required_sex=rng.choice(["f", "m"]) if rng.random() < 0.05 else None,
        certified_required=rng.random() < 0.15,
        sworn_required=rng.random() < 0.03,
        preferred_sex=rng.choice(["f", "m"]) if rng.random() < 0.1 else None,
        preferred_interpreter_ids=preferred_ids,
    )
