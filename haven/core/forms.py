"""Small helpers the pages of every app share."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def service_error_to_form(form: forms.BaseForm, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: on the fields it names if the form has
    them (``rename`` maps the model's field names to the form's), else as general errors."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = rename.get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, list(error.messages))


# Dates as Belgians type them (the ISO form too, for the browser's own date picker).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


def date_field(label: Any, *, required: bool = True, initial: Any = None, **kwargs: Any) -> forms.DateField:
    """A date field of every app's forms: typed as dd/mm/yyyy (or the other Belgian forms)."""
    return forms.DateField(
        label=label,
        required=required,
        initial=initial,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}),
        **kwargs,
    )


def any_choice(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A filter's choices with "any" first (the empty value: no filter)."""
    return [("", _("any")), *choices]
