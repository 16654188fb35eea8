from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "haven.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from haven.core.navigation import NavigationEntry, navigation_register

        navigation_register(
            NavigationEntry(
                "privacy",
                _("Privacy"),
                "privacy:review",
                "privacy.view_glassreview",
                order=90,
                description=_("Files opened outside a relationship, users who open many files, who has seen a person."),
            )
        )
