"""The choices shared by several models: the report's sectors, sex and modality."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The nine sectors of the annual report (their Dutch names are the report's)."""

    FAMILY_SOCIAL_WELFARE = "family_social_welfare", _("family and social welfare")
    HEALTH = "health", _("health care")
    EDUCATION = "education", _("education")
    PUBLIC_SERVICES = "public_services", _("public services")
    SOCIAL_HOUSING = "social_housing", _("social housing")
    EMPLOYMENT = "employment", _("employment")
    INTEGRATION = "integration", _("integration and civic integration")
    WELFARE_FAMILY = "welfare_family", _("welfare and family")
    OTHER = "other", _("other")


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    OTHER = "x", _("other")


class Modality(models.TextChoices):
    ON_SITE = "on_site", _("on site")
    VIDEO = "video", _("by video")
