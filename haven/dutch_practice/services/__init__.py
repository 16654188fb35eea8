"""Writes of the Dutch-practice line, one function per act, by topic: the conversation
moments (``moments``), the directory (``directory``), the newsletter (``newsletter``)
and the Trefdag (``practice_days``). Every write checks its input and refuses with a
ValidationError naming the field; each runs in one transaction."""

from collections.abc import Mapping
from typing import Any


def changed(instance: Any, values: Mapping[str, Any], fields: tuple[str, ...]) -> list[str]:
    """Set the ``fields`` given in ``values`` on ``instance``; the names of those that changed."""
    names = []
    for name in fields:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            names.append(name)
    return names
