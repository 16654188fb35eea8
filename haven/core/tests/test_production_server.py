"""The production server's parts that run in every profile: readiness, the JSON request
log without personal data, and the production profile's static files and log format."""

import ast
import json
import logging
import sys

import pytest
from django.db import DatabaseError
from django.http import HttpResponse

from conftest import logged_in_client
from haven.core import views as core_views
from haven.core.logging import JsonFormatter, RequestLogMiddleware
from haven.core.tests.production_profile import production_settings
from haven.people.tests.factories import PersonFactory


@pytest.mark.django_db
def test_ready_answers_ok_without_login_when_every_migration_is_applied(client):
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_ready_is_unavailable_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(core_views, "_migrations_pending", lambda: True)
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


@pytest.mark.django_db
def test_ready_is_unavailable_when_the_access_log_lacks_this_months_partition(client, monkeypatch):
    monkeypatch.setattr(core_views, "access_log_partitions_missing", lambda: ["core_accesslogentry_y2026m12"])
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json()["access_log"] == "partition missing"


@pytest.mark.django_db
def test_ready_is_unavailable_when_the_database_does_not_answer(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(core_views, "connection", Unreachable())
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


@pytest.fixture
def request_lines():
    """The haven.request lines as the production profile writes them (JSON)."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("haven.request")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.mark.django_db
def test_a_search_is_logged_as_json_without_its_query_string_or_a_name(intake_user, request_lines):
    PersonFactory(given_names="Yonas", family_name="Tesfamariam")
    response = logged_in_client(intake_user).get("/people/", {"q": "Tesfamariam Yonas"})
    assert response.status_code == 200

    assert len(request_lines) == 1
    line = request_lines[0]
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "haven.request"
    assert entry["time"].endswith("Z")
    assert entry["path"] == "/people/"
    assert entry["route"] == "people/"
    assert entry["status"] == 200
    assert entry["method"] == "GET"
    assert entry["request_id"] == response.headers["X-Request-Id"]
    assert entry["message"] == "GET /people/ 200"
    for personal in ("Tesfamariam", "TESFAMARIAM", "Yonas", "q=", "?"):
        assert personal not in line


@pytest.mark.django_db
def test_an_unknown_address_is_logged_without_its_path(client, request_lines):
    response = client.get("/people/Tesfamariam-Yonas-1988/")
    assert response.status_code == 404
    entry = json.loads(request_lines[0])
    assert entry["path"] == "-"
    assert entry["status"] == 404
    assert "Tesfamariam" not in request_lines[0]


def test_an_exception_is_logged_with_its_type_and_frames_but_not_its_message():
    try:
        raise ValueError("Key (family_name)=(Tesfamariam) already exists")
    except ValueError:
        record = logging.getLogger("haven.test").makeRecord(
            "haven.test", logging.ERROR, __file__, 1, "Saving failed", (), exc_info=sys.exc_info()
        )
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["exception"]["type"] == "builtins.ValueError"
    assert entry["exception"]["frames"][-1].endswith(
        "in test_an_exception_is_logged_with_its_type_and_frames_but_not_its_message"
    )
    assert "Tesfamariam" not in line


def test_the_request_log_is_silent_when_its_logger_is_off(rf):
    logger = logging.getLogger("haven.request")
    assert not logger.isEnabledFor(logging.INFO)  # the development profile's default
    middleware = RequestLogMiddleware(lambda request: HttpResponse("ok"))
    assert middleware(rf.get("/people/")).status_code == 200


def test_production_logs_json_serves_hashed_compressed_static_files_and_lets_probes_in_over_http():
    values = production_settings(
        "HAVEN_LOG_FORMAT", "HAVEN_REQUEST_LOG", "STORAGES", "MIDDLEWARE", "SECURE_REDIRECT_EXEMPT"
    )
    assert values["HAVEN_LOG_FORMAT"] == "'json'"
    assert values["HAVEN_REQUEST_LOG"] == "True"
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in values["STORAGES"]
    middleware = ast.literal_eval(values["MIDDLEWARE"])
    assert middleware[0] == "haven.core.logging.RequestLogMiddleware"
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == 2
    # A load balancer's probes over plain HTTP are answered, not redirected to HTTPS.
    assert ast.literal_eval(values["SECURE_REDIRECT_EXEMPT"]) == [r"^health/$", r"^ready/$"]


def test_development_serves_static_files_from_the_source_folders_without_collectstatic(client):
    response = client.get("/static/haven.css")
    assert response.status_code == 200
    assert b".htmx-indicator" in b"".join(response.streaming_content)
