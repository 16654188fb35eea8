from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretingConfig(AppConfig):
    name = "haven.interpreting"
    label = "interpreting"
    verbose_name = _("Social interpreting and translation")

    def ready(self):
        from haven.core.limits import upload_pages_register
        from haven.core.navigation import NavigationEntry, navigation_register

        navigation_register(
            NavigationEntry(
                "interpreting",
                _("Interpreting"),
                "interpreting:home",
                "interpreting.view_assignment",
                order=50,
                description=_("Interpreting requests, dispatch, performance sheets, invoices and translations."),
            )
        )
        upload_pages_register("interpreting:translation_deliver", "interpreting:library_add")
