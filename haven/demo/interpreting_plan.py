"""The interpreting demo's fixed figures (zones, languages, sector names, durations), the
record of one job it plans, and its number and split helpers."""

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from haven.interpreting.models import Interpreter, InterpretingRequest, Organisation, RequestKind, Sector, Site
from haven.interpreting.workdays import BRUSSELS, add_working_days, is_working_day

# Zones: postal areas of Ghent and the towns around it, with a rough position (km) for
# the travel times.
ZONES = [
    ("9000", "Gent centrum", 0, 0),
    ("9030", "Mariakerke", -4, 3),
    ("9031", "Drongen", -7, 1),
    ("9032", "Wondelgem", -2, 5),
    ("9040", "Sint-Amandsberg", 3, 2),
    ("9041", "Oostakker", 5, 5),
    ("9042", "Desteldonk", 6, 10),
    ("9050", "Gentbrugge-Ledeberg", 3, -2),
    ("9051", "Sint-Denijs-Westrem", -4, -4),
    ("9052", "Zwijnaarde", 0, -6),
    ("9820", "Merelbeke", 4, -7),
    ("9800", "Deinze", -16, -6),
    ("9900", "Eeklo", -10, 18),
    ("9300", "Aalst", 25, -10),
    ("9200", "Dendermonde", 24, 4),
]
GHENT_ZONES = [code for code, *_rest in ZONES[:11]]
# The place an address names for each postal code (the post's name of the town or former
# municipality, whole): a zone's name is the planner's, "Gent centrum", "Gentbrugge-Ledeberg".
POSTAL_PLACES = {
    "9000": "Gent",
    "9030": "Mariakerke",
    "9031": "Drongen",
    "9032": "Wondelgem",
    "9040": "Sint-Amandsberg",
    "9041": "Oostakker",
    "9042": "Desteldonk",
    "9050": "Gentbrugge",
    "9051": "Sint-Denijs-Westrem",
    "9052": "Zwijnaarde",
    "9820": "Merelbeke",
    "9800": "Deinze",
    "9900": "Eeklo",
    "9300": "Aalst",
    "9200": "Dendermonde",
}
# The 33 languages, by how often they are asked (interpreters are found in the same measure).
LANGUAGES = [
    ("tur", 14),
    ("ara", 13),
    ("bul", 11),
    ("slk", 8),
    ("rus", 6),
    ("prs", 6),
    ("pus", 5),
    ("fas", 4),
    ("som", 4),
    ("tir", 4),
    ("ron", 3),
    ("pol", 3),
    ("sqi", 3),
    ("ukr", 2),
    ("kmr", 2),
    ("ckb", 2),
    ("urd", 2),
    ("amh", 1.5),
    ("spa", 1.5),
    ("por", 1.2),
    ("fra", 1.2),
    ("eng", 1),
    ("zho", 1),
    ("hin", 0.8),
    ("ben", 0.6),
    ("srp", 0.6),
    ("vie", 0.5),
    ("mkd", 0.4),
    ("lin", 0.4),
    ("hye", 0.3),
    ("kat", 0.3),
    ("tha", 0.3),
    ("ful", 0.2),
]
SECTOR_NAMES: dict[str, list[str]] = {
    Sector.FAMILY_SOCIAL_WELFARE: ["Huis van het Kind", "Gezinsbond", "OCMW-dienst", "Kinderopvang"],
    Sector.HEALTH: ["AZ", "Wijkgezondheidscentrum", "Revalidatiecentrum", "Psychiatrisch Centrum", "CGG"],
    Sector.EDUCATION: ["Basisschool", "Secundaire school", "Atheneum", "CLB", "Instituut"],
    Sector.PUBLIC_SERVICES: ["Dienst Burgerzaken", "Politiezone", "Rechtbank", "Dienst Vreemdelingenzaken"],
    Sector.SOCIAL_HOUSING: ["Sociale Huisvestingsmaatschappij"],
    Sector.EMPLOYMENT: ["Werkwinkel", "Sociale economie", "Uitzendkantoor"],
    Sector.INTEGRATION: ["Agentschap Integratie"],
    Sector.WELFARE_FAMILY: ["CAW", "Dienstencentrum", "Jongerenwelzijn", "Vluchtelingenwerk"],
    Sector.OTHER: ["Vzw", "Sportclub", "Cultuurcentrum"],
}
# Weights of the sectors of the organisations that have an agreement but used nothing in the year.
NON_USER_WEIGHTS = {
    Sector.EDUCATION: 40,
    Sector.HEALTH: 12,
    Sector.WELFARE_FAMILY: 14,
    Sector.FAMILY_SOCIAL_WELFARE: 8,
    Sector.PUBLIC_SERVICES: 10,
    Sector.OTHER: 8,
    Sector.EMPLOYMENT: 4,
    Sector.SOCIAL_HOUSING: 2,
    Sector.INTEGRATION: 2,
}
DURATIONS: dict[str, list[int]] = {
    RequestKind.ON_SITE: [45, 60, 60, 60, 75, 90, 90, 120],
    RequestKind.VIDEO: [30, 45, 60, 60],
    RequestKind.GROUP: [120, 150, 180],
    RequestKind.GROUP_CONVERSATION: [90, 120, 120, 150],
}
INTERPRETERS = 120
TRANSLATORS = 24
OPEN_WEEK_REQUESTS = 160
YEAR = 2019


