"""Who may read the API's description (the OpenAPI schema at /api/openapi.json and the
Swagger page at /api/docs): anyone in development, only a logged-in user (session or
bearer token) when ``HAVEN_API_DOCS_PUBLIC`` is off, the production default."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext as _


def _bearer_user(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    from haven.accounts.services import api_token_authenticate

    return api_token_authenticate(key=key.strip())


def docs_login_required(view):
    """ninja's ``docs_decorator``: wraps both the schema and the docs page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            getattr(settings, "HAVEN_API_DOCS_PUBLIC", False)
            or request.user.is_authenticated
            or _bearer_user(request) is not None
        ):
            return view(request, *args, **kwargs)
        if request.path_info.endswith(".json"):
            return JsonResponse({"detail": _("Log in to read the API description.")}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapper
