from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Nt2Config(AppConfig):
    name = "haven.nt2"
    label = "nt2"
    verbose_name = _("Dutch as a second language")

    def ready(self):
        from haven.nt2 import retention

        retention.register()
        from haven.nt2 import relationships

        relationships.register()
        from haven.casework.registry import ServiceLine, service_line_register

        # Its staff keep casework notes on the files they follow.
        service_line_register(ServiceLine("nt2", self.verbose_name, ("nt2_staff",)))
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "nt2",
                _("Dutch (NT2)"),
                "nt2:home",
                "nt2.view_conversation",
                order=40,
                description=_(
                    "Dutch intakes and tests, routing to course providers, enrolments, scholarships "
                    "and certification tests."
                ),
            )
        )

        def panel_context(person, user):
            from haven.nt2.views.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.nt2.views.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "nt2",
                _("Dutch (NT2)"),
                "nt2/_panel.html",
                order=40,
                context=panel_context,
                annotations=panel_annotations,
                permission="nt2.view_conversation",
            )
        )
