from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "haven.demo"
    label = "demo"
    verbose_name = _("Demo data")

    def ready(self):
        from haven.core.login_hints import login_hints_register
        from haven.demo.login_hints import demo_login_hints

        login_hints_register("demo", demo_login_hints)
