"""Belgian national register and BIS numbers, through python-stdnum only."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.be import bis, nn


def national_number_clean(value: str) -> str:
    """Validate a national register number or a BIS number and return its 11 digits.

    The error messages never repeat the number itself.
    """
    compact = nn.compact(value or "")
    if not compact.isdigit():
        raise ValidationError(
            _("A national register or BIS number has only digits (dots, dashes and spaces are allowed)."),
            code="invalid_format",
        )
    if len(compact) != 11:
        raise ValidationError(
            _("A national register or BIS number has 11 digits."), code="invalid_length"
        )
    failures = []
    for module in (nn, bis):
        try:
            return module.validate(compact)
        except stdnum_errors.ValidationError as error:
            failures.append(error)
    if all(isinstance(error, stdnum_errors.InvalidChecksum) for error in failures):
        raise ValidationError(
            _("The check digits do not match: please check the national register or BIS number."),
            code="invalid_checksum",
        )
    raise ValidationError(
        _("This is not a valid national register or BIS number (the birth date in it is impossible)."),
        code="invalid_component",
    )


def national_number_kind(compact: str) -> str:
    """'bis' for a BIS number, 'nn' for a national register number, '' if empty or invalid."""
    if not compact:
        return ""
    if bis.is_valid(compact):
        return "bis"
    if nn.is_valid(compact):
        return "nn"
    return ""


def national_number_format(compact: str) -> str:
    """The printed form YY.MM.DD-SSS.CC."""
    if not compact:
        return ""
    return bis.format(compact) if bis.is_valid(compact) else nn.format(compact)
