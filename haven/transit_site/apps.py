from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitSiteConfig(AppConfig):
    name = "haven.transit_site"
    label = "transit_site"
    verbose_name = _("Transit site")

    def ready(self):
        from haven.transit_site import relationships

        relationships.register()
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "transit_site",
                _("Transit site"),
                "transit_site:stays",
                "transit_site.view_stay",
                order=72,
                description=_("The transit site: stays of travelling families, occupancy, lessons for the children."),
            )
        )

        def panel_context(person, user):
            from haven.transit_site.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.transit_site.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "transit_site",
                _("Transit site"),
                "transit_site/_panel.html",
                order=72,
                context=panel_context,
                annotations=panel_annotations,
                permission="transit_site.view_stay",
            )
        )

        from haven.transit_site import retention

        retention.register()
