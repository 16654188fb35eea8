"""Partner isolation (an acceptance criterion of the interpreting service): partner A walks
every partner-facing page and endpoint with the ids of partner B's records and gets 403 or
404 every time, GET and POST alike, and A's lists never show B's records.

TO EXTEND: add your partner-facing pages to PAGES and your endpoints to ENDPOINTS below, and,
if they take the id of a record this file does not make yet, make B's record in the
``b_records`` fixture under a new key. Lists a partner sees go to LISTS / LIST_ENDPOINTS.
"""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in_client
from haven.interpreting import planning
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    InterpretingRequest,
    Invoice,
    RequestStatus,
    Timesheet,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.services import invoices, translations
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.requests_data import at, bookable_day, make_request
from haven.interpreting.workdays import BRUSSELS

from . import billing_data, translations_data

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
    # Performance sheets (billing): the sheet form of B's booked job and of its past one, B's
    # submitted sheet and each step on it (approve is the dispatcher's, for completeness).
    ("interpreting:sheet_form", {"assignment_id": "booked_assignment"}),
    ("interpreting:sheet_form", {"assignment_id": "past_assignment"}),
    ("interpreting:sheet", {"sheet_id": "sheet"}),
    ("interpreting:sheet", {"sheet_id": "approved_sheet"}),
    ("interpreting:sheet_confirm", {"sheet_id": "sheet"}),
    ("interpreting:sheet_reject", {"sheet_id": "sheet"}),
    ("interpreting:sheet_approve", {"sheet_id": "sheet"}),
    # Invoices.
    ("interpreting:invoice", {"invoice_id": "invoice"}),
    ("interpreting:invoice_pdf", {"invoice_id": "invoice"}),
    # Translations: B's requested and delivered orders (assign and deliver are the dispatcher's and
    # the translator's, for completeness).
    ("interpreting:translation", {"order_id": "translation"}),
    ("interpreting:translation", {"order_id": "delivered_translation"}),
    ("interpreting:translation_file", {"order_id": "delivered_translation"}),
    ("interpreting:translation_cancel", {"order_id": "translation"}),
    ("interpreting:translation_assign", {"order_id": "translation"}),
    ("interpreting:translation_deliver", {"order_id": "translation"}),
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
    (
        "post",
        "/api/interpreting/assignments/{past_assignment}/timesheet",
        {"actual_start": "{past_start}", "actual_end": "{past_end}", "waiting_minutes": 0, "travel_km": "0"},
    ),
    ("get", "/api/interpreting/timesheets/{sheet}", None),
    ("get", "/api/interpreting/timesheets/{approved_sheet}", None),
    ("post", "/api/interpreting/timesheets/{sheet}/confirm", None),
    ("post", "/api/interpreting/timesheets/{sheet}/approve", None),
    ("post", "/api/interpreting/timesheets/{sheet}/reject", {"remark": "Not so long."}),
    ("get", "/api/interpreting/invoices/{invoice}", None),
    ("get", "/api/interpreting/invoices/{invoice}/pdf", None),
    ("get", "/api/interpreting/translations/{translation}", None),
    ("get", "/api/interpreting/translations/{delivered_translation}", None),
    ("get", "/api/interpreting/translations/{delivered_translation}/file", None),
    ("post", "/api/interpreting/translations/{translation}/cancel", None),
    ("post", "/api/interpreting/translations/{translation}/assign", {"translator_id": "{translator}"}),
    ("multipart", "/api/interpreting/translations/{translation}/deliver", None),
]

# Lists partner A sees: (URL name, query parameters). B's records must never show.
LISTS = [
    ("interpreting:portal", {}),
    ("interpreting:portal", {"status": "confirmed"}),
    ("interpreting:portal", {"status": "cancelled"}),
    ("interpreting:sheets", {}),
    ("interpreting:sheets", {"status": ""}),
    ("interpreting:invoices", {}),
    ("interpreting:translations", {}),
]
# JSON lists partner A reads: (path, the keys of B's records of that kind; none may show).
LIST_ENDPOINTS = [
    ("/api/interpreting/requests", ("request", "booked_request", "cancelled_request", "past_request")),
    ("/api/interpreting/assignments", ("booked_assignment", "proposed_assignment", "past_assignment")),
    ("/api/interpreting/timesheets", ("sheet", "approved_sheet")),
    ("/api/interpreting/invoices", ("invoice",)),
    ("/api/interpreting/translations", ("translation", "delivered_translation")),
]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _last_month_at(hour: int) -> datetime:
    """The 10th of last month at ``hour`` in Brussels: a past job to put on last month's invoice."""
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=10)
    return datetime.combine(last_month, time(hour), tzinfo=BRUSSELS)


