"""The functional administrator's section of the start page: the reference data and the
users they keep (the Django admin's pages this user may open), and the audit trail.
The access history has its own panel, registered by the app that owns its look-up
(privacy). Built from the admin site's registry, so the core names no app."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse

from haven.core.home import HomePanel

# The admin's apps that hold accounts rather than reference data.
USER_APPS = ("accounts", "auth", "otp_totp", "otp_static")


def administration_context(request: HttpRequest) -> dict[str, Any]:
    """The links this user may open; the panel shows nothing without any. No query beyond
    the user's permissions (already read for the page)."""
    user = request.user
    apps = admin.site.get_app_list(request) if user.is_active and user.is_staff else []
    reference = [app for app in apps if app["app_label"] not in USER_APPS and app["models"]]
    users = [model for app in apps if app["app_label"] in USER_APPS for model in app["models"]]
    audit = reverse("audit") if user.has_perm("core.view_auditentry") else ""
    return {"reference_apps": reference, "user_models": users, "audit_url": audit}


ADMINISTRATION_PANEL = HomePanel(
    key="administration", template="core/_home_administration.html", context=administration_context, order=5
)
