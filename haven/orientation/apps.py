from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "haven.orientation"
    label = "orientation"
    verbose_name = _("Civic-orientation courses")

    def ready(self):
        from haven.orientation import retention

        retention.register()
        from haven.orientation import relationships

        relationships.register()
        from haven.casework.registry import ServiceLine, service_line_register

        # Its staff keep casework notes on the files they follow.
        service_line_register(ServiceLine("orientation", self.verbose_name, ("course_coordinator",)))
        from haven.casework.task_rules import task_rule_register
        from haven.orientation.casework_rules import SEAT_OFFER_RULE

        task_rule_register(SEAT_OFFER_RULE)
        from haven.jobs.schedule import DailyJob, daily_job_register
        from haven.orientation.tasks import expire_offers

        daily_job_register(
            DailyJob("expire_offers", expire_offers, description=_("Close the seat offers past their date."))
        )
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.people.panels import PersonPanel, person_panel_register

        navigation_register(
            NavigationEntry(
                "orientation",
                _("Civic orientation"),
                "orientation:courses",
                "orientation.view_course",
                order=30,
                description=_("Civic-orientation courses, their participants and attendance, the waiting list."),
            )
        )

        def panel_context(person, user):
            from haven.orientation.panel import person_panel_context

            return person_panel_context(person, user)

        def panel_annotations():
            from haven.orientation.panel import person_panel_annotations

            return person_panel_annotations()

        person_panel_register(
            PersonPanel(
                "orientation",
                _("Civic orientation"),
                "orientation/_panel.html",
                order=35,
                context=panel_context,
                annotations=panel_annotations,
                permission="orientation.view_course",
            )
        )
