"""The current request, for the access log and the audit trail.

``RequestTraceMiddleware`` gives every HTTP request an id (uuid4 hex, also sent back
as the ``X-Request-Id`` header) and remembers, in a context variable, the channel
(``api`` under /api/, else ``web``) and, once the URL is resolved, the URL name of the
view (``people:list``, ``api:person_list``): never a path, which may hold values.
``current_request_trace()`` returns that while the request runs, else None (the
command line, tests that call services directly).
"""

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field

from haven.core.models import AccessChannel

REQUEST_ID_HEADER = "X-Request-Id"


@dataclass
class RequestTrace:
    request_id: str
    channel: str
    _request: object = field(default=None, repr=False)
    _page: str = ""

    @property
    def page(self) -> str:
        if not self._page and self._request is not None:
            match = getattr(self._request, "resolver_match", None)
            if match is not None:
                self._page = (match.view_name or "")[:200]
        return self._page


_current: ContextVar[RequestTrace | None] = ContextVar("haven_request_trace", default=None)


def current_request_trace() -> RequestTrace | None:
    """The request being answered (request_id, channel, page), or None outside one."""
    return _current.get()


def channel_for_path(path: str) -> str:
    return AccessChannel.API if path == "/api" or path.startswith("/api/") else AccessChannel.WEB


class RequestTraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trace = RequestTrace(
            request_id=uuid.uuid4().hex, channel=str(channel_for_path(request.path_info)), _request=request
        )
        request.request_id = trace.request_id
        token = _current.set(trace)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
            trace._request = None
        response[REQUEST_ID_HEADER] = trace.request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        trace = _current.get()
        if trace is not None and request.resolver_match is not None:
            trace._page = (request.resolver_match.view_name or "")[:200]
        return None
