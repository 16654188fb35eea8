"""Small helpers the pages of every app share."""

from django import forms
from django.core.exceptions import ValidationError


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
