from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "haven.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from haven.jobs import retention

        retention.register()
        # The daily jobs of the core (which knows no app) and of the queue itself.
        from haven.jobs import tasks

        tasks.register()
