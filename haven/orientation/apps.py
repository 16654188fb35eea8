from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrientationConfig(AppConfig):
    name = "haven.orientation"
    label = "orientation"
    verbose_name = _("Civic-orientation courses")