@pytest.fixture
def b_records(partner_a, organisation_a, partner_b, organisation_b, samira, dispatcher_user) -> dict:
    """Partner B's records (and some of A's, so A's pages are not simply empty): an open
    request with a proposal from a dispatch run, a booked one, a cancelled one; a past job with
    a submitted sheet, another whose approved sheet is on last month's invoice; a requested and
    a delivered translation."""
    day = bookable_day()
    make_request(organisation_a, partner_a, at(day, 8))
    request = make_request(organisation_b, partner_b, at(day, 10), notes="B-ONLY-NOTE")
    monday = day - timedelta(days=day.weekday())
    run = planning.dispatch_run(
        period_start=monday, period_end=monday + timedelta(days=6), by=dispatcher_user, method="greedy"
    )
    booked_request = make_request(organisation_b, partner_b, at(day, 14))
    booked_assignment = requests_service.booking_create(request=booked_request, interpreter=samira, by=dispatcher_user)
    cancelled_request = make_request(organisation_b, partner_b, at(day, 16))
    requests_service.request_cancel(request=cancelled_request, by=partner_b)
    proposed_assignment = Assignment.objects.get(request=request, status=AssignmentStatus.PROPOSED)

    # Billing: B's past job with a submitted sheet; another approved and invoiced.
    billing_data.tariff()
    past_assignment = billing_data.booked(organisation_b, partner_b, samira, dispatcher_user, _last_month_at(10))
    sheet = billing_data.submitted(past_assignment, remark="B-ONLY-REMARK")
    invoiced = billing_data.booked(organisation_b, partner_b, samira, dispatcher_user, _last_month_at(14))
    approved_sheet = billing_data.approved(invoiced, partner_b, dispatcher_user)
    invoice = invoices.invoice_create(organisation=organisation_b, month=_last_month_at(10).date(), by=dispatcher_user)
    a_sheet = billing_data.submitted(
        billing_data.booked(organisation_a, partner_a, samira, dispatcher_user, _last_month_at(16))
    )

    # Translations: B's requested order and a delivered one; one of A's.
    translator = translations_data.translator("tina", languages=("nld", "ara"))
    translation = translations_data.order(organisation_b, partner_b, title="B-ONLY-TITLE")
    delivered_translation = translations_data.order(
        organisation_b, partner_b, title="B-ONLY-TITLE", translator_=translator
    )
    translations.translation_deliver(order=delivered_translation, by=translator.user, file=translations_data.upload())
    translations_data.order(organisation_a, partner_a, title="A's own order")
    return {
        "request": request.pk,
        "booked_request": booked_request.pk,
        "cancelled_request": cancelled_request.pk,
        "proposed_assignment": proposed_assignment.pk,
        "booked_assignment": booked_assignment.pk,
        "run": run.pk,
        "interpreter": samira.pk,
        "past_request": past_assignment.request_id,
        "past_assignment": past_assignment.pk,
        "past_start": (past_assignment.starts_at.astimezone(BRUSSELS).replace(tzinfo=None)).isoformat(),
        "past_end": (past_assignment.ends_at.astimezone(BRUSSELS).replace(tzinfo=None)).isoformat(),
        "sheet": sheet.pk,
        "approved_sheet": approved_sheet.pk,
        "invoice": invoice.pk,
        "a_sheet": a_sheet.pk,
        "translation": translation.pk,
        "delivered_translation": delivered_translation.pk,
        "translator": translator.pk,
    }


def _b_markers(organisation_b) -> list[str]:
    return [organisation_b.name, organisation_b.sites.first().name, "B-ONLY-NOTE", "B-ONLY-REMARK", "B-ONLY-TITLE"]


def _fill(value, records):
    if isinstance(value, str):
        return value.format(**records)
    if isinstance(value, dict):
        return {
            key: _fill_item(_fill(item, records)) if isinstance(item, str) and item.startswith("{") else item
            for key, item in value.items()
        }
    return value


def _fill_item(value: str):
    return int(value) if value.isdigit() else value


def _unchanged(records) -> tuple:
    return (
        tuple(
            InterpretingRequest.objects.filter(pk__in=[records["request"], records["booked_request"]])
            .order_by("pk")
            .values_list("status", flat=True)
        ),
        tuple(Assignment.objects.order_by("pk").values_list("status", "interpreter_id")),
        tuple(Timesheet.objects.order_by("pk").values_list("status", "actual_start", "actual_end", "remark")),
        tuple(Invoice.objects.order_by("pk").values_list("pk", "total")),
        tuple(TranslationOrder.objects.order_by("pk").values_list("status", "translator_id", "delivered_file")),
    )


def _page_cases():
    for name, arguments in PAGES:
        for method in ("get", "post"):
            yield pytest.param(method, name, arguments, id=f"{method} {name}:{next(iter(arguments.values()))}")


