"""Writes to the reference data."""

from haven.core.models import Language
from haven.core.reference import AGENCY_LANGUAGES, default_language_codes


def languages_load_defaults() -> int:
    """Make sure the default languages exist (after a database reset), those the agency
    works in (``AGENCY_LANGUAGES``) switched on and the others off. Languages already there
    keep the administrator's choice. Returns how many were added."""
    existing = set(Language.objects.values_list("code", flat=True))
    working = set(AGENCY_LANGUAGES)
    codes = sorted(set(default_language_codes()) | working)
    new = [Language(code=code, active=code in working) for code in codes if code not in existing]
    Language.objects.bulk_create(new)
    return len(new)
