"""Navigation by service line. Each app registers its entries in its AppConfig.ready();
the page header shows those the user has the permission for."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavigationEntry:
    key: str
    label: str  # a lazy translation
    url_name: str
    permission: str
    order: int = 100
    description: str = ""  # a lazy translation, shown on the start page

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: dict[str, NavigationEntry] = {}


def navigation_register(entry: NavigationEntry) -> None:
    _entries[entry.key] = entry


def navigation_for_user(user) -> list[NavigationEntry]:
    if not user.is_authenticated:
        return []
    entries = sorted(_entries.values(), key=lambda entry: (entry.order, entry.key))
    return [entry for entry in entries if user.has_perm(entry.permission)]
