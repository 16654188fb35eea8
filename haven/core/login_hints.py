"""What `haven serve` prints before it serves: the logins an app offers (e.g. the demo's).

An app that creates logins to try Haven with registers a provider in its AppConfig.ready():

    login_hints_register("demo", demo_login_hints)

A provider returns ``LoginHints`` (a title and the logins, each a username and what it is
for), or None when it has none to offer in this database. The core knows no app.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoginHints:
    title: str  # e.g. "Demo logins (password for each: …):"
    logins: list[tuple[str, str]]  # (username, what it is for)


LoginHintsProvider = Callable[[], "LoginHints | None"]

_providers: dict[str, LoginHintsProvider] = {}


def login_hints_register(key: str, provider: LoginHintsProvider) -> None:
    _providers[key] = provider


def login_hints() -> list[LoginHints]:
    """The hints of every registered provider that has logins to offer, in registration order."""
    hints = (provider() for provider in _providers.values())
    return [hint for hint in hints if hint is not None and hint.logins]
