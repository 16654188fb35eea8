"""Navigation by service line. Each app registers its entries in its AppConfig.ready();
the page header shows those the user has the permission for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from haven.accounts.models import User


@dataclass(frozen=True)
class NavigationEntry:
    key: str
    label: StrOrPromise  # a lazy translation
    url_name: str
    permission: str
    order: int = 100
    description: StrOrPromise = ""  # a lazy translation, shown on the start page

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: dict[str, NavigationEntry] = {}


def navigation_register(entry: NavigationEntry) -> None:
    _entries[entry.key] = entry


def navigation_for_user(user: User | AnonymousUser) -> list[NavigationEntry]:
    if not user.is_authenticated:
        return []
    entries = sorted(_entries.values(), key=lambda entry: (entry.order, entry.key))
    return [entry for entry in entries if user.has_perm(entry.permission)]
