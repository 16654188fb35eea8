"""API rate limits (django-ninja's throttling), read from the settings at each request.

Three limits, each a rate like "1000/h" (an empty value switches that limit off):

- ``HAVEN_API_RATE``: per credential: per bearer token, or per session for the browser.
- ``HAVEN_API_USER_RATE``: per user, summed over all their tokens and their session (so a
  second token does not double the allowance).
- ``HAVEN_API_PERSON_RATE``: per user, for the operations that show people (the /api/people
  router: files, lists, search), the bulk-reading bound of the privacy policy.

The counts live in Django's cache (``CACHES``, ``HAVEN_CACHE_URL``): the default local-memory
cache is per process, so production with several workers needs a shared cache. A request
over a limit gets 429 with a ``Retry-After`` header and a problem body in the user's language
(the handler is in haven/api.py).
"""

import hashlib

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle


class _SettingsRateThrottle(SimpleRateThrottle):
    setting: str = ""
    default: str | None = None

    def __init__(self) -> None:
        self.scope = self.setting.lower()
        super().__init__(rate=self.default or "1/s")

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting, self.default)
        if not rate:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


def _user_key(request: HttpRequest) -> str | None:
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return str(user.pk)


class CredentialRateThrottle(_SettingsRateThrottle):
    """Per bearer token (by the digest of its key) or, for the browser, per session user."""

    setting = "HAVEN_API_RATE"
    default = "1000/h"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "haven_api_token", None)
        if token:
            ident = "token-" + hashlib.sha256(token.encode()).hexdigest()
        else:
            user = _user_key(request)
            if user is None:
                return None
            ident = "session-" + user
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UserRateThrottle(_SettingsRateThrottle):
    """Per user, whatever the credential."""

    setting = "HAVEN_API_USER_RATE"
    default = "2000/h"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = _user_key(request)
        if user is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user}


class PersonReadRateThrottle(UserRateThrottle):
    """Per user, only on the operations that show people."""

    setting = "HAVEN_API_PERSON_RATE"
    default = "300/h"


def api_throttles() -> list:
    return [CredentialRateThrottle(), UserRateThrottle()]


def person_throttles() -> list:
    """For a router whose operations show people: the API-wide limits plus the person limit
    (a router's own throttle list replaces the API's, so it repeats them)."""
    return [*api_throttles(), PersonReadRateThrottle()]
