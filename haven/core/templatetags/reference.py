"""Names of reference codes in templates: ``{% load reference %}{{ code|language_name }}``
shows "Arabisch" (or "Arabic") for ``ara``, ``{{ code|country_name }}`` "Syrië" for ``SY``."""

from django import template

from haven.core import reference

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """The ISO 639-3 code's language in the interface language."""
    return reference.language_name(str(code)) if code else ""


@register.filter
def country_name(code: str) -> str:
    """The ISO 3166-1 code's country in the interface language."""
    return reference.country_name(str(code)) if code else ""
