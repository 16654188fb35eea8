"""Partner organisations: their addresses, contact users and cooperation agreements."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.be import vat

from haven.interpreting.models.choices import Sector
from haven.interpreting.models.zones import Zone


def validate_enterprise_number(value: str) -> None:
    if not vat.is_valid(value):
        raise ValidationError(_("This is not a valid enterprise number (KBO)."))


def validate_peppol_scheme(value: str) -> None:
    if not (len(value) == 4 and value.isdigit()):
        raise ValidationError(_("A Peppol scheme is four digits (0208 for a Belgian enterprise number)."))


class Organisation(models.Model):
    """A partner organisation: a school, hospital, public service, welfare organisation."""

    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(
        _("enterprise number (KBO)"), max_length=10, unique=True, validators=[validate_enterprise_number]
    )
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)
    email = models.EmailField(_("e-mail for invoices"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The invoicing address (a Belgian invoice names the customer's address), which may
    # differ from the sites where jobs take place.
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE", blank=True)  # empty: BE
    # Peppol: where the e-invoice goes. By default the enterprise number under scheme 0208
    # (the Belgian KBO/BCE number), as most Belgian organisations are registered.
    peppol_scheme = models.CharField(
        _("Peppol scheme"), max_length=4, default="0208", blank=True, validators=[validate_peppol_scheme]
    )  # empty: 0208
    peppol_id = models.CharField(
        _("Peppol identifier"),
        max_length=50,
        blank=True,
        help_text=_("Leave empty to use the enterprise number."),
    )
    buyer_reference = models.CharField(
        _("buyer reference"),
        max_length=50,
        blank=True,
        help_text=_("The reference the organisation asks to quote on its invoices (an order or cost centre)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        # Lists walk the organisations by name and stop after a page.
        indexes = [models.Index(fields=["name", "id"], name="interp_org_name_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.enterprise_number:
            self.enterprise_number = vat.compact(self.enterprise_number)

    @property
    def enterprise_number_display(self) -> str:
        number = self.enterprise_number
        return f"{number[:4]}.{number[4:7]}.{number[7:]}" if number else ""

    @property
    def peppol_endpoint(self) -> tuple[str, str]:
        """(scheme, identifier) of the organisation's Peppol address."""
        return self.peppol_scheme or "0208", self.peppol_id or self.enterprise_number

    @property
    def address_lines(self) -> list[str]:
        return [line for line in (self.street, f"{self.postal_code} {self.municipality}".strip()) if line]


class Site(models.Model):
    """An address of an organisation (a school campus, a hospital wing) in a travel zone."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sites", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    municipality = models.CharField(_("municipality"), max_length=100)
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="+", verbose_name=_("zone"))

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}, {self.postal_code} {self.municipality}"


class PartnerContact(models.Model):
    """A user who books on behalf of an organisation (role ``partner``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_contact")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return f"contact {self.user_id} of {self.organisation_id}"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in force")
    SUSPENDED = "suspended", _("suspended")
    ENDED = "ended", _("ended")


class Agreement(models.Model):
    """A cooperation agreement (samenwerkingsovereenkomst): only an organisation with an
    agreement in force on the day of the job can book."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("organisation")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"agreement {self.pk}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An agreement ends on or after its start.")})
        if self.status == AgreementStatus.ENDED and not self.ends_on:
            raise ValidationError({"ends_on": _("An ended agreement has an end date.")})

    def in_force_on(self, day: date) -> bool:
        return (
            self.status == AgreementStatus.ACTIVE
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


def agreements_in_force(day: date) -> Q:
    """Filter on Agreement for agreements in force on ``day``."""
    return Q(status=AgreementStatus.ACTIVE, starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
