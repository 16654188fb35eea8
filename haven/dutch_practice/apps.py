from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutchPracticeConfig(AppConfig):
    name = "haven.dutch_practice"
    label = "dutch_practice"
    verbose_name = _("Dutch practice")

    def ready(self):
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.dutch_practice import relationships
        from haven.people.panels import PersonPanel, person_panel_register

        relationships.register()

        def panel_context(person, user):
            from haven.dutch_practice.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.dutch_practice.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "dutch_practice",
                _("Dutch practice"),
                "dutch_practice/_panel.html",
                order=69,
                context=panel_context,
                annotations=panel_annotations,
                permission="dutch_practice.view_volunteer",
            )
        )
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
        from haven.dutch_practice import retention

        retention.register()
