"""What every app's JSON API shares, declared once: the problem shape of every error, the
reference to a person, and pagination.

Problems
--------


Every error response of ``/api/`` has the body ``{"detail": "<a sentence in the user's
language>", "errors": {"<field>": ["<message>", ...]}}`` (``errors`` only where there
are fields to name; ``"__all__"`` for what is not one field's). Haven's own refusals
(``PermissionDenied``, Django's ``ValidationError``) and django-ninja's (request
validation, authentication, not found, throttling, unreadable bodies) all answer in it:
``problem_handlers_install(api)`` puts the handlers on the ``NinjaAPI``.

An operation declares the problems it can return with ``problems()``::

    @router.get("/{person_id}", response={200: PersonOut, **problems(404, 422)})

Every operation can answer 401 (no or a bad token), 403 (no permission) and 429
(throttled), so ``problems()`` always includes those; ``body=True`` adds what a JSON body
can bring (400 unreadable, 413 too large, 415 not JSON, 422 not valid). The schema test
(``haven/core/tests/test_api_schema.py``) holds every operation to that floor.

People and pages
----------------

A record that names a person carries a ``PersonRef`` (``person_ref(person)``). A list
answers one page: its schema extends ``PageMeta`` with ``items``, and ``page_of`` cuts the
page and gives the counts::

    class CoursePage(PageMeta):
        items: list[CourseOut]

    meta, current = page_of(courses, page)
    return CoursePage(**meta, items=[course_out(course) for course in current])
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

NON_FIELD = "__all__"

# A calendar year in a query (a filter on a date's year): bounded, so a year the database
# cannot hold is a 422 and not an error deep in a date lookup.
Year = Annotated[int, Field(ge=1900, le=2100, description="A calendar year.")]

# What any authenticated, throttled operation can answer.
ALWAYS = (401, 403, 429)
# What a JSON request body can bring on top.
BODY = (400, 413, 415, 422)


class Problem(Schema):
    """An error: a sentence for people and, where fields are at fault, the messages per field."""

    detail: str = Field(description="What went wrong, in the user's language.")
    errors: dict[str, list[str]] | None = Field(
        None,
        description=f"Messages per field (dotted path into the body or the parameter's name; "
        f"'{NON_FIELD}' for what is not one field's). Absent or null when no field is at fault.",
    )


def problem_from(error: ValidationError) -> Problem:
    """A service's ValidationError as a problem: its messages per field, ``__all__`` for
    what is not one field's."""
    errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD: error.messages}
    return Problem(detail=" ".join(error.messages), errors=errors)


class PersonRef(Schema):
    """A person named in another record: enough to recognise them, not their file."""

    id: int
    reference: str = Field(description="The file number.")
    given_names: str
    family_name: str


def person_ref(person: Any) -> PersonRef:
    """The reference to ``person`` (a ``people.Person``; the core does not import it)."""
    return PersonRef(
        id=person.pk, reference=person.reference, given_names=person.given_names, family_name=person.family_name
    )


class PageMeta(Schema):
    """Where a page of a list is: the schema of a list extends it with ``items``."""

    count: int = Field(description="How many records the whole list holds.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages the list has.")


def page_of(rows: Any, page: int, size: int | None = None) -> tuple[dict[str, int], Page]:
    """Page ``page`` of ``rows`` (a number past the end gives the last page), and the
    counts for ``PageMeta``: two queries on a queryset (the count and the page)."""
    paginator = Paginator(rows, size or settings.HAVEN_PAGE_SIZE)
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages}, current


def problems(*codes: int, body: bool = False) -> dict[int, type[Problem]]:
    """The error responses of an operation, for ``response={200: X, **problems(...)}``:
    401, 403 and 429 always, ``codes`` and, with ``body``, 400/413/415/422."""
    return dict.fromkeys(sorted({*ALWAYS, *codes, *(BODY if body else ())}), Problem)


def download(content_type: str = "application/octet-stream", description: str = "The file.") -> dict[str, Any]:
    """``openapi_extra`` of an operation that answers 200 with a file (it returns an
    ``HttpResponse``, so ninja has no schema to say so)."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def problem_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: Mapping[str, list[str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"detail": str(detail)}
    if errors is not None:
        body["errors"] = {field: [str(message) for message in messages] for field, messages in errors.items()}
    return api.create_response(request, body, status=status)


def _status_detail(status: int) -> str:
    details = {
        400: _("The request could not be read."),
        401: _("Log in or send a valid API token."),
        403: _("You do not have access to this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        415: _("Send the data as application/json."),
        429: _("Too many requests; try again later."),
    }
    return details.get(status, _("The request could not be handled."))


# Request validation ----------------------------------------------------------------------


def field_path(loc: Iterable[Any]) -> str:
    """``("body", "payload", "facts", "register")`` → ``"facts.register"``;
    ``("query", "page")`` → ``"page"``; nothing left → ``"__all__"``."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]  # the source and the name of the body parameter
    elif parts:
        parts = parts[1:]  # the source (query, path, header, cookie, form, file)
    return ".".join(parts) or NON_FIELD


def _message(error: Mapping[str, Any]) -> str:
    """pydantic's message, in the user's language for the common kinds (these sentences
    are Django's own, so its catalogue translates them)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Enter a number.")
    if kind.startswith("date_") and not kind.startswith("datetime"):
        return _("Enter a valid date.")
    if kind.startswith("datetime_"):
        return _("Enter a valid date/time.")
    if kind in ("enum", "literal_error"):
        return _("Select a valid choice. That choice is not one of the available choices.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind == "string_too_long" and "max_length" in ctx:
        limit = ctx["max_length"]
        return ngettext(
            "Ensure this value has at most %(limit_value)d character.",
            "Ensure this value has at most %(limit_value)d characters.",
            limit,
        ) % {"limit_value": limit}
    if kind == "string_too_short" and "min_length" in ctx:
        if ctx["min_length"] == 1:
            return _("This field is required.")
        limit = ctx["min_length"]
        return ngettext(
            "Ensure this value has at least %(limit_value)d character.",
            "Ensure this value has at least %(limit_value)d characters.",
            limit,
        ) % {"limit_value": limit}
    if kind in ("greater_than_equal", "greater_than") and ("ge" in ctx or "gt" in ctx):
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    if kind in ("less_than_equal", "less_than") and ("le" in ctx or "lt" in ctx):
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("le", ctx.get("lt"))
        }
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type", "json_invalid"):
        return _("Enter a valid value.")
    return str(error.get("msg", _("Enter a valid value.")))


def request_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """django-ninja's list of pydantic errors as messages per field path."""
    by_field: dict[str, list[str]] = {}
    for error in errors:
        messages = by_field.setdefault(field_path(error.get("loc", ())), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return by_field


# Handlers --------------------------------------------------------------------------------


def problem_handlers_install(api: NinjaAPI) -> None:
    """django-ninja's own errors in the problem shape (its defaults give ``detail`` a list
    for request validation and English words elsewhere)."""

    @api.exception_handler(RequestValidationError)
    def request_invalid(request: HttpRequest, exc: RequestValidationError) -> HttpResponse:
        return problem_response(api, request, 422, _("The data is not valid."), request_errors(exc.errors))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(api, request, 404, _status_detail(404))

    @api.exception_handler(AuthenticationError)
    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem_response(api, request, exc.status_code, _status_detail(exc.status_code))
