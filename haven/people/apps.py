from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "haven.people"
    label = "people"
    verbose_name = _("Newcomer registry")

    def ready(self):
        from haven.core.home import home_panel_register
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.home import RECENT_FILES
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "people",
                _("Newcomers"),
                "people:list",
                "people.view_person",
                order=10,
                description=_("Search, register and open the files of newcomers."),
            )
        )
        person_panel_register(PersonPanel("identity", _("Identity"), "people/_panel_identity.html", order=10))
        person_panel_register(PersonPanel("household", _("Household"), "people/_panel_household.html", order=20))
        home_panel_register(RECENT_FILES)

        from haven.people import retention

        retention.register()
