"""The walk: every endpoint × every role (and anonymous) × channel (session; and bearer
token for the API), with the world's real ids, each request inside a savepoint that is
rolled back afterwards so no cell changes what the next one sees. For every 200 the body
is searched for the world's people (names and national numbers; PDFs through pypdf, JSON
as text) and the access log is read for a trace of each person found, by that user, in
that request."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import logging
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tests.access.endpoints import Endpoint, all_endpoints
from tests.access.languages import foreign_strings
from tests.access.matrix import purpose_for, role_person

ANONYMOUS = "anonymous"
SESSION, TOKEN = "session", "token"

# Parameter name → world id kind, and (endpoint key, parameter) → kind where a name is ambiguous.
PARAM_KINDS = {
    "link_id": "link",
    "registration_id": "registration",
    "contract_id": "contract",
    "referral_id": "referral",
    "dossier_id": "dossier",
    "course_id": "course",
    "session_id": "session",
    "offer_id": "offer",
    "routing_id": "routing",
    "scholarship_id": "scholarship",
    "user_id": "counsellor_user",
    "request_id": "request",
    "run_id": "dispatch_run",
    "job_id": "job",
    "assignment_id": "assignment",
    "sheet_id": "timesheet",
    "timesheet_id": "timesheet",
    "invoice_id": "invoice",
    "order_id": "translation",
    "document_id": "document",
    "token": "calendar_token",
    "year": "year",
    "key": "report_key",
    "number": "report_edition",
    "test_id": "exemption_test",
    "enrolment_id": "mo_enrolment",
    "note_id": "note",
    "task_id": "task",
    "appointment_id": "appointment",
    "stay_id": "stay",
    "notice_id": "transit_notice",
    "lesson_day": "transit_lesson_day",
    "school_referral_id": "school_referral",
    "future_days_id": "future_days",
    "future_days_session_id": "future_days_session",
    "study_dossier_id": "study_dossier",
    "cohort_id": "pre_track_cohort",
    "participant_id": "pre_track_participant",
    "school_id": "education_school",
}
PARAM_OVERRIDES = {
    ("casework:calendar_feed", "token"): "staff_calendar_token",
    ("casework:document_file", "document_id"): "casework_document",
    ("GET /api/casework/documents/{document_id}/file", "document_id"): "casework_document",
    ("nt2:certificate", "test_id"): "certification",
    ("nt2:enrolment_status", "enrolment_id"): "nt2_enrolment",
    ("POST /api/nt2/enrolments/{enrolment_id}/status", "enrolment_id"): "nt2_enrolment",
    ("interpreting:translation_file", "order_id"): "delivered",
    ("GET /api/interpreting/translations/{order_id}/file", "order_id"): "delivered",
    ("interpreting:sheet_form", "assignment_id"): "past_assignment",
    ("POST /api/interpreting/assignments/{assignment_id}/timesheet", "assignment_id"): "past_assignment",
    ("POST /api/interpreting/assignments/{assignment_id}/confirm", "assignment_id"): "proposed",
    ("interpreting:assignment_change", "assignment_id"): "assignment",
    # Leisure: its referral_id is a leisure referral (PARAM_KINDS' is civic integration's).
    ("leisure:referral", "referral_id"): "leisure_referral",
    ("GET /api/leisure/referrals/{referral_id}", "referral_id"): "leisure_referral",
    ("PATCH /api/leisure/referrals/{referral_id}", "referral_id"): "leisure_referral",
    ("leisure:organisation", "organisation_id"): "leisure_organisation",
    ("leisure:event", "event_id"): "leisure_event",
    ("leisure:event_edit", "event_id"): "leisure_event",
    ("PUT /api/leisure/events/{event_id}", "event_id"): "leisure_event",
    ("PUT /api/leisure/events/{event_id}/tallies", "event_id"): "leisure_event",
    # Community: its ids by URL name or operation (group_id, participant_id, event_id are ambiguous).
    ("community:group", "group_id"): "community_group",
    ("community:matching", "group_id"): "community_group",
    ("GET /api/community/groups/{group_id}/proposal", "group_id"): "community_group",
    ("POST /api/community/groups/{group_id}/proposals", "group_id"): "community_group",
    ("POST /api/community/groups/{group_id}/pairs", "group_id"): "community_group",
    ("POST /api/community/proposals/{proposal_id}/confirm", "proposal_id"): "community_proposal",
    ("community:participant", "participant_id"): "community_participant",
    ("GET /api/community/participants/{participant_id}", "participant_id"): "community_participant",
    ("community:buddy", "buddy_id"): "community_buddy",
    ("community:duo", "duo_id"): "community_duo",
    ("GET /api/community/duos/{duo_id}", "duo_id"): "community_duo",
    ("POST /api/community/duos/{duo_id}/meetings", "duo_id"): "community_duo",
    ("POST /api/community/duos/{duo_id}/end", "duo_id"): "community_duo",
    ("community:edition", "edition_id"): "community_edition",
    ("community:event", "event_id"): "community_event",
}
# The interpreter's cells on a translation use the order assigned to them.
ROLE_PARAM_OVERRIDES = {
    (key, "order_id", "interpreter"): "assigned_translation"
    for key in (
        "interpreting:translation",
        "interpreting:translation_assign",
        "interpreting:translation_cancel",
        "interpreting:translation_deliver",
        "GET /api/interpreting/translations/{order_id}",
        "POST /api/interpreting/translations/{order_id}/assign",
        "POST /api/interpreting/translations/{order_id}/cancel",
        "POST /api/interpreting/translations/{order_id}/deliver",
    )
}
# Endpoints whose person is fixed by the other ids in the URL (the link is A's).
FIXED_PERSON = {"people:household_remove": "A"}


@dataclass
class Cell:
    key: str
    kind: str
    role: str
    channel: str
    method: str
    url: str
    status: int
    location: str = ""
    outcome: str = ""
    shown: list = field(default_factory=list)  # person keys ("A".."G") found in the body
    language: str = "nl"  # the interface language of the session
    foreign: list = field(default_factory=list)  # the other language's catalogue strings on the page
    untraced: list = field(default_factory=list)  # of those, the ones without a trace
    title: str | None = None  # an HTML page's <title>, as written
    request_id: str = ""
    error: str = ""
    seconds: float = 0.0


def _admin_object_id(endpoint: Endpoint, world) -> str:
    from django.apps import apps

    name = endpoint.key.split(":", 1)[1]
    for model in apps.get_models():
        label = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(label):
            first = model._default_manager.order_by("pk").first()
            return str(first.pk) if first is not None else "1"
    return "1"


def fill(endpoint: Endpoint, role: str, world) -> dict:
    values = {}
    for param in endpoint.params:
        if param == "person_id":
            key = FIXED_PERSON.get(endpoint.key) or role_person(role, endpoint.key, world)
            values[param] = world.people[key].pk
        elif (endpoint.key, param, role) in ROLE_PARAM_OVERRIDES:
            values[param] = world.ids[ROLE_PARAM_OVERRIDES[(endpoint.key, param, role)]]
        elif param == "token_id":
            values[param] = world.ids["token_ids"][role] if role in world.users else world.ids["token_ids"]["admin"]
        elif (endpoint.key, param) in PARAM_OVERRIDES:
            values[param] = world.ids[PARAM_OVERRIDES[(endpoint.key, param)]]
        elif endpoint.kind == "admin":
            values[param] = _admin_param(endpoint, param, world)
        elif param in PARAM_KINDS and PARAM_KINDS[param] in world.ids:
            values[param] = world.ids[PARAM_KINDS[param]]
        else:
            values[param] = world.ids.get(param, world.extra.get(param, 1))
    return values


def _admin_param(endpoint, param, world):
    from django.contrib.contenttypes.models import ContentType

    if param == "object_id":
        return _admin_object_id(endpoint, world)
    if param == "app_label":
        return "core"
    if param == "content_type_id":
        return ContentType.objects.get(app_label="core", model="language").pk
    if param == "id":
        return world.users["counsellor"].pk
    return "1"


def url_for(endpoint: Endpoint, role: str, world) -> str:
    values = fill(endpoint, role, world)
    if endpoint.kind == "api":
        path = endpoint.path
        for name, value in values.items():
            path = path.replace("{" + name + "}", str(value))
    else:
        path = reverse(endpoint.key, kwargs=values or None)
    if endpoint.kind != "admin":
        query = {"purpose": purpose_for(role, endpoint.key)}
        for name, schema in endpoint.query:
            if name != "purpose":
                query[name] = _example(schema, name, role, world, endpoint)
        path += ("&" if "?" in path else "?") + urlencode(query)
    return path


# API bodies: the smallest body the schema accepts, with the world's ids, so that the
# access check runs (django-ninja validates a body before the view: an empty body would
# give every role 422 and test nothing). The write is rolled back with the savepoint.
ID_FIELDS = {
    "person_id": None,
    "registration_id": "registration",
    "contract_id": "contract",
    "site_id": "site",
    "interpreter_id": "interpreter",
    "translator_id": "interpreter",
    "module_id": "module",
    "fund_id": "fund",
    "waiting_id": "waiting",
    "course_id": "course",
    "provider_id": "provider",
    "enrolment_id": "mo_enrolment",
    "routing_id": "routing",
    "conversation_id": "conversation",
    "offer_id": "offer",
    "participant_id": "community_participant",
    "buddy_id": "community_buddy",
}


def _example(schema: dict, name: str, role: str, world, endpoint: Endpoint):
    if not isinstance(schema, dict):
        return None
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [option for option in schema[combinator] if option.get("type") != "null"]
            return _example(options[0] if options else {}, name, role, world, endpoint)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    fmt = schema.get("format", "")
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required", ()))
        return {
            prop: _example(sub, prop, role, world, endpoint)
            for prop, sub in schema.get("properties", {}).items()
            if prop in required
        }
    if kind == "array":
        item = _example(schema.get("items", {}), name, role, world, endpoint)
        return [item] if schema.get("minItems") else []
    if kind == "integer":
        if name == "person_id":
            return world.people[role_person(role, endpoint.key, world)].pk
        if ID_FIELDS.get(name):
            return world.ids[ID_FIELDS[name]]
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if kind == "string":
        if fmt == "date":
            return (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
        if fmt == "date-time":
            return (
                (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=20))
                .replace(hour=9, minute=0, second=0, microsecond=0)
                .isoformat()
            )
        if fmt == "binary":
            return SimpleUploadedFile("matrix.pdf", b"%PDF-1.4\n% matrix\n", content_type="application/pdf")
        if fmt == "email":
            return "matrix@example.org"
        if name in ("language", "source_language", "target_language", "preferred_language"):
            return "ara" if name != "source_language" else "nld"
        if name == "purpose":
            return purpose_for(role, endpoint.key)
        return "x" * max(1, schema.get("minLength", 1))
    return None


def body_for(endpoint: Endpoint, role: str, world):
    if endpoint.body_schema is None:
        return {}
    return _example(endpoint.body_schema, "", role, world, endpoint) or {}


# Reading a body --------------------------------------------------------------------------


def body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if "pdf" in content_type or raw[:5] == b"%PDF-":
        try:
            from pypdf import PdfReader

            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
        except Exception:
            return raw.decode("latin-1")
    text = raw.decode("utf-8", errors="replace")
    if "json" in content_type:
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def people_shown(text: str, world) -> list[str]:
    folded = text.casefold()
    shown = []
    for key, person in world.people.items():
        terms = [person.family_name, person.given_names]
        if person.national_number:
            from haven.people.identifiers import national_number_format

            terms += [person.national_number, national_number_format(person.national_number)]
        if any(term.casefold() in folded for term in terms):
            shown.append(key)
    return shown


# Outcomes --------------------------------------------------------------------------------

LOGIN_PATHS = ("/login/", "/admin/login/")


def outcome_of(status: int, location: str) -> str:
    if status in (301, 302, 303, 307, 308):
        path = location.split("?", 1)[0]
        if any(path.endswith(login) for login in LOGIN_PATHS) or path == settings.LOGIN_URL:
            return "login"
        return "ok"
    if status == 401:
        return "login"
    if status == 403:
        return "denied"
    if status == 404:
        return "hidden"
    if 200 <= status < 300 or status in (400, 409, 422):
        return "ok"
    if status >= 500:
        return "error"
    return f"status {status}"


# The walk --------------------------------------------------------------------------------


class Clients:
    """A session client per role (cookies restored before each request, so a logout or a
    language switch in one cell does not leak into the next) and token headers."""

    def __init__(self, world):
        self.world = world
        self.session = {}
        self.cookies = {}
        from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user

        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            device = next(iter(devices_for_user(user, confirmed=True)), None)
            if device is not None:  # the session passed the second step, as after a real login
                session = client.session
                session[DEVICE_ID_SESSION_KEY] = device.persistent_id
                session.save()
            self.session[role] = client
            self.cookies[role] = client.cookies.output(header="", sep=";")
        self.session[ANONYMOUS] = Client()
        self.cookies[ANONYMOUS] = ""
        self.token_client = Client()

    def get(self, role: str, channel: str):
        from http.cookies import SimpleCookie

        if channel == TOKEN:
            self.token_client.cookies = SimpleCookie()
            return self.token_client, {"HTTP_AUTHORIZATION": f"Bearer {self.world.tokens[role]}"}
        client = self.session[role]
        client.cookies = SimpleCookie(self.cookies[role])
        return client, {}


def _send(client, endpoint: Endpoint, url: str, method: str, body, headers):
    if method == "GET":
        return client.get(url, **headers)
    if endpoint.kind == "api":
        if endpoint.multipart:
            return client.post(url, body, **headers)
        return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)
    return client.post(url, {}, **headers)


def _traced(world, role: str, shown: list[str], before: int, request_id: str) -> list[str]:
    from haven.core.models import AccessLogEntry

    if role == ANONYMOUS:
        return list(shown)
    entries = AccessLogEntry.objects.filter(
        pk__gt=before, user=world.users[role], person_id__in=[world.people[key].pk for key in shown]
    )
    if hasattr(AccessLogEntry, "request_id"):
        entries = entries.filter(request_id=request_id or "no request id")
    fields = {field.name for field in AccessLogEntry._meta.get_fields()}
    if "action" in fields:
        entries = entries.exclude(action="refused")
    found = set(entries.values_list("person_id", flat=True))
    return [key for key in shown if world.people[key].pk not in found]


def run_cell(clients: Clients, endpoint: Endpoint, role: str, channel: str, world, language: str = "nl") -> Cell:
    from haven.core.models import AccessLogEntry

    client, headers = clients.get(role, channel)
    if language != settings.LANGUAGE_CODE:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = url_for(endpoint, role, world)
    method = endpoint.method
    body = body_for(endpoint, role, world) if endpoint.kind == "api" and method != "GET" else None
    started = time.monotonic()
    with transaction.atomic():
        before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            response = _send(client, endpoint, url, method, body, headers)
            if response.status_code == 405 and endpoint.kind != "api":
                method = "POST"
                response = _send(client, endpoint, url, method, body, headers)
        except Exception as error:
            transaction.set_rollback(True)
            return Cell(
                endpoint.key,
                endpoint.kind,
                role,
                channel,
                method,
                url,
                500,
                outcome="error",
                error=f"{type(error).__name__}: {str(error)[:200]}",
            )
        location = response.get("Location", "")
        cell = Cell(
            endpoint.key,
            endpoint.kind,
            role,
            channel,
            method,
            url,
            response.status_code,
            location,
            outcome_of(response.status_code, location),
            request_id=response.get("X-Request-Id", ""),
        )
        if response.status_code < 300 or 400 <= response.status_code < 500:  # any body a user reads
            text = body_text(response)
            cell.shown = people_shown(text, world)
            if "text/html" in response.get("Content-Type", ""):
                cell.language = language
                cell.foreign = foreign_strings(text, language)
                cell.title = page_title(text)
            if cell.shown:
                cell.untraced = _traced(world, role, cell.shown, before, cell.request_id)
        transaction.set_rollback(True)
    cell.seconds = time.monotonic() - started
    return cell


TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def page_title(html: str) -> str | None:
    found = TITLE.search(html)
    return found.group(1) if found else None


def roles_of(world) -> list[str]:
    return [*list(world.users), ANONYMOUS]


def sweep(world, endpoints=None) -> dict:
    endpoints = endpoints if endpoints is not None else all_endpoints()
    clients = Clients(world)
    started = time.monotonic()
    cells = []
    # Thousands of expected 403s and 404s would each log a warning with a traceback;
    # errors (5xx) are still logged.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        for endpoint in endpoints:
            for role in roles_of(world):
                channels = [SESSION]
                if endpoint.kind == "api" and role != ANONYMOUS:
                    channels.append(TOKEN)
                cells.extend(run_cell(clients, endpoint, role, channel, world) for channel in channels)
        # Every page a role reads, again in English (the walk above is in Dutch, the default).
        by_key = {endpoint.key: endpoint for endpoint in endpoints}
        read = [cell for cell in cells if cell.kind == "page" and cell.method == "GET" and cell.status == 200]
        english = [run_cell(clients, by_key[cell.key], cell.role, SESSION, world, "en") for cell in read]
    finally:
        request_log.setLevel(level)
    return {"cells": cells, "english": english, "seconds": time.monotonic() - started, "endpoints": endpoints}


def probe(clients: Clients, world, role: str, channel: str, url: str, *, headers=None):
    """One GET outside the matrix, rolled back like a cell: (status, people shown, untraced)."""
    from haven.core.models import AccessLogEntry

    client, auth = clients.get(role, channel)
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    with transaction.atomic():
        before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            response = client.get(url, **auth, **(headers or {}))
        finally:
            request_log.setLevel(level)
        status = response.status_code
        shown = people_shown(body_text(response), world) if status < 300 or 400 <= status < 500 else []
        untraced = _traced(world, role, shown, before, response.get("X-Request-Id", "")) if shown else []
        transaction.set_rollback(True)
    return response.status_code, shown, untraced
