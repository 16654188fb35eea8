"""The permission check every app's access module starts from, and who reads the core's audit trail."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from haven.accounts.models import User


def require_permission(user: User | AnonymousUser, permission: str) -> None:
    """PermissionDenied unless the user is logged in, active and holds the permission."""
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied


def audit_trail_for_user(user: User | AnonymousUser) -> None:
    """PermissionDenied unless the user may read the audit trail (changes to users, roles,
    tokens and reference data)."""
    require_permission(user, "core.view_auditentry")


def may(user: User | AnonymousUser, permission: str) -> bool:
    """Whether a page offers an action (the write checks again with ``require_permission``).

    The permission is written in full ("app_label.codename"): a bare codename would never be
    held, and the page would silently stop offering the action, so it is refused here."""
    if "." not in permission:
        raise ValueError(f"permission {permission!r} is not 'app_label.codename'")
    return bool(user.has_perm(permission))
