"""How long the core's two logs are kept (haven.core.retention): the access log and the audit
trail are hash chains, append-only, so nothing in them is ever erased or changed. They hold
record numbers (a person's id, a user's id) and field names, never a person's data: once
the person is anonymised, their entries point to a pseudonym."""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "core.AccessLogEntry",
            start="at",
            years=10,
            legal=_(
                "Kept ten years (the agency's retention schedule for access logs): append-only and chained, an "
                "entry cannot be removed or changed without breaking the proof of the whole log."
            ),
            kind="pseudonymous",
            keeps=_("Who read which file number, when and why: the person's id becomes a pseudonym with them."),
        ),
        Retention(
            "core.AuditEntry",
            start="at",
            years=10,
            legal=_(
                "Kept ten years (the agency's retention schedule for access logs): append-only and chained, an "
                "entry cannot be removed or changed without breaking the proof of the whole trail."
            ),
            kind="pseudonymous",
            keeps=_(
                "Which account changed which record and which fields: user names and codes of reference data, "
                "never a person's data."
            ),
        ),
    )
