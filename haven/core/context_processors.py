from typing import Any

from django.conf import settings
from django.http import HttpRequest

from haven.core.navigation import navigation_for_user


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs on every page: navigation and the available languages.
    Worked out once per request: a page that renders parts of itself (the person file's
    panels) calls the context processors for each part."""
    cached = getattr(request, "_haven_shell", None)
    if cached is None:
        cached = request._haven_shell = _shell(request)  # type: ignore[attr-defined]  # the request's own cache
    return cached


def _shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # No navigation while the two-step login is pending (haven.accounts.two_factor).
    pending = getattr(request, "two_factor_pending", False)
    navigation = navigation_for_user(user) if user is not None and not pending else []
    # The entry whose address is the longest beginning of this page's is the current one.
    matching = [entry for entry in navigation if request.path.startswith(entry.url)]
    current = max(matching, key=lambda entry: len(entry.url)).key if matching else None
    return {
        "navigation": navigation,
        "navigation_current": current,
        "interface_languages": settings.LANGUAGES,
        "municipality": settings.HAVEN_MUNICIPALITY,
    }
