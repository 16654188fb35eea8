"""The reports app stores nothing: every figure is counted from records when asked.
This model only carries the permission to see the aggregate reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnualReport(models.Model):
    """Unmanaged placeholder that holds the ``view_annual_report`` permission."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_annual_report", _("Can see the annual report (aggregates only)"))]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
