"""Interpreter dispatch for social interpreting: who takes which request of a period.

Pure engines over dataclasses (no Django): `dispatch` (CP-SAT) and `dispatch_greedy` (baseline);
`generate_week` makes a seeded synthetic week for the benchmark and the tests.
"""

from .agenda import Agenda
from .data import (
    ON_SITE,
    VIDEO,
    Assignment,
    AvailabilityWindow,
    Booking,
    Dispatch,
    Interpreter,
    LanguageSkill,
    PhaseStats,
    Request,
    TravelTimes,
    Unavailability,
    Unfilled,
    Why,
)
from .engine import dispatch
from .generate import Week, generate_week
from .greedy import dispatch_greedy
from .validation import dispatch_problems

__all__ = [
    "ON_SITE",
    "VIDEO",
    "Agenda",
    "Assignment",
    "AvailabilityWindow",
    "Booking",
    "Dispatch",
    "Interpreter",
    "LanguageSkill",
    "PhaseStats",
    "Request",
    "TravelTimes",
    "Unavailability",
    "Unfilled",
    "Week",
    "Why",
    "dispatch",
    "dispatch_greedy",
    "dispatch_problems",
    "generate_week",
]
