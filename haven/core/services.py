"""Writes to the reference data."""

from haven.core.models import Language
from haven.core.reference import default_language_codes


def languages_load_defaults() -> int:
    """Make sure the default languages exist (after a database reset). Returns how many were added."""
    existing = set(Language.objects.values_list("code", flat=True))
    new = [Language(code=code) for code in default_language_codes() if code not in existing]
    Language.objects.bulk_create(new)
    return len(new)
