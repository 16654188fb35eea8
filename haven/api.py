"""The JSON API (django-ninja) under /api/, OpenAPI schema at /api/docs.

Two ways in: the browser session (with CSRF for writes) and bearer tokens issued
to a user. Either way the endpoint's user is ``request.auth`` and the same access
functions as the pages decide what it may see.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from haven.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = "Authorization: Bearer <token>. Tokens are issued by a functional administrator."

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Haven API",
    version="1",
    description="Haven, the operations platform of an integration agency.",
    # The token first: SessionAuth checks CSRF before it looks at the session, so it
    # would refuse a token client's POST (which has no CSRF cookie) before TokenAuth ran.
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(_("You do not have access to this."))}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": str(_("The data is not valid.")), "errors": errors}, status=422
    )


def _routers():
    from haven.integration.api import router as integration_router
    from haven.interpreting.api import router as interpreting_router
    from haven.nt2.api import router as nt2_router
    from haven.orientation.api import router as orientation_router
    from haven.people.api import router as people_router
    from haven.reports.api import router as reports_router

    api.add_router("/people", people_router)
    api.add_router("/reports", reports_router)
    api.add_router("/integration", integration_router)
    api.add_router("/orientation", orientation_router)
    api.add_router("/nt2", nt2_router)
    api.add_router("/interpreting", interpreting_router)


_routers()