@pytest.mark.parametrize(("method", "name", "arguments"), list(_page_cases()))
def test_partner_a_gets_403_or_404_on_every_page_of_b(method, name, arguments, partner_a, b_records):
    url = reverse(name, kwargs={key: b_records[record] for key, record in arguments.items()})
    client = logged_in_client(partner_a)
    before = _unchanged(b_records)
    response = client.get(url) if method == "get" else client.post(url, {})
    assert response.status_code in (403, 404), (url, response.status_code)
    assert _unchanged(b_records) == before


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _b in ENDPOINTS])
def test_partner_a_gets_403_or_404_on_every_endpoint_of_b(method, path, body, partner_a, b_records):
    client = logged_in_client(partner_a)
    before = _unchanged(b_records)
    url = _fill(path, b_records)
    if method == "get":
        response = client.get(url)
    elif method == "multipart":  # an upload
        response = client.post(url, {"file": translations_data.upload(), "pages": "2"})
    else:
        response = client.post(url, _fill(body or {}, b_records), content_type="application/json")
    assert response.status_code in (403, 404), (url, response.status_code, response.content[:200])
    assert _unchanged(b_records) == before


def test_every_b_record_is_really_there_for_b(partner_b, b_records):
    """The walk means something: partner B reaches the same records."""
    client = logged_in_client(partner_b)
    for key in ("request", "booked_request", "cancelled_request"):
        assert client.get(reverse("interpreting:request", args=[b_records[key]])).status_code == 200
    assert client.get(f"/api/interpreting/requests/{b_records['request']}").status_code == 200
    for name, arguments in [
        ("interpreting:sheet", {"sheet_id": "sheet"}),
        ("interpreting:sheet", {"sheet_id": "approved_sheet"}),
        ("interpreting:invoice", {"invoice_id": "invoice"}),
        ("interpreting:invoice_pdf", {"invoice_id": "invoice"}),
        ("interpreting:translation", {"order_id": "translation"}),
        ("interpreting:translation", {"order_id": "delivered_translation"}),
        ("interpreting:translation_file", {"order_id": "delivered_translation"}),
    ]:
        url = reverse(name, kwargs={key: b_records[record] for key, record in arguments.items()})
        assert client.get(url).status_code == 200, url
    for path in (
        "/api/interpreting/timesheets/{sheet}",
        "/api/interpreting/invoices/{invoice}",
        "/api/interpreting/invoices/{invoice}/pdf",
        "/api/interpreting/translations/{translation}",
        "/api/interpreting/translations/{delivered_translation}/file",
    ):
        assert client.get(_fill(path, b_records)).status_code == 200, path
    assert TranslationOrder.objects.get(pk=b_records["delivered_translation"]).status == TranslationStatus.DELIVERED
    for path, keys in LIST_ENDPOINTS:  # B's lists do show B's records (a proposal only once confirmed)
        ids = {item.get("id") for item in client.get(path).json().get("items", [])}
        assert {b_records[key] for key in keys if key != "proposed_assignment"} <= ids, path


@pytest.mark.parametrize(("name", "params"), LISTS)
def test_partner_a_lists_never_show_b(name, params, partner_a, organisation_b, b_records):
    response = logged_in_client(partner_a).get(reverse(name), params)
    assert response.status_code == 200
    content = response.content.decode()
    for marker in _b_markers(organisation_b):
        assert marker not in content
    page = response.context.get("page")
    if page is not None:
        shown = {row.pk for row in page.object_list if isinstance(row, InterpretingRequest)}
        assert not shown & {b_records["request"], b_records["booked_request"], b_records["cancelled_request"]}


@pytest.mark.parametrize(("path", "keys"), LIST_ENDPOINTS, ids=[path for path, _keys in LIST_ENDPOINTS])
def test_partner_a_list_endpoints_never_show_b(path, keys, partner_a, organisation_b, b_records):
    response = logged_in_client(partner_a).get(path)
    assert response.status_code == 200
    content = response.content.decode()
    for marker in _b_markers(organisation_b):
        assert marker not in content
    ids = {item.get("id") for item in response.json().get("items", [])}
    assert not ids & {b_records[key] for key in keys}


def test_a_partner_of_both_sees_each_organisations_own(partner_a, partner_b, b_records):
    """The walk's counterpart: each partner's portal shows exactly their requests."""
    a_ids = set(InterpretingRequest.objects.filter(requested_by=partner_a).values_list("pk", flat=True))
    b_ids = set(InterpretingRequest.objects.filter(requested_by=partner_b).values_list("pk", flat=True))
    assert {
        job.pk for job in logged_in_client(partner_a).get(reverse("interpreting:portal")).context["page"].object_list
    } == a_ids
    assert {
        job.pk for job in logged_in_client(partner_b).get(reverse("interpreting:portal")).context["page"].object_list
    } == b_ids
    assert InterpretingRequest.objects.get(pk=b_records["booked_request"]).status == RequestStatus.CONFIRMED
