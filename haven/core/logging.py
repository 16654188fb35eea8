"""Structured logs without personal data: one JSON object a line, and one line a request.

``JsonFormatter`` writes ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``,
plus the request's fields when there are any: ``request_id`` (the ``X-Request-Id`` of
``haven.core.tracing``, also for any record logged while a request runs), ``method``,
``path``, ``route``, ``status`` and ``duration_ms``. An exception is written as its type and
its frames (file, line, function), never its message: a database error's message holds the
row's values.

``RequestLogMiddleware`` (outermost) logs each response on ``haven.request`` at INFO: the
path without its query string (searches put names there), and only for a request that
matched a route or asked for a static file; any other path (a 404 of a typed address) is
written as ``-``. The production profile turns it on (``HAVEN_REQUEST_LOG``).
"""

from __future__ import annotations

import datetime
import json
import logging
import sys
import time
import traceback
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

REQUEST_FIELDS = ("request_id", "method", "path", "route", "status", "duration_ms")
MAX_FRAMES = 30

request_logger = logging.getLogger("haven.request")


def _current_request_id() -> str | None:
    # Never imported here: this formatter is built before Django's apps are ready (and in
    # gunicorn's master, without Django at all).
    tracing = sys.modules.get("haven.core.tracing")
    trace = tracing.current_request_trace() if tracing is not None else None
    return trace.request_id if trace is not None else None


def exception_summary(exc_info: Any) -> dict[str, Any]:
    """The exception's type and frames, without its message."""
    kind, _value, tb = exc_info
    frames = traceback.extract_tb(tb)[-MAX_FRAMES:]
    return {
        "type": f"{kind.__module__}.{kind.__qualname__}" if kind is not None else "",
        "frames": [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames],
    }


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        entry: dict[str, Any] = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if "request_id" not in entry and (request_id := _current_request_id()):
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = exception_summary(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _logged_path(request: HttpRequest) -> tuple[str, str]:
    """(path, route): the path only for a known route or a static file, never its query."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # answered by a middleware (a redirect to the login, a 413) before the view
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    if match is not None:
        return request.path, str(match.route or "")
    static = "/" + (settings.STATIC_URL or "").lstrip("/")
    if request.path.startswith(static):
        return request.path, "static"
    return "-", ""


class RequestLogMiddleware:
    """One INFO line on ``haven.request`` per response (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        path, route = _logged_path(request)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "request_id": response.get("X-Request-Id") or getattr(request, "request_id", None),
                "method": request.method,
                "path": path,
                "route": route,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
