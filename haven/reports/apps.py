from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "haven.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from haven.reports import retention

        retention.register()
        from haven.core.navigation import NavigationEntry, navigation_register
        from haven.jobs.schedule import DailyJob, daily_job_register
        from haven.reports.exports.tasks import report_exports_prune

        # Every app's report.py registers its sections.
        autodiscover_modules("report")
        navigation_register(
            NavigationEntry(
                "annual_report",
                _("Annual report"),
                "reports:annual_latest",
                "reports.view_annual_report",
                order=90,
                description=_("Every table of the annual report, counted from the records, for any year."),
            )
        )
        # The files of the report's exports are kept a week for their downloads.
        daily_job_register(
            DailyJob(
                "report_exports_prune",
                report_exports_prune,
                description=_("Remove the annual report's export files older than a week."),
            )
        )
