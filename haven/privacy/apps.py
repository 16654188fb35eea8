from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "haven.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from haven.privacy import retention

        retention.register()
        from haven.privacy import retention_tasks

        retention_tasks.register()
        from haven.privacy import subject_copy_tasks

        subject_copy_tasks.register()
        from haven.people.panels import PersonPanel, person_panel_register

        # On the person's file, for the privacy officer: the restriction (a banner in the
        # header) and the way to the file's privacy page. No column: restricted_at is read
        # with the person.
        person_panel_register(
            PersonPanel(
                key="privacy",
                title=_("Privacy"),
                template="privacy/_person_panel.html",
                header="privacy/_person_header.html",
                order=200,
                permission="privacy.view_subjectrequest",
            )
        )
        from haven.core.home import HomePanel, home_panel_register
        from haven.core.navigation import NavigationEntry, navigation_register

        # Who has seen a file, by its number: on the start page of whoever may read it.
        home_panel_register(
            HomePanel(
                key="access_history",
                template="privacy/_home_access_history.html",
                permission="core.view_accesslogentry",
                order=6,
            )
        )

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
