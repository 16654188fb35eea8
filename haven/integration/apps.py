from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationConfig(AppConfig):
    name = "haven.integration"
    label = "integration"
    verbose_name = _("Civic integration")

    def ready(self):
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(NavigationEntry(
            "integration", _("Civic integration"), "integration:home", "integration.view_contract", order=20,
            description=_("Registrations and their status, integration contracts, caseloads and certificates."),
        ))
        # Diploma dossiers are reached from the integration pages' own tabs: a second
        # entry under /integration/ would be marked current together with this one
        # (the shell compares the first 8 characters of the path).

        def panel_context(person, user):
            from haven.integration.views import person_panel_context

            return person_panel_context(person, user)

        person_panel_register(PersonPanel(
            "integration", _("Civic integration"), "integration/_panel.html", order=30,
            context=panel_context, permission="integration.view_registration",
        ))
