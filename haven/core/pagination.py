"""Pagination of the list pages: one helper for every app, one partial to show it.

A list page filters with a GET form and shows one page of the result::

    context.update(paginate(request, rows, form))
    ...
    {% include "core/_pagination.html" %}

The links keep the filter: the form's cleaned values (a record as its pk, a date as it
is typed) plus the page number. A second list on the same page takes its own page field
and its own names in the context::

    context.update(paginate(request, past, form, page_field="past_page", prefix="past_"))
    {% include "core/_pagination.html" with page=past_page previous_query=past_previous_query next_query=past_next_query %}

A list that must not be counted (searching a large registry as one types) takes
``bounded_page``: one query for a page plus one row, and the total only on the last page.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode

Row = TypeVar("Row", bound=Model)

Filters = forms.Form | Mapping[str, Any] | None


def page_number(request: HttpRequest, name: str = "page") -> int:
    """The page asked for in the query string; 1 when absent or not a number."""
    try:
        return max(1, int(request.GET.get(name, 1)))
    except (TypeError, ValueError):
        return 1


def _filter_values(filters: Filters, *, date_format: str = "%d/%m/%Y") -> dict[str, Any]:
    """The filter of a list as query-string values: a valid form's cleaned data (a record
    as its pk, a date as typed) or a mapping; empty values and page fields left out."""
    if filters is None:
        return {}
    items: Iterable[tuple[str, Any]]
    if isinstance(filters, forms.Form):
        items = filters.cleaned_data.items() if filters.is_valid() else ()
    else:
        items = filters.items()
    values: dict[str, Any] = {}
    for name, value in items:
        if name.endswith("page") or value is None or value is False or value == "":
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "strftime"):
            value = value.strftime(date_format)
        values[name] = value
    return values


def _page_query(filters: Filters, number: int, *, page_field: str = "page", date_format: str = "%d/%m/%Y") -> str:
    """The query string of page ``number`` of a list filtered by ``filters``."""
    return urlencode({**_filter_values(filters, date_format=date_format), page_field: number})


def paginate(
    request: HttpRequest,
    rows: Any,
    filters: Filters = None,
    *,
    page_field: str = "page",
    prefix: str = "",
    size: int | None = None,
    date_format: str = "%d/%m/%Y",
) -> dict[str, Any]:
    """One page of ``rows`` and the links to the pages around it, for the partial: the
    context keys ``page``, ``previous_query`` and ``next_query`` (each after ``prefix``).
    Two queries on a queryset (the count and the page)."""
    page = Paginator(rows, size or settings.HAVEN_PAGE_SIZE).get_page(page_number(request, page_field))

    def query(number: int) -> str:
        return _page_query(filters, number, page_field=page_field, date_format=date_format)

    return {
        f"{prefix}page": page,
        f"{prefix}previous_query": query(page.previous_page_number()) if page.has_previous() else "",
        f"{prefix}next_query": query(page.next_page_number()) if page.has_next() else "",
    }


class BoundedPage(Generic[Row]):
    """One page of a list that was not counted: the rows, and whether more follow.
    It answers the template questions of Django's ``Page`` (``has_next``,
    ``next_page_number``, ...) except the number of pages; ``total`` is known only on
    the last page (the rows before it plus its own), else None ("more than ``shown``")."""

    def __init__(self, rows: list[Row], *, number: int, size: int, more: bool):
        self.object_list = rows
        self.number = number
        self.size = size
        self.more = more

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def shown(self) -> int:
        """How many rows this page and the ones before it hold."""
        return (self.number - 1) * self.size + len(self.object_list)

    @property
    def total(self) -> int | None:
        return None if self.more else self.shown


def bounded_page(rows: QuerySet[Row], number: int, size: int) -> BoundedPage[Row]:
    """Page ``number`` of ``rows`` without counting them: one query for ``size + 1`` rows
    (the one more says whether a next page exists). A page past the end (a stale page
    number) gives the first page, for a second query."""
    number = max(1, number)
    offset = (number - 1) * size
    found = list(rows[offset : offset + size + 1])
    if not found and number > 1:
        return bounded_page(rows, 1, size)
    return BoundedPage(found[:size], number=number, size=size, more=len(found) > size)
