"""Partner isolation (an acceptance criterion of the interpreting service): partner A walks
every partner-facing page and endpoint with the ids of partner B's records and gets 403 or
404 every time, GET and POST alike, and A's lists never show B's records.

TO EXTEND: add your partner-facing pages to PAGES and your endpoints to ENDPOINTS below, and,
if they take the id of a record this file does not make yet, make B's record in the
``b_records`` fixture under a new key. Lists a partner sees go to LISTS / LIST_ENDPOINTS.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from haven.interpreting import planning, services
from haven.interpreting.models import Assignment, AssignmentStatus, InterpretingRequest, RequestStatus

from .pages_setup import (  # noqa: F401 (fixtures)
    at, bookable_day, client_for, dispatcher_user, make_request, organisation_a, organisation_b, partner_a,
    partner_b, samira,
)

# Pages: (URL name, {URL argument: key of B's record in b_records}). Each is fetched with GET
# and with POST (an empty form) by partner A; both must answer 403 or 404.
PAGES = [
    ("interpreting:request", {"request_id": "request"}),
    ("interpreting:request", {"request_id": "booked_request"}),
    ("interpreting:request", {"request_id": "cancelled_request"}),
    ("interpreting:request_cancel", {"request_id": "request"}),
    ("interpreting:request_cancel", {"request_id": "booked_request"}),
    ("interpreting:request_book", {"request_id": "request"}),
    ("interpreting:assignment_change", {"assignment_id": "proposed_assignment"}),
    ("interpreting:assignment_change", {"assignment_id": "booked_assignment"}),
    ("interpreting:run", {"run_id": "run"}),
    ("interpreting:run_confirm", {"run_id": "run"}),
    # Performance sheets (billing): the sheet form of B's booked job.
    ("interpreting:sheet_form", {"assignment_id": "booked_assignment"}),
]

# JSON endpoints under /api/: (method, path with {key} placeholders, JSON body or None).
ENDPOINTS = [
    ("get", "/api/interpreting/requests/{request}", None),
    ("get", "/api/interpreting/requests/{booked_request}", None),
    ("post", "/api/interpreting/requests/{request}/cancel", None),
    ("post", "/api/interpreting/requests/{booked_request}/cancel", None),
    ("post", "/api/interpreting/requests/{request}/booking", {"interpreter_id": "{interpreter}"}),
    ("get", "/api/interpreting/assignments/{booked_assignment}", None),
    ("get", "/api/interpreting/assignments/{proposed_assignment}", None),
    ("post", "/api/interpreting/assignments/{proposed_assignment}/confirm", None),
]

# Lists partner A sees: (URL name, query parameters). B's records must never show.
LISTS = [
    ("interpreting:portal", {}),
    ("interpreting:portal", {"status": "confirmed"}),
    ("interpreting:portal", {"status": "cancelled"}),
]
LIST_ENDPOINTS = [
    "/api/interpreting/requests",
    "/api/interpreting/assignments",
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def b_records(partner_a, organisation_a, partner_b, organisation_b, samira, dispatcher_user) -> dict:
    """Partner B's records (and one of A's, so A's pages are not simply empty): an open
    request with a proposal from a dispatch run, a booked one, a cancelled one."""
    day = bookable_day()
    make_request(organisation_a, partner_a, at(day, 8))
    request = make_request(organisation_b, partner_b, at(day, 10), notes="B-ONLY-NOTE")
    monday = day - timedelta(days=day.weekday())
    run = planning.dispatch_run(period_start=monday, period_end=monday + timedelta(days=6), by=dispatcher_user,
                                method="greedy")
    booked_request = make_request(organisation_b, partner_b, at(day, 14))
    booked_assignment = services.booking_create(request=booked_request, interpreter=samira, by=dispatcher_user)
    cancelled_request = make_request(organisation_b, partner_b, at(day, 16))
    services.request_cancel(request=cancelled_request, by=partner_b)
    proposed_assignment = Assignment.objects.get(request=request, status=AssignmentStatus.PROPOSED)
    return {"request": request.pk, "booked_request": booked_request.pk, "cancelled_request": cancelled_request.pk,
            "proposed_assignment": proposed_assignment.pk, "booked_assignment": booked_assignment.pk,
            "run": run.pk, "interpreter": samira.pk}


def _b_markers(organisation_b) -> list[str]:
    return [organisation_b.name, organisation_b.sites.first().name, "B-ONLY-NOTE"]


def _fill(value, records):
    if isinstance(value, str):
        return value.format(**records)
    if isinstance(value, dict):
        return {key: int(_fill(item, records)) if isinstance(item, str) and item.startswith("{") else item
                for key, item in value.items()}
    return value


def _unchanged(records) -> tuple:
    return (tuple(InterpretingRequest.objects.filter(pk__in=[records["request"], records["booked_request"]])
                  .order_by("pk").values_list("status", flat=True)),
            tuple(Assignment.objects.order_by("pk").values_list("status", "interpreter_id")))


@pytest.mark.parametrize("name, arguments", PAGES, ids=[f"{name}:{list(args.values())[0]}" for name, args in PAGES])
def test_partner_a_gets_403_or_404_on_every_page_of_b(name, arguments, partner_a, b_records):
    url = reverse(name, kwargs={key: b_records[record] for key, record in arguments.items()})
    client = client_for(partner_a)
    before = _unchanged(b_records)
    assert client.get(url).status_code in (403, 404), url
    assert client.post(url, {}).status_code in (403, 404), url
    assert _unchanged(b_records) == before


@pytest.mark.parametrize("method, path, body", ENDPOINTS, ids=[f"{m} {p}" for m, p, _b in ENDPOINTS])
def test_partner_a_gets_403_or_404_on_every_endpoint_of_b(method, path, body, partner_a, b_records):
    client = client_for(partner_a)
    before = _unchanged(b_records)
    url = _fill(path, b_records)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, _fill(body or {}, b_records), content_type="application/json")
    assert response.status_code in (403, 404), (url, response.status_code, response.content[:200])
    assert _unchanged(b_records) == before


def test_every_b_record_is_really_there_for_b(partner_b, b_records):
    """The walk means something: partner B reaches the same records."""
    client = client_for(partner_b)
    for key in ("request", "booked_request", "cancelled_request"):
        assert client.get(reverse("interpreting:request", args=[b_records[key]])).status_code == 200
    assert client.get(f"/api/interpreting/requests/{b_records['request']}").status_code == 200


@pytest.mark.parametrize("name, params", LISTS)
def test_partner_a_lists_never_show_b(name, params, partner_a, organisation_b, b_records):
    response = client_for(partner_a).get(reverse(name), params)
    assert response.status_code == 200
    content = response.content.decode()
    for marker in _b_markers(organisation_b):
        assert marker not in content
    page = response.context.get("page")
    if page is not None:
        shown = {getattr(row, "pk", None) for row in page.object_list}
        assert not shown & {b_records["request"], b_records["booked_request"], b_records["cancelled_request"]}


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_partner_a_list_endpoints_never_show_b(path, partner_a, organisation_b, b_records):
    response = client_for(partner_a).get(path)
    assert response.status_code == 200
    content = response.content.decode()
    for marker in _b_markers(organisation_b):
        assert marker not in content
    ids = {item.get("id") for item in response.json().get("items", [])}
    assert not ids & {b_records["request"], b_records["booked_request"], b_records["cancelled_request"],
                      b_records["booked_assignment"], b_records["proposed_assignment"]}


def test_a_partner_of_both_sees_each_organisations_own(partner_a, partner_b, b_records):
    """The walk's counterpart: each partner's portal shows exactly their requests."""
    a_ids = set(InterpretingRequest.objects.filter(requested_by=partner_a).values_list("pk", flat=True))
    b_ids = set(InterpretingRequest.objects.filter(requested_by=partner_b).values_list("pk", flat=True))
    assert {job.pk for job in client_for(partner_a).get(reverse("interpreting:portal")).context["page"].object_list
            } == a_ids
    assert {job.pk for job in client_for(partner_b).get(reverse("interpreting:portal")).context["page"].object_list
            } == b_ids
    assert InterpretingRequest.objects.get(pk=b_records["booked_request"]).status == RequestStatus.CONFIRMED
