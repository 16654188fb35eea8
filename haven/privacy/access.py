"""Who may use the privacy officer's pages."""

from haven.core.access import require_permission


def reviews_for_user(user, *, write: bool = False) -> None:
    require_permission(user, "privacy.add_glassreview" if write else "privacy.view_glassreview")
