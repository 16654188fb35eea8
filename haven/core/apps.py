from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _access_log_partitions(sender, using, **kwargs):
    """After every migrate: the access log's partitions up to 3 months ahead (PostgreSQL)."""
    from haven.core.partitions import ensure_access_log_partitions

    ensure_access_log_partitions(using=using)


class CoreConfig(AppConfig):
    name = "haven.core"
    label = "core"
    verbose_name = _("Core and reference data")

    def ready(self):
        from haven.core import audit_retention

        audit_retention.register()
        post_migrate.connect(_access_log_partitions, sender=self, dispatch_uid="core_access_log_partitions")
        from haven.core.administration import ADMINISTRATION_PANEL
        from haven.core.home import home_panel_register
        from haven.core.navigation import NavigationEntry, navigation_register

        home_panel_register(ADMINISTRATION_PANEL)

        navigation_register(
            NavigationEntry(
                "audit",
                _("Audit trail"),
                "audit",
                "core.view_auditentry",
                order=95,
                description=_("Every change to users, roles, API tokens and reference data."),
            )
        )
