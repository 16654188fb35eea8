"""Who may read the annual report: the page, its API and nothing else of the report go
through here. Aggregates only; no person is ever shown."""

from django.contrib.auth.models import AnonymousUser

from haven.accounts.models import User
from haven.core.access import require_permission

PERMISSION = "reports.view_annual_report"


def report_for_user(user: User | AnonymousUser) -> None:
    """PermissionDenied unless the user is logged in, active and may read the report."""
    require_permission(user, PERMISSION)
