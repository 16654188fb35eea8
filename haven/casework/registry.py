"""The service lines that keep casework (notes) on a person's file, and the roles that
are each line's staff. A line registers itself from its app's ``ready()``; casework knows
no service line.

A note kept "for the service line's staff" is readable by a user with one of the line's
roles (and by its author and the privacy officer): the line says who its staff are, the
access policy (``haven.people.policy``) says whose files they may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ServiceLine:
    code: str
    label: StrOrPromise
    staff_roles: tuple[str, ...]


_lines: dict[str, ServiceLine] = {}


def service_line_register(line: ServiceLine) -> None:
    _lines[line.code] = line


def service_line(code: str) -> ServiceLine | None:
    return _lines.get(code)


def service_lines() -> list[ServiceLine]:
    return sorted(_lines.values(), key=lambda line: line.code)


def lines_of(role_codes: list[str]) -> set[str]:
    """The service lines whose staff a user with these roles is."""
    return {line.code for line in _lines.values() if set(line.staff_roles) & set(role_codes)}
