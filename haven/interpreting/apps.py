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

        from django.core import checks

        checks.register(agency_check)

        from haven.interpreting import retention

        retention.register()


def agency_check(app_configs, **kwargs):
    """The invoices' issuer (settings.HAVEN_AGENCY) is complete and valid: a warning when it
    is not (Haven runs; invoicing is refused with the same reason until it is set)."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from haven.interpreting.agency import agency

    try:
        agency()
    except ImproperlyConfigured as error:
        return [checks.Warning(f"{error} No invoice can be made until it is set.", id="interpreting.W001")]
    return []
