from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationConfig(AppConfig):
    name = "haven.integration"
    label = "integration"
    verbose_name = _("Civic integration")

    def ready(self):
        from haven.integration import retention

        retention.register()
        from haven.integration import relationships

        relationships.register()
        from haven.casework.registry import ServiceLine, service_line_register

        # Its staff keep casework notes on the files they follow.
        service_line_register(ServiceLine("integration", self.verbose_name, ("counsellor", "team_coordinator")))
        from haven.casework.task_rules import task_rule_register
        from haven.integration.casework_rules import CONTRACT_START_RULE

        task_rule_register(CONTRACT_START_RULE)
        from haven.casework.appointments import staff_languages_register

        def counsellor_languages(user) -> set[str]:
            from haven.core.models import Language

            return set(Language.objects.filter(counsellors__user=user).values_list("code", flat=True))

        # An appointment offers an interpreter when the counsellor does not speak the person's language.
        staff_languages_register(counsellor_languages)
        from haven.integration.services.status import settlement_on_person_change
        from haven.people.hooks import person_change_register

        # Every newcomer gets a settlement decision, whichever way they enter the registry.
        person_change_register("integration.settlement", settlement_on_person_change)
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "integration",
                _("Civic integration"),
                "integration:home",
                "integration.view_contract",
                order=20,
                description=_("Registrations and their status, integration contracts, caseloads and certificates."),
            )
        )
        navigation_register(
            NavigationEntry(
                "diploma_dossiers",
                _("Diploma recognition"),
                "integration:dossiers",
                "integration.view_diplomadossier",
                order=25,
                description=_("Diploma recognition dossiers: what is missing, where they stand."),
            )
        )

        def panel_context(person, user):
            from haven.integration.views.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.integration.views.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "integration",
                _("Civic integration"),
                "integration/_panel.html",
                order=30,
                context=panel_context,
                annotations=panel_annotations,
                permission="integration.view_registration",
            )
        )
