"""The override scenario of issue 13 (item 1), with fixed personas, for the page tests and the
browser test: a Tuesday 08:15 Arabic job at AZ Sint-Lucas (zone Gent centrum), dispatched
with the greedy engine, and the interpreters around it, each kept out by one hard rule:

* Samira Haddad (the fixture persona: Arabic, every day 07:00–21:00): proposed by dispatch;
* Eva Janssens: Arabic, every day, lives in Lede (40 minutes away), 2 hours booked on the
  Monday: the other interpreter who may take the job;
* Marianne Daniels: Arabic, works Tuesdays 12:00–18:00 only (availability);
* Yusuf Kaya: Turkish only (language);
* Nadia Bakkali: Arabic, every day, absent the whole Tuesday (absence);
* Karim Amrani: Arabic, every day, booked 08:00–09:00 at OCMW Gent (overlap);
* Lina Haddou: Arabic, every day, booked 07:00–07:45 in Lede, 40 minutes away (travel).
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from haven.interpreting import planning
from haven.interpreting.models import (
    Absence,
    Assignment,
    AssignmentStatus,
    Availability,
    DispatchRun,
    Interpreter,
    InterpretingRequest,
    Organisation,
    TravelTime,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.factories import (
    InterpreterFactory,
    OrganisationFactory,
    PartnerContactFactory,
    ZoneFactory,
)
from haven.interpreting.tests.requests_data import at, bookable_day, make_request


def next_tuesday(day: date | None = None) -> date:
    """The first Tuesday on or after a day far enough ahead to book without urgency."""
    day = day or bookable_day()
    return day + timedelta(days=(1 - day.weekday()) % 7)


@dataclass
class Scenario:
    tuesday: date
    job: InterpretingRequest
    run: DispatchRun
    proposal: Assignment
    people: dict[str, Interpreter]
    lede: Organisation


def interpreter(username: str, given: str, family: str, *, languages=("ara",), every_day=True, **fields):
    return InterpreterFactory(
        username=username,
        given_names=given,
        family_name=family,
        languages=list(languages),
        available=every_day,
        max_hours_per_week=20,
        **fields,
    )


def override_scenario(*, organisation_a, partner_a, organisation_b, partner_b, samira, dispatcher) -> Scenario:
    """The scenario, dispatched: `proposal` is Samira's, the only other who may take the job
    is Eva."""
    tuesday = next_tuesday()
    monday = tuesday - timedelta(days=1)
    gent = ZoneFactory()
    lede_zone = ZoneFactory(code="LEDE", name="Lede")
    TravelTime.objects.create(origin=gent, destination=lede_zone, minutes=40)
    lede = OrganisationFactory(name="Huisartsenpraktijk Lede", site__zone=lede_zone, site__name="praktijk")
    lede_partner = PartnerContactFactory(organisation=lede, user__username="lieve").user
    people = {
        "samira": samira,
        "eva": interpreter("eva", "Eva", "Janssens", home_zone=lede_zone),
        "marianne": interpreter("marianne", "Marianne", "Daniels", every_day=False),
        "yusuf": interpreter("yusuf", "Yusuf", "Kaya", languages=("tur",)),
        "nadia": interpreter("nadia", "Nadia", "Bakkali"),
        "karim": interpreter("karim", "Karim", "Amrani"),
        "lina": interpreter("lina", "Lina", "Haddou"),
    }
    samira.max_hours_per_week = 20
    samira.save(update_fields=["max_hours_per_week"])
    Availability.objects.create(interpreter=people["marianne"], weekday=1, starts_at=time(12), ends_at=time(18))
    Absence.objects.create(
        interpreter=people["nadia"], starts_at=at(tuesday, 0), ends_at=at(tuesday + timedelta(days=1), 0)
    )
    _book(make_request(organisation_b, partner_b, at(tuesday, 8)), people["karim"], dispatcher)
    _book(make_request(lede, lede_partner, at(tuesday, 7), duration_minutes=45), people["lina"], dispatcher)
    for hour in (9, 11):  # with time to travel between the two sites
        _book(make_request(organisation_b, partner_b, at(monday, hour)), people["eva"], dispatcher)
    job = make_request(organisation_a, partner_a, at(tuesday, 8, 15))
    run = planning.dispatch_run(
        period_start=monday, period_end=monday + timedelta(days=6), by=dispatcher, method="greedy"
    )
    proposal = Assignment.objects.get(request=job, status=AssignmentStatus.PROPOSED)
    return Scenario(tuesday=tuesday, job=job, run=run, proposal=proposal, people=people, lede=lede)


def _book(job: InterpretingRequest, interpreter: Interpreter, dispatcher) -> Assignment:
    return requests_service.booking_create(request=job, interpreter=interpreter, by=dispatcher)
