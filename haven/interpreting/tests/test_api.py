"""The interpreting API: every endpoint works for the role it is for; roles without the line
(manager, counsellor, outsider) get 403 from every endpoint; partner A asking for any of
partner B's records gets 404 (the isolation walk of the acceptance criteria, for the API:
the page walk is in test_isolation.py); refusals are 422 with the message, a double booking
409; lists cost the same queries for 1 or 10 rows."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import logged_in_client
from haven.accounts.services import api_token_create
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    Availability,
    InterpretingRequest,
    LibraryDocument,
    RequestStatus,
    Timesheet,
    TimesheetStatus,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.services import library as library_service
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests import translations_data as data
from haven.interpreting.tests.records_data import (
    invoice_with_a_line,
    organisation_records,
    past_booking,
    submitted_sheet,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"
API = "/api/interpreting"
MISSING = 999_999


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# The world: organisations A and B, each with a record of every kind -------------------------


@pytest.fixture
def world(partner_user, dispatcher):
    org_a, org_b = data.organisation(1, "Basisschool A"), data.organisation(2, "Ziekenhuis B")
    partner_a = data.contact(partner_user, org_a)
    partner_b = data.partner("bea", org_b)
    samira = data.translator("samira", ["ara"])
    youssef = data.translator("youssef", ["ara", "fra"], sworn=True, family_name="Benali")
    library = library_service.library_add(
        title="Schoolreglement", topic="Onderwijs", language=_nld(), file=data.upload(), by=dispatcher
    )
    return {
        "org_a": org_a,
        "org_b": org_b,
        "partner_a": partner_a,
        "partner_b": partner_b,
        "samira": samira,
        "youssef": youssef,
        "dispatcher": dispatcher,
        "a": {
            **organisation_records(org_a, partner_a, dispatcher, samira, samira, offset=0),
            "document": library.pk,
            "site": org_a.sites.get().pk,
            "organisation": org_a.pk,
            "interpreter": youssef.pk,
        },
        "b": {
            **organisation_records(org_b, partner_b, dispatcher, youssef, samira, offset=1),
            "document": library.pk,
            "site": org_b.sites.get().pk,
            "organisation": org_b.pk,
            "interpreter": youssef.pk,
        },
    }


def _nld():
    from haven.core.models import Language

    return Language.objects.get(pk="nld")


# Calls ---------------------------------------------------------------------------------------


def _call(client, method, url, body=None, multipart=False, **headers):
    if method == "get":
        return client.get(url, **headers)
    if multipart:
        return client.post(url, body or {}, **headers)
    return client.post(url, body or {}, content_type=JSON, **headers)


def _request_body(ids, **changes):
    body = {
        "kind": "on_site",
        "language": "ara",
        "starts_at": data.future(20).isoformat(),
        "duration_minutes": 60,
        "site_id": ids["site"],
        "subject_sector": "education",
    }
    body.update(changes)
    return body


def _translation_body(**changes):
    body = {
        "title": "Brief aan de ouders",
        "kind": "informative",
        "source_language": "nld",
        "target_language": "ara",
        "pages": 2,
        "deadline": data.in_days(10).isoformat(),
    }
    body.update(changes)
    return body


# (method, url, body, multipart); bodies are functions of the ids (uploads are made afresh).
ENDPOINTS = [
    ("get", "/requests", None, False),
    ("post", "/requests", lambda ids: _request_body(ids), False),
    ("get", "/requests/{request}", None, False),
    ("post", "/requests/{request}/cancel", None, False),
    ("post", "/requests/{request}/booking", lambda ids: {"interpreter_id": ids["interpreter"]}, False),
    ("get", "/assignments", None, False),
    ("get", "/assignments/{assignment}", None, False),
    ("post", "/assignments/{proposed}/confirm", None, False),
    (
        "post",
        "/assignments/{past_assignment}/timesheet",
        lambda ids: {"actual_start": timezone.now().isoformat(), "actual_end": timezone.now().isoformat()},
        False,
    ),
    ("get", "/timesheets", None, False),
    ("get", "/timesheets/{timesheet}", None, False),
    ("post", "/timesheets/{timesheet}/confirm", None, False),
    ("post", "/timesheets/{timesheet}/approve", None, False),
    ("post", "/timesheets/{timesheet}/reject", lambda ids: {"remark": "Wrong end time."}, False),
    ("get", "/translations", None, False),
    ("post", "/translations", lambda ids: _translation_body(), False),
    ("get", "/translations/{translation}", None, False),
    ("post", "/translations/{translation}/assign", lambda ids: {"translator_id": ids["interpreter"]}, False),
    ("post", "/translations/{translation}/deliver", lambda ids: {"file": data.upload()}, True),
    ("post", "/translations/{translation}/cancel", None, False),
    ("get", "/translations/{delivered}/file", None, False),
    ("get", "/library", None, False),
    ("post", "/library", lambda ids: {"title": "x", "topic": "y", "language": "ara", "file": data.upload()}, True),
    ("get", "/library/{document}/file", None, False),
    ("get", "/invoices", None, False),
    ("get", "/invoices/{invoice}", None, False),
    ("get", "/invoices/{invoice}/pdf", None, False),
]
WITH_A_RECORD_ID = [endpoint for endpoint in ENDPOINTS if "{" in endpoint[1] and "{document}" not in endpoint[1]]


def _name(endpoint) -> str:
    return f"{endpoint[0]} {endpoint[1]}"


def _hit(client, ids, endpoint, **headers):
    method, url, body, multipart = endpoint
    return _call(client, method, API + url.format(**ids), body(ids) if body else None, multipart, **headers)


def _state():
    """Everything a write could change."""
    return (
        sorted(InterpretingRequest.objects.values_list("id", "status")),
        sorted(Assignment.objects.values_list("id", "status")),
        sorted(Timesheet.objects.values_list("id", "status")),
        sorted(TranslationOrder.objects.values_list("id", "status", "translator_id")),
        LibraryDocument.objects.count(),
    )


# Who may do what ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "counsellor", "outsider"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_name)
def test_roles_without_the_line_get_403_from_every_endpoint(request, world, persona, endpoint):
    client = logged_in_client(request.getfixturevalue(persona))
    before = _state()
    response = _hit(client, world["a"], endpoint)
    assert response.status_code == 403, response.content
    assert _state() == before


@pytest.mark.parametrize("endpoint", WITH_A_RECORD_ID, ids=_name)
def test_partner_a_gets_404_for_every_record_of_partner_b(world, endpoint):
    """The acceptance walk for the API: every endpoint with an id, as partner A with B's ids."""
    client = logged_in_client(world["partner_a"])
    before = _state()
    response = _hit(client, world["b"], endpoint)
    assert response.status_code in (403, 404), response.content
    assert response.status_code == 404, "another organisation's record is not found, not forbidden"
    assert _state() == before


