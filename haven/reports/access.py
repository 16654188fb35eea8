"""Who may read the annual report: the page, its API and nothing else of the report go
through here. Aggregates only; no person is ever shown."""

from django.contrib.auth.models import AnonymousUser

from haven.accounts.models import User
from haven.core.access import require_permission

PERMISSION = "reports.view_annual_report"


def report_for_user(user: User | AnonymousUser) -> None:
    """PermissionDenied unless the user is logged in, active and may read the report."""
    require_permission(user, PERMISSION)


RECORDS_PERMISSION = "reports.view_report_records"


def may_list_records(user: User | AnonymousUser) -> bool:
    """Whether the user may follow a figure to the records behind it (a manager sees the
    figure and its definition only; people among the records are narrowed further by the
    people policy and traced)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(RECORDS_PERMISSION))


NARRATIVE_WRITE_PERMISSION = "reports.add_sectionnarrative"


def narrative_for_user(user: User | AnonymousUser, write: bool = False) -> None:
    """PermissionDenied unless the user may read the report's texts (whoever reads the
    report: the texts are printed in it and name no one), or, to ``write``, also add a
    version of them."""
    require_permission(user, PERMISSION)
    if write:
        require_permission(user, NARRATIVE_WRITE_PERMISSION)


EDITION_READ_PERMISSION = "reports.view_reportedition"
EDITION_FREEZE_PERMISSION = "reports.add_reportedition"


def editions_for_user(user: User | AnonymousUser, *, freeze: bool = False) -> None:
    """PermissionDenied unless the user may read the report and its frozen editions, or, to
    ``freeze``, also freeze a new one (the manager)."""
    require_permission(user, PERMISSION)
    require_permission(user, EDITION_FREEZE_PERMISSION if freeze else EDITION_READ_PERMISSION)
