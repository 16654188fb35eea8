"""Interpreter dispatch for social interpreting: who takes which request of a period.

Pure engines over dataclasses (no Django): `dispatch` (CP-SAT) and `dispatch_greedy` (baseline);
`generate_week` makes a seeded synthetic week for the benchmark and the tests;
`assignment_breaches` is the one check of the hard rules, for a plan and for a choice by hand.
"""

from .agenda import Agenda, Clash
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
from .validation import RULES, Breach, assignment_breaches, dispatch_problems

__all__ = [
    "ON_SITE",
    "RULES",
    "VIDEO",
    "Agenda",
    "Assignment",
    "AvailabilityWindow",
    "Booking",
    "Breach",
    "Clash",
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
    "assignment_breaches",
    "dispatch",
    "dispatch_greedy",
    "dispatch_problems",
    "generate_week",
]
