"""The matching profile newcomers and buddies share: interests, free moments, whether they
travel to another district, and a preference for the other's sex (soft or a must)."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.people.models import Sex


class Interest(models.TextChoices):
    SPORT = "sport", _("sport")
    CULTURE = "culture", _("culture")
    COOKING = "cooking", _("cooking")
    WALKING = "walking", _("walking")
    MUSIC = "music", _("music")
    GAMES = "games", _("games")
    NATURE = "nature", _("nature")
    READING = "reading", _("reading")
    CRAFTS = "crafts", _("crafts")
    TECHNOLOGY = "technology", _("technology")


DAYS = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)
PARTS = (("am", _("morning")), ("pm", _("afternoon")), ("ev", _("evening")))
SLOTS = [f"{day}_{part}" for day, _day in DAYS for part, _part in PARTS]


def slot_choices() -> list[tuple[str, str]]:
    return [(f"{day}_{part}", f"{day_label} {part_label}") for day, day_label in DAYS for part, part_label in PARTS]


def slot_label(slot: str) -> str:
    return dict(slot_choices()).get(slot, slot)


class MatchingProfile(models.Model):
    """What the matching weighs (the languages, district, age and sex are the person's)."""

    interests = models.JSONField(_("interests"), default=list, blank=True)
    availability = models.JSONField(
        _("free moments"), default=list, blank=True, help_text=_("Leave empty when any moment suits.")
    )
    travels = models.BooleanField(
        _("meets outside the own district"), default=True, help_text=_("Willing to meet in another district.")
    )
    wants_sex = models.CharField(
        _("preferred sex of the other"), max_length=1, choices=Sex.choices, blank=True, default=""
    )
    wants_sex_hard = models.BooleanField(_("the preference is a must"), default=False)

    class Meta:
        abstract = True

    def profile_clean(self) -> dict[str, str]:
        """The profile's own rules, as errors per field."""
        errors: dict[str, Any] = {}
        if not isinstance(self.interests, list) or any(value not in Interest.values for value in self.interests):
            errors["interests"] = _("Choose the interests from the list.")
        if not isinstance(self.availability, list) or any(value not in SLOTS for value in self.availability):
            errors["availability"] = _("Choose the free moments from the list.")
        if self.wants_sex_hard and not self.wants_sex:
            errors["wants_sex_hard"] = _("Only a stated preference can be a must.")
        return errors
