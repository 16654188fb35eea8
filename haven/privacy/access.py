"""Who may use the privacy officer's pages."""

from django.contrib.auth.models import AnonymousUser

from haven.accounts.models import User
from haven.core.access import require_permission


def reviews_for_user(user: User | AnonymousUser, *, write: bool = False) -> None:
    """PermissionDenied unless the user is logged in, active and may read (or, ``write``, make) reviews."""
    require_permission(user, "privacy.add_glassreview" if write else "privacy.view_glassreview")


def requests_for_user(user: User | AnonymousUser, *, write: bool = False) -> None:
    """PermissionDenied unless the user may read (or, ``write``, decide on) a person's requests:
    restriction, its lifting, early erasure."""
    require_permission(user, "privacy.add_subjectrequest" if write else "privacy.view_subjectrequest")