def test_partner_a_lists_only_their_organisations_records(world):
    client = logged_in_client(world["partner_a"])
    org_a = world["org_a"].pk
    for path in ("/requests", "/assignments", "/timesheets", "/translations", "/invoices"):
        items = _call(client, "get", API + path).json()["items"]
        assert items and {item["organisation_id"] for item in items} == {org_a}, path


def test_partner_a_cannot_book_for_partner_b_or_at_their_address(world):
    client = logged_in_client(world["partner_a"])
    before = _state()
    other = _call(
        client, "post", f"{API}/requests", _request_body(world["a"], organisation_id=world["b"]["organisation"])
    )
    assert other.status_code == 404
    address = _call(client, "post", f"{API}/requests", _request_body(world["a"], site_id=world["b"]["site"]))
    assert address.status_code == 422 and address.json()["errors"]["site_id"] == ["Unknown address."]
    order = _call(client, "post", f"{API}/translations", _translation_body(organisation_id=world["b"]["organisation"]))
    assert order.status_code == 404
    assert _state() == before


@pytest.mark.parametrize(
    "path",
    [
        "/requests/{request}/booking",
        "/assignments/{proposed}/confirm",
        "/timesheets/{timesheet}/approve",
        "/translations/{translation}/assign",
    ],
)
def test_a_partner_does_not_do_the_dispatchers_work_on_their_own_records(world, path):
    endpoint = next(endpoint for endpoint in ENDPOINTS if endpoint[1] == path)
    before = _state()
    # 403, or 404 where the record is outside what a partner sees (a proposed assignment).
    assert _hit(logged_in_client(world["partner_a"]), world["a"], endpoint).status_code in (403, 404)
    assert _state() == before


@pytest.mark.parametrize("path", ["/requests", "/translations"])
def test_an_interpreter_does_not_order(world, path):
    endpoint = next(endpoint for endpoint in ENDPOINTS if endpoint[1] == path and endpoint[0] == "post")
    assert _hit(logged_in_client(world["samira"].user), world["a"], endpoint).status_code == 403


