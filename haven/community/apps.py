from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "haven.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self):
        from haven.community import relationships

        relationships.register()
        from haven.core.limits import upload_pages_register

        upload_pages_register("community:photo_upload")
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "community",
                _("Community"),
                "community:groups",
                "community.view_group",
                order=67,
                description=_(
                    "The buddy programmes Samen Gentenaar and TANDEM with their matching, Samen naar cultuur and "
                    "the community events."
                ),
            )
        )

        def panel_context(person, user):
            from haven.community.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.community.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "community",
                _("Buddy programmes"),
                "community/_panel.html",
                order=67,
                context=panel_context,
                annotations=panel_annotations,
                permission="community.view_participant",
            )
        )
        from haven.community import retention

        retention.register()
