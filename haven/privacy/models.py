"""The privacy officer's reviews of break-glass openings.

The access log itself is append-only, so a review is a record of its own that points
at the log entry; it is never changed or deleted either.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.models import AccessLogEntry


class GlassReview(models.Model):
    """The privacy officer has read the reason of one break-glass opening."""

    # On PostgreSQL the log is partitioned by time, so a foreign key to it names its whole
    # primary key: (entry_id, entry_at) -> (id, at), made in SQL (privacy migration 0003).
    entry = models.OneToOneField(
        AccessLogEntry,
        on_delete=models.PROTECT,
        related_name="glass_review",
        verbose_name=_("access-log entry"),
        db_constraint=False,
    )
    entry_at = models.DateTimeField(_("when"), editable=False)  # the entry's time, copied
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now, editable=False)
    justified = models.BooleanField(_("justified"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("break-glass review")
        verbose_name_plural = _("break-glass reviews")
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"review of #{self.entry_id}"
