"""Belgian national register and BIS numbers, through python-stdnum only."""

import datetime
from dataclasses import dataclass

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
        raise ValidationError(_("A national register or BIS number has 11 digits."), code="invalid_length")
    failures = []
    for module in (nn, bis):
        try:
            valid = module.validate(compact)
        except stdnum_errors.ValidationError as error:
            failures.append(error)
        else:
            if _day_impossible(valid, module):
                break
            return valid
    if failures and all(isinstance(error, stdnum_errors.InvalidChecksum) for error in failures):
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


def _day_impossible(compact: str, module) -> bool:
    """python-stdnum reads a day past the month's end (90.02.30) as "day unknown"; only
    day 00 means that, so such a number is refused."""
    month, day = int(compact[2:4]) % 20, int(compact[4:6])
    return bool(month and day) and module.get_birth_date(compact) is None


@dataclass(frozen=True)
class NumberFacts:
    """What a valid number fixes about its holder; None where the number leaves it open
    (BIS numbers issued without a known birth date or sex, month or day 00)."""

    birth_date: datetime.date | None
    year_in_century: int | None
    month: int | None
    sex: str | None  # "M" or "F"


def national_number_facts(compact: str) -> NumberFacts:
    """The birth date (or the parts of it that are known) and sex a valid national
    register or BIS number (11 digits) encodes, through python-stdnum."""
    module = bis if bis.is_valid(compact) else nn
    birth_date = module.get_birth_date(compact)
    unknown_date = compact[:6] in ("000001", "002001", "004001")  # stdnum's "birth date unknown"
    month = int(compact[2:4]) % 20
    return NumberFacts(
        birth_date=birth_date,
        year_in_century=None if unknown_date else int(compact[:2]),
        month=None if unknown_date or not month else month,
        sex=module.get_gender(compact),
    )


def national_number_mismatches(compact: str, *, birth_date: datetime.date | None, sex: str | None) -> dict:
    """Messages per field where the birth date or sex given contradicts what the number
    fixes. Sex "X" (other or unknown) contradicts nothing. The messages never repeat
    the number."""
    facts = national_number_facts(compact)
    errors = {}
    if birth_date is not None:
        if facts.birth_date is not None:
            wrong = facts.birth_date != birth_date
        else:
            wrong = (facts.year_in_century is not None and birth_date.year % 100 != facts.year_in_century) or (
                facts.month is not None and birth_date.month != facts.month
            )
        if wrong:
            errors["birth_date"] = _("The date of birth does not match the national register or BIS number.")
    if sex in ("M", "F") and facts.sex is not None and facts.sex != sex:
        errors["sex"] = _("The sex does not match the national register or BIS number.")
    return errors
