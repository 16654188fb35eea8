"""Breaking the glass: opening a file outside one's relationships, with a written reason.

The reason is given once, in a POST (never in a URL), and kept in the session for
``HAVEN_BREAK_GLASS_MINUTES`` per file, so the pages of that file (its panels, its
contract, its NT2 intake) open without asking again; every read in that time is
logged as a break-glass read with the reason. API clients send the reason in the
``X-Break-Glass-Reason`` header with each request.

The middleware keeps the current request in a context variable so that the access
functions, which receive a user and not a request, can find the reason.
"""

from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

SESSION_KEY = "haven_glass"
HEADER = "HTTP_X_BREAK_GLASS_REASON"

_current_request: ContextVar = ContextVar("haven_glass_request", default=None)


class BreakGlassMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def glass_open(request, person_id: int, reason: str) -> None:
    """Remember a broken glass for this file in the session."""
    now = timezone.now().timestamp()
    opened = {
        key: value for key, value in request.session.get(SESSION_KEY, {}).items() if value.get("until", 0) > now
    }  # expired ones are dropped
    opened[str(person_id)] = {"reason": reason, "until": now + 60 * settings.HAVEN_BREAK_GLASS_MINUTES}
    request.session[SESSION_KEY] = opened


def glass_reason(person_id: int) -> str:
    """The reason given for breaking the glass on this file in the current request or
    session, or ''."""
    request = _current_request.get()
    if request is None:
        return ""
    header = request.META.get(HEADER, "")
    if header:
        return header.strip()
    session = getattr(request, "session", None)
    if session is None:
        return ""
    entry = session.get(SESSION_KEY, {}).get(str(person_id))
    if not entry or entry.get("until", 0) <= timezone.now().timestamp():
        return ""
    return entry.get("reason", "")