def enterprise_number(rng: random.Random, used: set[str]) -> str:
    """A 10-digit enterprise number valid in form (0 and seven digits, then 97 minus that
    number modulo 97); python-stdnum checks it when the organisation is cleaned."""
    while True:
        body = f"0{rng.randrange(2_000_000, 9_999_999):07d}"
        number = f"{body}{97 - int(body) % 97:02d}"
        if number not in used:
            used.add(number)
            return number


def split_minutes(rng: random.Random, total: int, choices: list[int]) -> list[int]:
    """Durations (minutes) drawn from ``choices`` that add up to exactly ``total``."""
    durations, left = [], total
    while left > 180:
        duration = rng.choice(choices)
        durations.append(duration)
        left -= duration
    if left >= 30 or not durations:
        durations.append(left)
    else:
        durations[-1] += left
    return durations


def split_pages(rng: random.Random, total: int, low: int, high: int) -> list[int]:
    pages, left = [], total
    while left > high:
        count = rng.randint(low, high)
        pages.append(count)
        left -= count
    if left:
        pages.append(left)
    return pages


@dataclass
class Job:
    """An interpreting job of the year: the request and who did it, when, for how long."""

    request: InterpretingRequest
    interpreter: Interpreter
    starts_at: datetime
    planned: int  # minutes booked
    minutes: int  # minutes worked
    site: Site | None


# The tariff of the Flemish regulation on social interpreting the demo bills with.
TARIFF = {
    "name": "Vlaamse regeling sociaal tolken",
    "valid_from": date(2018, 1, 1),
    "first_hour": Decimal("8.00"),
    "per_quarter": Decimal("2.00"),
    "per_km": Decimal("0.33"),
    "km_cap": 150,
    "late_cancellation": Decimal("8.00"),
    "video_per_hour": Decimal("8.00"),
    "page_informative": Decimal("22.00"),
    "page_official": Decimal("30.00"),
}


def travel_minutes() -> Iterator[tuple[str, str, int]]:
    """Between every two zones (in the order of ``ZONES``): the travel time in minutes,
    from their rough positions, rounded to five."""
    for index, (code, _name, x, y) in enumerate(ZONES):
        for other, _other_name, x2, y2 in ZONES[index + 1 :]:
            distance = math.hypot(x - x2, y - y2)
            yield code, other, 5 * round((10 + 2.2 * distance) / 5)


def working_days(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def request_weights(users: list[Organisation]) -> list[int]:
    """How often each organisation asks for an interpreter: schools and health care three times as often."""
    return [3 if o.sector in (Sector.EDUCATION, Sector.HEALTH) else 1 for o in users]


def open_week(now: datetime) -> tuple[date, list[date]]:
    """The first day of next week still open for booking (two working days ahead at least),
    and the working days of that week from it."""
    monday = now.astimezone(BRUSSELS).date() + timedelta(days=7 - now.astimezone(BRUSSELS).weekday())
    first = max(monday, add_working_days(now.astimezone(BRUSSELS).date(), 2))
    return first, [
        first + timedelta(days=offset)
        for offset in range(7)
        if (first + timedelta(days=offset)).isocalendar()[1] == first.isocalendar()[1]
        and is_working_day(first + timedelta(days=offset))
    ]
