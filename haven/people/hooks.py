"""What the service lines do when the registry registers a person or changes a file.

The registry offers the hook and knows no service line: an app registers a function in
its ``AppConfig.ready()``::

    from haven.people.hooks import person_change_register

    person_change_register("integration.settlement", settlement_on_person_change)

``people.services.person_create`` and ``person_update`` call every registered function
with a :class:`PersonChange`, inside their transaction, after the person is saved and the
change logged: what a function writes is committed with the registration or the change,
and an error it raises undoes both. Every channel (the pages, the API, the demo) goes
through those services, so none can register a person the service lines do not hear of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from haven.core.models import AccessChannel

if TYPE_CHECKING:
    from haven.accounts.models import User
    from haven.people.models import Person


@dataclass(frozen=True)
class PersonChange:
    """A person registered (``created``, every field in ``changed``) or their file
    changed (the names of the changed fields)."""

    person: Person
    by: User | None
    created: bool
    changed: frozenset[str]
    channel: AccessChannel | None = None


PersonChangeHook = Callable[[PersonChange], None]

_hooks: dict[str, PersonChangeHook] = {}


def person_change_register(name: str, hook: PersonChangeHook) -> None:
    """Call ``hook`` on every registration and change of a file. Registering the same
    name again replaces the function (``ready()`` may run more than once)."""
    _hooks[name] = hook


def person_changed(change: PersonChange) -> None:
    """Tell every registered app, in the order they registered."""
    for hook in list(_hooks.values()):
        hook(change)


def person_change_hooks() -> dict[str, PersonChangeHook]:
    """The registered hooks by name (for tests and checks)."""
    return dict(_hooks)
