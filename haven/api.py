"""The JSON API (django-ninja) under /api/, OpenAPI schema at /api/docs.

Two ways in: the browser session (with CSRF for writes) and bearer tokens issued
to a user. Either way the endpoint's user is ``request.auth`` and the same access
functions as the pages decide what it may see.
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from haven.accounts.services import api_token_authenticate
from haven.core.api import problem_handlers_install
from haven.core.api_docs import docs_login_required
from haven.core.throttling import api_throttles, person_throttles


class TokenAuth(HttpBearer):
    openapi_description = "Authorization: Bearer <token>. Tokens are issued by a functional administrator."

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(key=token)
        if user is not None:
            request.user = user
            request.haven_api_token = token  # type: ignore[attr-defined]  # the per-token rate limit (haven.core.throttling)
        return user


class HavenAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """``<app's api module>_<view>``: an app's API may be a package of topic modules
        (haven.integration.api.contracts), and its operation ids stay those of the app
        (haven_integration_api_contract_sign) whichever module a view lives in."""
        module = operation.view_func.__module__
        if ".api." in module:
            module = module[: module.index(".api.") + len(".api")]
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = HavenAPI(
    title="Haven API",
    version="1",
    description="Haven, the operations platform of an integration agency.",
    # The token first: SessionAuth checks CSRF before it looks at the session, so it
    # would refuse a token client's POST (which has no CSRF cookie) before TokenAuth ran.
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs_url="/docs",
    # The schema and the docs page need a login in production (HAVEN_API_DOCS_PUBLIC).
    docs_decorator=docs_login_required,
    # Rate limits per token/session and per user (HAVEN_API_RATE, HAVEN_API_USER_RATE).
    throttle=api_throttles(),
)
problem_handlers_install(api)  # ninja's own errors (validation, 401, 404, 429) in the one problem shape


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    from haven.people.access import BreakGlassRequired, FileRestricted, PurposeRefused

    detail = str(_("You do not have access to this."))
    if isinstance(exc, BreakGlassRequired):
        detail = str(
            _(
                "This file is outside your caseload or programme. To open it, send your reason (at least "
                "20 characters) in the X-Break-Glass-Reason header; it is logged and reviewed."
            )
        )
    elif isinstance(exc, PurposeRefused | FileRestricted):
        detail = str(exc)
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(RequestDataTooBig)
def request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    # Normally refused earlier from the Content-Length (haven.core.limits); this catches the rest.
    from haven.core.limits import too_large_response

    return too_large_response(request)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": str(_("The data is not valid.")), "errors": errors}, status=422)


def _routers():
    from haven.casework.api import router as casework_router
    from haven.community.api import router as community_router
    from haven.dutch_practice.api import router as dutch_practice_router
    from haven.education.api import router as education_router
    from haven.integration.api import router as integration_router
    from haven.interpreting.api import router as interpreting_router
    from haven.leisure.api import router as leisure_router
    from haven.nt2.api import router as nt2_router
    from haven.organisations.api import router as organisations_router
    from haven.orientation.api import router as orientation_router
    from haven.people.api import router as people_router
    from haven.reports.api import router as reports_router
    from haven.transit_site.api import router as transit_site_router

    # The operations that show people also count against HAVEN_API_PERSON_RATE.
    api.add_router("/people", people_router, throttle=person_throttles())
    api.add_router("/reports", reports_router)
    api.add_router("/integration", integration_router)
    api.add_router("/casework", casework_router, throttle=person_throttles())
    api.add_router("/orientation", orientation_router)
    api.add_router("/nt2", nt2_router)
    api.add_router("/interpreting", interpreting_router)
    api.add_router("/education", education_router, throttle=person_throttles())
    api.add_router("/leisure", leisure_router, throttle=person_throttles())
    api.add_router("/community", community_router, throttle=person_throttles())
    api.add_router("/dutch-practice", dutch_practice_router)
    api.add_router("/transit-site", transit_site_router, throttle=person_throttles())
    api.add_router("/organisations", organisations_router, throttle=person_throttles())


_routers()
