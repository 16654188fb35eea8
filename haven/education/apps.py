from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "haven.education"
    label = "education"
    verbose_name = _("Education")

    def ready(self):
        from haven.education import relationships

        relationships.register()
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "education",
                _("Education"),
                "education:referrals",
                "education.view_schoolreferral",
                order=60,
                description=_(
                    "School referral of minors, the Toekomstdagen, study choice of adults and the pre-track "
                    "for higher education."
                ),
            )
        )

        def panel_context(person, user):
            from haven.education.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.education.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "education",
                _("Education"),
                "education/_panel.html",
                order=60,
                context=panel_context,
                annotations=panel_annotations,
                permission="education.view_schoolreferral",
            )
        )

        from haven.education import retention

        retention.register()
