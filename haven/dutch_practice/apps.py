from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutchPracticeConfig(AppConfig):
    name = "haven.dutch_practice"
    label = "dutch_practice"
    verbose_name = _("Dutch practice")

    def ready(self):
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.dutch_practice import relationships

        relationships.register()
        navigation_register(
            NavigationEntry(
                "dutch_practice",
                _("Dutch practice"),
                "dutch_practice:home",
                "dutch_practice.view_conversationsession",
                order=68,
                description=_(
                    "Conversation moments and their volunteers, the directory of practice opportunities, "
                    "the newsletter Nederlands oefenen and the Trefdag."
                ),
            )
        )
