"""What the reports app keeps that points to people (haven.core.retention): a frozen
edition keeps the ids of the records behind each figure, nothing else about anyone."""

from django.utils.translation import gettext_lazy as _

from haven.core.retention import Retention, retention_register


def register() -> None:
    retention_register(
        Retention(
            "reports.ReportEdition",
            start="frozen_at",
            years=10,
            legal=_(
                "Kept while the edition is published, ten years by default: it is never changed, and its record "
                "numbers tell why a live figure differs from the published one."
            ),
            kind="pseudonymous",
            keeps=_(
                "The published document (aggregates only) and the numbers of the records behind its figures, "
                "which identify no one once those records are anonymised."
            ),
        ),
    )
