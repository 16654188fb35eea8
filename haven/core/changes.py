"""Applying a form's or a request's values to a record in an update service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist


def fields_set(instance: Any, values: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    """Set on ``instance`` each of ``fields`` that ``values`` gives; the names of those that
    changed (for the audit, which keeps names, never values). Fields not given stay as they are."""
    names = []
    for name in fields:
        if name not in values:
            continue
        try:
            current = getattr(instance, name)
        except ObjectDoesNotExist:  # a relation not set yet
            current = None
        if current != values[name]:
            setattr(instance, name, values[name])
            names.append(name)
    return names
