from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """Casework on a person's file for every service line: notes (and, in the issue's next
    steps, appointments, documents and tasks). The service lines register themselves and
    their staff roles in ``registry`` from their own ``ready()``."""

    name = "haven.casework"
    label = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from haven.people.panels import PersonPanel, person_panel_register

        person_panel_register(
            PersonPanel(
                "casework_notes",
                _("Notes"),
                "casework/_panel.html",
                order=90,
                permission="casework.view_note",
            )
        )
