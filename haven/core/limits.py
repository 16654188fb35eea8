"""Bad input at the door: bodies too large (413), JSON in another content type (415),
bodies that are not JSON (400), control characters in any submitted value (422).

One middleware, early in the chain (after the interface language is chosen, so every
message is in the user's language), before any view or form reads the request:

- **Size.** A body larger than ``HAVEN_MAX_BODY_BYTES`` (default 1 MB) is refused from
  its Content-Length, without reading it. Upload endpoints (the API operations that take
  ``File``/``Form`` parameters, found by looking at the operation itself, and the upload
  pages apps register with ``upload_pages_register``) may send ``multipart/form-data`` up to
  ``HAVEN_MAX_UPLOAD_BODY_BYTES`` (default 21 MB: a 20 MB file and its form fields).
- **Content type.** A POST, PUT or PATCH with a body to a JSON operation of the API must be
  ``application/json`` (any charset parameter); to an upload operation,
  ``multipart/form-data``. Anything else is a 415.
- **Characters.** A control character (Unicode category Cc except tab, line feed and
  carriage return) or a lone surrogate in a query-string value or key, a form field or key,
  an uploaded file's name, or any JSON string or key however deeply nested, is a 422 that
  names the field (the dotted path for nested JSON). PostgreSQL cannot store NUL in text
  at all; the others are never meant to be in a name or a note.

API answers are JSON problems (``{"detail": …}``, for 422 also ``"errors": {field: [...]}``,
the shape of ``haven.api.validation_error``); pages get a short page (413.html, 422.html).
Nothing of the refused value is repeated in the answer.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.formats import number_format
from django.utils.translation import gettext as _

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_UPLOAD_BODY_BYTES = 21 * 1024 * 1024
# The pages that take a file (multipart) and may therefore send up to the upload limit, by
# URL name: each app registers its own in AppConfig.ready() (the core knows no app).
_upload_url_names: set[str] = set()
API_PREFIX = "/api/"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})

# Unicode category Cc (U+0000–U+001F, U+007F–U+009F) except \t \n \r, and the surrogates
# (which only a JSON \ud800 escape can produce; they cannot be encoded to UTF-8).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_forbidden_characters(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def _shown(name: str) -> str:
    """A field name fit to show: forbidden characters written as \\uXXXX."""
    return _FORBIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", name)


def max_body_bytes() -> int:
    return getattr(settings, "HAVEN_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)


def max_upload_body_bytes() -> int:
    return getattr(settings, "HAVEN_MAX_UPLOAD_BODY_BYTES", DEFAULT_MAX_UPLOAD_BODY_BYTES)


def upload_pages_register(*url_names: str) -> None:
    """Let these pages (URL names such as ``"interpreting:library_add"``) send a file up to the upload limit."""
    _upload_url_names.update(url_names)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


# Answers ---------------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=0 if size % (1024 * 1024) == 0 else 1)


def too_large_response(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    limit = limit or max_body_bytes()
    detail = _("The request is too large: at most %(size)s MB may be sent at once.") % {"size": _megabytes(limit)}
    if is_api(request):
        return JsonResponse({"detail": detail}, status=413)
    return render(request, "413.html", {"detail": detail}, status=413)


def unsupported_media_type_response(request: HttpRequest, *, multipart: bool) -> HttpResponse:
    if multipart:
        detail = _("Send this as multipart/form-data (a file with its form fields).")
    else:
        detail = _("Send JSON with the header Content-Type: application/json.")
    return JsonResponse({"detail": detail}, status=415)


def unreadable_response(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": _("The request could not be read.")}, status=400)
    return HttpResponseBadRequest(_("The request could not be read."))


def not_json_response(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"detail": _("The request body is not valid JSON (UTF-8).")}, status=400)


def control_characters_response(request: HttpRequest, fields: list[str]) -> HttpResponse:
    message = _("This field contains a control character (such as NUL), which is not allowed.")
    if is_api(request):
        return JsonResponse(
            {
                "detail": str(_("The data is not valid.")),
                "errors": {field: [message] for field in fields},
            },
            status=422,
        )
    return render(request, "422.html", {"fields": fields, "message": message}, status=422)


# Where the forbidden characters are -------------------------------------------------------


def _json_offenders(data) -> Iterator[str]:
    """Dotted paths of the JSON strings (and keys) holding a forbidden character;
    iterative, so that deep nesting cannot exhaust the stack."""
    stack = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if has_forbidden_characters(value):
                yield path or "__all__"
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if has_forbidden_characters(str(key)):
                    yield _shown(child)
                    continue
                stack.append((child, item))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                stack.append((f"{path}.{index}" if path else str(index), item))


def _querydict_offenders(data, *, files: bool = False) -> Iterator[str]:
    for key, values in data.lists():
        if has_forbidden_characters(key):
            yield _shown(key)
            continue
        texts = [getattr(value, "name", "") or "" for value in values] if files else values
        if any(has_forbidden_characters(text) for text in texts):
            yield key


def _unique(names: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(names))


# The API operation behind a path -------------------------------------------------------


def _api_takes_multipart(request: HttpRequest) -> bool:
    """Whether the django-ninja operation for this path and method takes File/Form
    parameters (the upload endpoints)."""
    from ninja.params.models import FileModel, FormModel

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    path_view = inspect.getclosurevars(match.func).nonlocals.get("self")
    for operation in getattr(path_view, "operations", ()):
        if request.method in operation.methods:
            return any(issubclass(model, (FileModel, FormModel)) for model in operation.models)
    return False


def _page_takes_upload(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in _upload_url_names


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class InputLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = self.refusal(request)
        except RequestDataTooBig:  # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), met reading the body
            return too_large_response(request)
        except MultiPartParserError:  # a broken multipart body: a clear 400, never Django's HTML page
            return unreadable_response(request)
        if refused is not None:
            return refused
        response = self.get_response(request)
        if response.status_code == 405 and is_api(request) and "json" not in response.get("Content-Type", ""):
            # django-ninja answers a wrong method in plain text; the API speaks one problem shape.
            allowed = response.get("Allow")
            response = JsonResponse({"detail": _("This method is not allowed here.")}, status=405)
            if allowed:
                response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) met while a view reads the body.
        if isinstance(exception, RequestDataTooBig):
            return too_large_response(request)
        return None

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        length = _content_length(request)
        content_type = request.content_type or ""
        multipart = content_type == "multipart/form-data"
        api = is_api(request)

        if length > max_body_bytes():
            upload = multipart and (_api_takes_multipart(request) if api else _page_takes_upload(request))
            if not upload:
                return too_large_response(request)
            if length > max_upload_body_bytes():
                return too_large_response(request, max_upload_body_bytes())

        offenders = list(_querydict_offenders(request.GET))

        if api and request.method in WRITE_METHODS and length > 0:
            wants_multipart = _api_takes_multipart(request)
            if wants_multipart != multipart or (not wants_multipart and content_type != "application/json"):
                return unsupported_media_type_response(request, multipart=wants_multipart)
            if not multipart:
                try:
                    data = json.loads(request.body)
                except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                    return not_json_response(request)
                offenders += _json_offenders(data)

        if request.method in WRITE_METHODS and content_type in (
            "multipart/form-data",
            "application/x-www-form-urlencoded",
        ):
            offenders += _querydict_offenders(request.POST)
            offenders += _querydict_offenders(request.FILES, files=True)

        if offenders:
            return control_characters_response(request, _unique(iter(offenders)))
        return None


# Free text (notes, remarks, reasons, evaluations) is bounded everywhere, in forms and API
# schemas alike; the person's notes carry the same bound as a model validator.
FREE_TEXT_MAX_LENGTH = 10_000
