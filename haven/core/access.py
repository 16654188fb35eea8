"""The permission check every app's access module starts from."""

from django.core.exceptions import PermissionDenied


def require_permission(user, permission: str) -> None:
    """PermissionDenied unless the user is logged in, active and holds the permission."""
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied
