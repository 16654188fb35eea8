from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "haven.core"
    label = "core"
    verbose_name = _("Core and reference data")

    def ready(self):
        from haven.core.navigation import NavigationEntry, navigation_register

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
