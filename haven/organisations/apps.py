from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "haven.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from haven.organisations import relationships

        relationships.register()
        from haven.core.home import HomePanel, home_panel_register
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "organisations",
                _("Organisations"),
                "organisations:testimonies",
                "organisations.view_testimonyrequest",
                order=68,
                description=_(
                    "Trainings and coaching on diversity and language policy, the ambassadors and their "
                    "testimonies, and the support of associations of ethnic-cultural minorities."
                ),
            )
        )

        def home_context(request):
            from haven.organisations.panel import home_panel_context

            return home_panel_context(request)

        home_panel_register(
            HomePanel(
                "organisations_testimonies",
                "organisations/_home.html",
                context=home_context,
                permission="organisations.view_testimonyrequest",
                order=68,
            )
        )

        def panel_context(person, user):
            from haven.organisations.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.organisations.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "organisations",
                _("Ambassador"),
                "organisations/_panel.html",
                order=68,
                context=panel_context,
                annotations=panel_annotations,
                permission="organisations.view_ambassador",
            )
        )
        from haven.organisations import retention

        retention.register()
