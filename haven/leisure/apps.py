from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeisureConfig(AppConfig):
    name = "haven.leisure"
    label = "leisure"
    verbose_name = _("Leisure")

    def ready(self):
        from haven.leisure import relationships

        relationships.register()
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "leisure",
                _("Leisure"),
                "leisure:referrals",
                "leisure.view_referral",
                order=66,
                description=_(
                    "Referrals of minors and adults to leisure activities and volunteering, the organisations, "
                    "Dagje Planeet Gent and the participation markets."
                ),
            )
        )

        def panel_context(person, user):
            from haven.leisure.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.leisure.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "leisure",
                _("Leisure"),
                "leisure/_panel.html",
                order=66,
                context=panel_context,
                annotations=panel_annotations,
                permission="leisure.view_referral",
            )
        )

        from haven.leisure import retention

        retention.register()
