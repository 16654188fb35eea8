from datetime import time

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
        from haven.casework import retention

        retention.register()
        from haven.casework import panel
        from haven.core.limits import upload_pages_register
        from haven.people.panels import PersonPanel, person_panel_register

        person_panel_register(
            PersonPanel(
                panel.KEY,
                _("Notes and documents"),
                "casework/_panel.html",
                order=90,
                context=panel.panel_context,
                annotations=panel.panel_annotations,
                permission="casework.view_document",
                header="casework/_header.html",
            )
        )
        upload_pages_register("casework:document_add")
        from haven.casework.rules import DOCUMENT_RULE, NO_SHOW_RULE
        from haven.casework.task_rules import task_rule_register
        from haven.casework.tasks import reminders_job, tasks_from_rules_job
        from haven.jobs.schedule import DailyJob, daily_job_register

        task_rule_register(DOCUMENT_RULE)
        task_rule_register(NO_SHOW_RULE)
        daily_job_register(
            DailyJob(
                "casework_tasks_from_rules",
                tasks_from_rules_job,
                description=_("Make the tasks the rules call for (documents to renew, deadlines)."),
            )
        )
        daily_job_register(
            DailyJob(
                "casework_reminders",
                reminders_job,
                at=time(9, 0),
                description=_("Remind the newcomers of tomorrow's appointments (e-mail or SMS)."),
            )
        )
        from haven.core.navigation import NavigationEntry, navigation_register

        navigation_register(
            NavigationEntry(
                "casework_day",
                _("My day"),
                "casework:day",
                "casework.add_note",
                order=5,
                description=_("Your tasks (overdue, today, the coming week) and the documents to renew."),
            )
        )
        navigation_register(
            NavigationEntry(
                "casework_calendar",
                _("My calendar"),
                "casework:calendar",
                "casework.add_note",
                order=6,
                description=_("Your appointments of the day or the week, with their interpreters."),
            )
        )
