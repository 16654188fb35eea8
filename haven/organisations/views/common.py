"""What the organisations pages share: the form page every simple record uses."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from haven.core.forms import service_error_to_form


def form_page(request: HttpRequest, context: dict[str, Any], *, status: int | None = None) -> HttpResponse:
    """The generic form page: ``title``, ``active`` (the subnavigation), ``form``,
    ``cancel_url``, optionally ``eyebrow``, ``submit`` and ``may_change``."""
    context.setdefault("may_change", True)
    if status is None:
        status = 422 if request.method == "POST" and context["form"].errors else 200
    return render(request, "organisations/form.html", context, status=status)


def refused(form: Any, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    service_error_to_form(form, error, rename)


def values_of(form: Any, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in fields if name in form.cleaned_data}
