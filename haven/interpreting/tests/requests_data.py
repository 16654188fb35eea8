"""Builders for the portal and dispatch tests: moments in Brussels, a day far enough ahead to
book without urgency, and requests written through the service (the fixtures of these
tests are in ``conftest.py``, the rows in ``factories.py``)."""

from datetime import date, datetime, time

from django.utils import timezone

from haven.interpreting.models import InterpretingRequest, Organisation, RequestKind, Sector
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.factories import language
from haven.interpreting.workdays import BRUSSELS, add_working_days


def bookable_day(now: datetime | None = None) -> date:
    """A working day far enough ahead to book without urgency (in the next week or later)."""
    return add_working_days((now or timezone.now()).astimezone(BRUSSELS).date(), 5)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def make_request(organisation: Organisation, by, starts_at: datetime, **values) -> InterpretingRequest:
    """An on-site Arabic request at the organisation's address, through the service."""
    values = {
        "kind": RequestKind.ON_SITE,
        "language": language(values.pop("code", "ara")),
        "starts_at": starts_at,
        "duration_minutes": 60,
        "site": organisation.sites.first(),
        "subject_sector": Sector.HEALTH,
        **values,
    }
    return requests_service.request_create(organisation=organisation, by=by, values=values)
