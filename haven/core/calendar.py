"""The Belgian public holidays, for every app that plans days (courses, bookings).

One place for them so that the service lines agree on what a holiday is: the ``holidays``
package's calendar for Belgium (the ten legal holidays), cached per year, named in the
user's language (Dutch, else English).
"""

from datetime import date
from functools import lru_cache

import holidays
from django.utils import translation

# Django's language code → the holidays package's name for it (Belgium ships de, en_US, fr, nl, uk).
_NAMES_IN = {"nl": "nl", "en": "en_US", "fr": "fr", "de": "de"}


@lru_cache(maxsize=128)
def _belgian_holidays(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("BE", years=year, language=language))


def _language() -> str:
    code = (translation.get_language() or "nl").split("-")[0]
    return _NAMES_IN.get(code, "en_US")


def belgian_public_holidays(first: date, last: date) -> dict[date, str]:
    """The Belgian public holidays from ``first`` to ``last`` (both included), each with
    its name in the active language."""
    language = _language()
    found: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update({day: name for day, name in _belgian_holidays(year, language).items() if first <= day <= last})
    return found


def is_belgian_public_holiday(day: date) -> bool:
    return day in _belgian_holidays(day.year, "nl")