def test_an_unknown_id_is_404(world):
    client = logged_in_client(world["dispatcher"])
    ids = dict.fromkeys(world["a"], MISSING)
    for endpoint in WITH_A_RECORD_ID:
        assert _hit(client, ids, endpoint).status_code == 404, _name(endpoint)


def test_a_token_reads_and_writes(world):
    _token, key = api_token_create(user=world["partner_a"], name="school")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = _call(Client(), "post", f"{API}/translations", _translation_body(), **headers)
    assert created.status_code == 201, created.content
    assert _call(Client(), "get", f"{API}/translations/{created.json()['id']}", **headers).status_code == 200
    assert _call(Client(), "get", f"{API}/translations").status_code == 401


# Requests ------------------------------------------------------------------------------------


def test_a_partner_requests_an_interpreter(world):
    response = _call(
        logged_in_client(world["partner_a"]),
        "post",
        f"{API}/requests",
        _request_body(world["a"], dialect="Levantijns", preferred_sex="f"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["organisation_id"], body["language"], body["status"], body["preferred_sex"]) == (
        world["org_a"].pk,
        "ara",
        "open",
        "f",
    )
    assert InterpretingRequest.objects.get(pk=body["id"]).requested_by == world["partner_a"]


def test_the_dispatcher_requests_for_an_organisation(world):
    client = logged_in_client(world["dispatcher"])
    missing = _call(client, "post", f"{API}/requests", _request_body(world["a"]))
    assert missing.status_code == 422 and "organisation_id" in missing.json()["errors"]
    done = _call(client, "post", f"{API}/requests", _request_body(world["a"], organisation_id=world["org_a"].pk))
    assert done.status_code == 201 and done.json()["organisation_id"] == world["org_a"].pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"language": "xxq"}, "language", "Unknown language."),
        ({"starts_at": "2020-01-06T10:00:00"}, "starts_at", "The job must be in the future."),
        ({"kind": "video", "site_id": None}, "video_link", "Give the link of the video call."),
    ],
)
def test_a_wrong_request_is_422_with_the_message(world, changes, field, message):
    response = _call(
        logged_in_client(world["partner_a"]), "post", f"{API}/requests", _request_body(world["a"], **changes)
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"][field] == [message]


def test_a_body_outside_the_schema_is_422_not_500(world):
    response = _call(
        logged_in_client(world["partner_a"]),
        "post",
        f"{API}/requests",
        _request_body(world["a"], kind="teleportation", duration_minutes=5),
    )
    assert response.status_code == 422


def test_requests_are_read_and_cancelled(world):
    client = logged_in_client(world["partner_a"])
    request_id = world["a"]["request"]
    read = _call(client, "get", f"{API}/requests/{request_id}")
    assert read.status_code == 200 and read.json()["status"] == "open"
    cancelled = _call(client, "post", f"{API}/requests/{request_id}/cancel")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancellation_billable"] is False
    again = _call(client, "post", f"{API}/requests/{request_id}/cancel")
    assert again.status_code == 422 and again.json()["detail"] == "This request can no longer be cancelled."


def test_requests_are_filtered_by_status(world):
    client = logged_in_client(world["dispatcher"])
    body = _call(client, "get", f"{API}/requests?status=confirmed").json()
    assert body["items"] and {item["status"] for item in body["items"]} == {"confirmed"}
    assert _call(client, "get", f"{API}/requests").json()["count"] == InterpretingRequest.objects.count()


# Bookings and assignments --------------------------------------------------------------------


def test_the_dispatcher_books_an_interpreter(world):
    response = _call(
        logged_in_client(world["dispatcher"]),
        "post",
        f"{API}/requests/{world['a']['request']}/booking",
        {"interpreter_id": world["youssef"].pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["interpreter_id"], body["why"]["code"]) == (
        "confirmed",
        world["youssef"].pk,
        "dispatcher_choice",
    )
    assert InterpretingRequest.objects.get(pk=world["a"]["request"]).status == RequestStatus.CONFIRMED


def test_a_double_booking_is_409_with_the_message(world):
    client = logged_in_client(world["dispatcher"])
    booked = Assignment.objects.get(pk=world["a"]["assignment"])  # samira, booked
    same_time = data.job(world["org_b"], world["partner_b"], booked.starts_at + timedelta(minutes=30))
    response = _call(
        client, "post", f"{API}/requests/{same_time.pk}/booking", {"interpreter_id": booked.interpreter_id}
    )
    assert response.status_code == 409, response.content
    assert response.json()["detail"] == "This interpreter is already booked at that time."
    assert not same_time.assignments.exists()


def test_confirming_over_a_booking_is_409(world):
    proposed = Assignment.objects.get(pk=world["a"]["proposed"])
    clash = data.job(world["org_b"], world["partner_b"], proposed.starts_at)
    requests_service.booking_create(request=clash, interpreter=proposed.interpreter, by=world["dispatcher"])
    response = _call(logged_in_client(world["dispatcher"]), "post", f"{API}/assignments/{proposed.pk}/confirm")
    assert response.status_code == 409
    assert Assignment.objects.get(pk=proposed.pk).status == AssignmentStatus.PROPOSED


def test_a_booking_in_a_language_the_interpreter_lacks_is_422(world):
    job = data.job(world["org_a"], world["partner_a"], data.future(30), language="tur")
    response = _call(
        logged_in_client(world["dispatcher"]),
        "post",
        f"{API}/requests/{job.pk}/booking",
        {"interpreter_id": world["samira"].pk},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Samira Haddad may not take this job: does not interpret Turkish."
    unknown = _call(
        logged_in_client(world["dispatcher"]), "post", f"{API}/requests/{job.pk}/booking", {"interpreter_id": MISSING}
    )
    assert unknown.status_code == 422 and unknown.json()["errors"]["interpreter_id"] == ["Unknown interpreter."]


def test_the_dispatcher_confirms_a_proposed_assignment(world):
    url = f"{API}/assignments/{world['a']['proposed']}/confirm"
    Availability.objects.filter(interpreter=world["samira"]).delete()
    refused = _call(logged_in_client(world["dispatcher"]), "post", url)
    assert refused.status_code == 422  # the hard rules hold: Samira has no hours that day
    assert "not available on" in refused.json()["detail"]
    Availability.objects.bulk_create(
        Availability(interpreter=world["samira"], weekday=day, starts_at=time(7), ends_at=time(21)) for day in range(7)
    )
    response = _call(logged_in_client(world["dispatcher"]), "post", url)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed" and response.json()["confirmed_at"]
    again = _call(logged_in_client(world["dispatcher"]), "post", url)
    assert again.status_code == 422


def test_assignments_are_scoped_and_hide_the_why_from_partners(world):
    partner = _call(logged_in_client(world["partner_a"]), "get", f"{API}/assignments/{world['a']['assignment']}")
    assert partner.status_code == 200 and partner.json()["why"] is None
    interpreter = _call(logged_in_client(world["youssef"].user), "get", f"{API}/assignments").json()
    assert interpreter["items"]
    assert {item["interpreter_id"] for item in interpreter["items"]} == {world["youssef"].pk}
    assert (
        _call(
            logged_in_client(world["youssef"].user), "get", f"{API}/assignments/{world['a']['assignment']}"
        ).status_code
        == 404
    )


# Performance sheets --------------------------------------------------------------------------


def test_the_interpreter_submits_the_partner_confirms_the_dispatcher_approves(world):
    assignment = Assignment.objects.get(pk=world["a"]["past_assignment"])
    start = assignment.starts_at
    submitted = _call(
        logged_in_client(world["samira"].user),
        "post",
        f"{API}/assignments/{assignment.pk}/timesheet",
        {
            "actual_start": start.isoformat(),
            "actual_end": (start + timedelta(minutes=75)).isoformat(),
            "waiting_minutes": 10,
            "travel_km": "18.5",
        },
    )
    assert submitted.status_code == 201, submitted.content
    sheet = submitted.json()
    assert (sheet["minutes"], sheet["status"], Decimal(sheet["travel_km"])) == (75, "submitted", Decimal("18.5"))

    confirmed = _call(logged_in_client(world["partner_a"]), "post", f"{API}/timesheets/{sheet['id']}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    approved = _call(logged_in_client(world["dispatcher"]), "post", f"{API}/timesheets/{sheet['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert InterpretingRequest.objects.get(pk=assignment.request_id).status == RequestStatus.DONE


def test_a_wrong_sheet_is_422_and_only_the_interpreter_submits(world):
    assignment = Assignment.objects.get(pk=world["a"]["past_assignment"])
    start = assignment.starts_at
    body = {"actual_start": start.isoformat(), "actual_end": (start - timedelta(minutes=5)).isoformat()}
    refused = _call(
        logged_in_client(world["samira"].user), "post", f"{API}/assignments/{assignment.pk}/timesheet", body
    )
    assert refused.status_code == 422
    assert refused.json()["errors"]["actual_end"] == ["The job ends after it starts."]
    for user in (world["partner_a"], world["dispatcher"], world["youssef"].user):
        response = _call(logged_in_client(user), "post", f"{API}/assignments/{assignment.pk}/timesheet", body)
        assert response.status_code in (403, 404)
    assert not Timesheet.objects.filter(assignment=assignment).exists()


def test_a_sheet_sent_back_needs_a_remark(world):
    url = f"{API}/timesheets/{world['a']['timesheet']}/reject"
    refused = _call(logged_in_client(world["partner_a"]), "post", url, {"remark": " "})
    assert refused.status_code == 422 and refused.json()["errors"]["remark"] == ["Say what should be corrected."]
    done = _call(logged_in_client(world["partner_a"]), "post", url, {"remark": "We stopped at 11:00."})
    assert done.status_code == 200 and done.json()["status"] == "rejected"
    assert done.json()["returned_remark"] == "We stopped at 11:00."


def test_an_unconfirmed_sheet_is_not_approved(world):
    response = _call(
        logged_in_client(world["dispatcher"]), "post", f"{API}/timesheets/{world['a']['timesheet']}/approve"
    )
    assert response.status_code == 422
    assert Timesheet.objects.get(pk=world["a"]["timesheet"]).status == TimesheetStatus.SUBMITTED


def test_sheets_are_read(world):
    client = logged_in_client(world["samira"].user)
    read = _call(client, "get", f"{API}/timesheets/{world['a']['timesheet']}")
    assert read.status_code == 200 and read.json()["interpreter_id"] == world["samira"].pk
    assert _call(client, "get", f"{API}/timesheets?status=submitted").json()["count"] == 1


# Translations and the library ----------------------------------------------------------------


def test_a_partner_orders_and_the_dispatcher_assigns_and_the_translator_delivers(world):
    ordered = _call(logged_in_client(world["partner_a"]), "post", f"{API}/translations", _translation_body())
    assert ordered.status_code == 201, ordered.content
    order = ordered.json()
    assert (order["status"], order["organisation_id"], order["file_url"]) == ("requested", world["org_a"].pk, None)

    assigned = _call(
        logged_in_client(world["dispatcher"]),
        "post",
        f"{API}/translations/{order['id']}/assign",
        {"translator_id": world["samira"].pk},
    )
    assert assigned.status_code == 200 and assigned.json()["translator_id"] == world["samira"].pk

    translator = logged_in_client(world["samira"].user)
    assert [item["id"] for item in _call(translator, "get", f"{API}/translations?status=assigned").json()["items"]] == [
        order["id"]
    ]
    delivered = translator.post(
        f"{API}/translations/{order['id']}/deliver", {"file": data.upload("klaar.odt", b"odt"), "pages": "3"}
    )
    assert delivered.status_code == 200, delivered.content
    body = delivered.json()
    assert (body["status"], body["pages"]) == ("delivered", 3)
    assert body["file_url"] == f"{API}/translations/{order['id']}/file"

    download = _call(logged_in_client(world["partner_a"]), "get", body["file_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"odt"
    assert download["Content-Type"] == "application/vnd.oasis.opendocument.text"


def test_a_translation_into_the_same_language_is_422(world):
    response = _call(
        logged_in_client(world["partner_a"]), "post", f"{API}/translations", _translation_body(target_language="nld")
    )
    assert response.status_code == 422
    assert response.json()["errors"]["target_language"] == ["Translate into another language."]


def test_a_translator_without_the_languages_is_422(world):
    order = data.order(world["org_a"], world["partner_a"], source="fra", target="ara")
    response = _call(
        logged_in_client(world["dispatcher"]),
        "post",
        f"{API}/translations/{order.pk}/assign",
        {"translator_id": world["samira"].pk},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["translator"] == ["This translator does not work in both languages of the order."]


def test_a_wrong_upload_is_422(world):
    order = data.order(world["org_a"], world["partner_a"], translator_=world["samira"])
    response = logged_in_client(world["samira"].user).post(
        f"{API}/translations/{order.pk}/deliver", {"file": data.upload("klaar.exe")}
    )
    assert response.status_code == 422 and "file" in response.json()["errors"]
    missing = logged_in_client(world["samira"].user).post(f"{API}/translations/{order.pk}/deliver", {})
    assert missing.status_code == 422


def test_a_partner_cancels_an_order_before_delivery(world):
    client = logged_in_client(world["partner_a"])
    cancelled = _call(client, "post", f"{API}/translations/{world['a']['translation']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    late = _call(client, "post", f"{API}/translations/{world['a']['delivered']}/cancel")
    assert late.status_code == 422
    assert TranslationOrder.objects.get(pk=world["a"]["delivered"]).status == TranslationStatus.DELIVERED


def test_the_library_is_searched_added_to_and_downloaded(world):
    dispatcher = logged_in_client(world["dispatcher"])
    added = dispatcher.post(
        f"{API}/library",
        {
            "title": "School rules",
            "topic": "Onderwijs",
            "language": "eng",
            "original_id": world["a"]["document"],
            "file": data.upload(),
        },
    )
    assert added.status_code == 201, added.content
    assert [item["language"] for item in added.json()["translations"]] == ["eng"]
    again = dispatcher.post(
        f"{API}/library",
        {
            "title": "School rules",
            "topic": "Onderwijs",
            "language": "eng",
            "original_id": world["a"]["document"],
            "file": data.upload(),
        },
    )
    assert again.status_code == 422

    partner = logged_in_client(world["partner_a"])
    found = _call(partner, "get", f"{API}/library?language=eng&q=regl").json()
    assert [item["id"] for item in found["items"]] == [world["a"]["document"]]
    assert _call(partner, "get", f"{API}/library?topic=Gezondheid").json()["count"] == 0
    file_url = found["items"][0]["translations"][0]["file_url"]
    assert b"".join(_call(partner, "get", file_url).streaming_content) == data.PDF
    assert (
        partner.post(
            f"{API}/library", {"title": "x", "topic": "y", "language": "ara", "file": data.upload()}
        ).status_code
        == 403
    )


# Invoices ------------------------------------------------------------------------------------


def test_a_partner_reads_their_invoice_with_its_lines_and_pdf(world):
    client = logged_in_client(world["partner_a"])
    invoice_id = world["a"]["invoice"]
    body = _call(client, "get", f"{API}/invoices/{invoice_id}").json()
    assert body["number"] == "2026-00001" and Decimal(body["total"]) == Decimal("10.00")
    assert [line["kind"] for line in body["lines"]] == ["translation"]
    assert _call(client, "get", f"{API}/invoices").json()["items"][0]["lines"] is None
    pdf = _call(client, "get", f"{API}/invoices/{invoice_id}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


# Lists in a fixed number of queries ----------------------------------------------------------


def _more_rows(world, count: int):
    org, partner, dispatcher = world["org_a"], world["partner_a"], world["dispatcher"]
    for number in range(count):
        interpreter = data.translator(f"tolk{number}", ["ara"], family_name=f"Tolk {number}")
        submitted_sheet(past_booking(org, partner, interpreter, dispatcher, days_ago=4, hour=10))
        data.order(org, partner, translator_=interpreter)
        invoice_with_a_line(org, dispatcher, 100 + number, month=date(2025, number + 1, 1))
        document = library_service.library_add(
            title=f"Document {number}", topic="Onderwijs", language=_nld(), file=data.upload(), by=dispatcher
        )
        library_service.library_add(
            title=f"Document {number} (ara)",
            topic="Onderwijs",
            language=_language("ara"),
            file=data.upload(),
            original=document,
            by=dispatcher,
        )


def _language(code):
    from haven.core.models import Language

    return Language.objects.get(pk=code)


@pytest.mark.parametrize("path", ["/requests", "/assignments", "/timesheets", "/translations", "/invoices", "/library"])
def test_lists_cost_the_same_queries_for_few_or_many_rows(world, path):
    client = logged_in_client(world["partner_a"])

    def measure():
        with CaptureQueriesContext(connection) as captured:
            response = _call(client, "get", API + path)
        assert response.status_code == 200
        return len(captured), len(response.json()["items"])

    few, few_rows = measure()
    _more_rows(world, 9)
    many, many_rows = measure()
    assert many_rows >= few_rows + 9
    assert many == few, (few, many)
