"""Dispatch kept in the database: `planning.dispatch_run` runs the queries its docstring promises,
however many requests and interpreters there are."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.interpreting import planning
from haven.interpreting.models import InterpretingRequest, RequestStatus
from haven.interpreting.tests.factories import InterpreterFactory, InterpretingRequestFactory, language
from haven.interpreting.workdays import BRUSSELS

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 3, 20, 9, 0, tzinfo=BRUSSELS)  # a Wednesday
MONDAY, FRIDAY = date(2024, 3, 25), date(2024, 3, 29)


def _request(organisation, by, code: str, day: int) -> InterpretingRequest:
    starts_at = datetime.combine(MONDAY + timedelta(days=day), time(10), tzinfo=BRUSSELS)
    return InterpretingRequestFactory(
        organisation=organisation, requested_by=by, language=language(code), starts_at=starts_at
    )


def _dispatch_queries(dispatcher) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        planning.dispatch_run(period_start=MONDAY, period_end=FRIDAY, by=dispatcher, method="greedy", now=NOW)
    # The test's transaction turns `atomic` into a savepoint: not a query of the service's.
    return [query["sql"] for query in context.captured_queries if "SAVEPOINT" not in query["sql"]]


def test_dispatch_runs_the_same_queries_for_a_few_requests_and_for_many(organisation_a, partner_a, dispatcher_user):
    InterpreterFactory(languages=["tur"], available=True)
    InterpreterFactory(languages=["ara"], modalities=["video"], available=True)
    _request(organisation_a, partner_a, "tur", day=0)  # filled
    _request(organisation_a, partner_a, "ful", day=0)  # nobody speaks Fula
    _request(organisation_a, partner_a, "ara", day=0)  # nobody on site; by video, the second interpreter
    few = _dispatch_queries(dispatcher_user)
    # Seven to load, five to save, one for the request that could be done by video and one
    # for the other reason: what the docstring promises.
    assert len(few) == 7 + 5 + 1 + 1
    assert InterpretingRequest.objects.filter(status=RequestStatus.PROPOSED).count() == 1
    assert set(InterpretingRequest.objects.values_list("unmet_reason", flat=True)) == {
        "",
        "no_language",
        "suggest_video",
    }

    for _ in range(4):
        InterpreterFactory(languages=["tur"], modalities=["on_site"], available=True)
    for day in range(1, 5):
        _request(organisation_a, partner_a, "tur", day=day)
        _request(organisation_a, partner_a, "ful", day=day)
    many = _dispatch_queries(dispatcher_user)
    assert len(many) == len(few)
    assert InterpretingRequest.objects.filter(status=RequestStatus.PROPOSED).count() == 5
