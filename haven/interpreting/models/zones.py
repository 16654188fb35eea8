"""Travel zones and the travel minutes between them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Zone(models.Model):
    """A travel zone (a district or municipality); travel times are kept between zones."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TravelTime(models.Model):
    """Travel minutes between two zones, both ways (stored once, with the lower id first)."""

    origin = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name=_("from"))
    destination = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name=_("to"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["origin", "destination"], name="interpreting_one_travel_time_per_pair"),
            models.CheckConstraint(
                condition=Q(origin__lte=models.F("destination")), name="interpreting_travel_time_ordered_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin_id}-{self.destination_id}: {self.minutes}"

    def save(self, *args, **kwargs):
        if self.origin_id and self.destination_id and self.origin_id > self.destination_id:
            self.origin_id, self.destination_id = self.destination_id, self.origin_id
        super().save(*args, **kwargs)
