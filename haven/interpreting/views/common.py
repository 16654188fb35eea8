"""What several interpreting pages share."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseNotAllowed
from django.utils.http import urlencode

from haven.core.pagination import bounded_page, page_number
from haven.interpreting import access
from haven.interpreting.access import AnyUser
from haven.interpreting.models import Assignment, InterpretingRequest


def post_after_access(request: HttpRequest) -> HttpResponseNotAllowed | None:
    """The 405 of a POST-only page, asked *after* its access check::

        job = access.request_for_user(request.user, request_id)
        if refused := post_after_access(request):
            return refused

    Django's ``require_POST`` answers before the view runs, so another organisation's id
    would get a 405 and tell that it exists; this way it is a 404 whatever the method."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def live(job: InterpretingRequest) -> Assignment | None:
    """The request's proposed or confirmed assignment, if any (prefetched by
    ``selectors.requests_filtered`` or ``selectors.request_detail``)."""
    found = getattr(job, "live_assignments", None)
    return found[0] if found else None


def role(user: AnyUser) -> str:
    """Whose pages these are: "dispatcher", "partner" or "interpreter"; 403 for anyone else."""
    if access.is_dispatcher(user):
        return "dispatcher"
    if access.organisation_of(user) is not None:
        return "partner"
    if access.interpreter_of(user) is not None:
        return "interpreter"
    raise PermissionDenied


def uncounted_page(request: HttpRequest, rows: QuerySet, filters: Mapping[str, Any]) -> dict[str, Any]:
    """One page of a long list without counting it (``core.pagination.bounded_page``): the
    context keys ``page``, ``previous_query`` and ``next_query`` that
    ``interpreting/_page_nav.html`` shows. One query, however many rows."""
    page = bounded_page(rows, page_number(request), settings.HAVEN_PAGE_SIZE)
    kept = {name: value for name, value in filters.items() if name != "page" and value not in ("", None)}

    def query(number: int) -> str:
        return urlencode({**kept, "page": number})

    return {
        "page": page,
        "previous_query": query(page.previous_page_number()) if page.has_previous() else "",
        "next_query": query(page.next_page_number()) if page.has_next() else "",
    }
