"""Factories for the core's reference data: languages (ISO 639-3, got or created by code)
and Ghent's districts."""

import factory

from haven.core.models import District, Language


class LanguageFactory(factory.django.DjangoModelFactory):
    """A language by its ISO 639-3 code; the one already loaded when it exists."""

    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "ara"


class DistrictFactory(factory.django.DjangoModelFactory):
    """A district of the city, with the postal codes it covers."""

    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Wijk {n}")
    postal_codes = "9000"
