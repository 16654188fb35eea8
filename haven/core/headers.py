"""Security headers that Django's SecurityMiddleware and django-csp do not set.

- ``Permissions-Policy``: no camera, microphone, location, payment, USB and the like; Haven
  uses none of them (``HAVEN_PERMISSIONS_POLICY``).
- ``Cross-Origin-Resource-Policy: same-origin``: no other site embeds Haven's responses.
- ``Cache-Control: no-store`` (with Django's other never-cache headers) on every response
  to a logged-in user and every /api/ response: a superset of "every response with personal
  data", so no browser or proxy keeps a copy of a file, a list or a PDF. Static files and
  the load balancer's /health/ are left cacheable.

Referrer-Policy (``same-origin``) comes from SecurityMiddleware (``SECURE_REFERRER_POLICY``),
the Content-Security-Policy from django-csp (``CONTENT_SECURITY_POLICY``).
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers

DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"
)


def _must_not_be_stored(request, path: str) -> bool:
    static = "/" + settings.STATIC_URL.lstrip("/")
    if path.startswith(static) or path == "/health/":
        return False
    if path.startswith("/api/") or "HTTP_AUTHORIZATION" in request.META:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "HAVEN_PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        already = "no-store" in response.headers.get("Cache-Control", "")
        if not already and _must_not_be_stored(request, request.path_info):
            add_never_cache_headers(response)
        return response
