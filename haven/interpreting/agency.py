"""The agency that issues the invoices, from ``settings.HAVEN_AGENCY``, checked once: a
Belgian invoice names its issuer's name, address, enterprise number and VAT status with the
legal mention that explains why no VAT is charged, and the account to pay to (IBAN/BIC).

Haven supports the two statuses a social-interpreting service of an integration agency
has: ``exempt`` (a VAT-exempt taxable person under art. 44 of the VAT code: it has a VAT
number, BE + its enterprise number, and charges no VAT) and ``not_liable`` (not a VAT
taxable person). A VAT-liable agency would need VAT on every line and is refused here
rather than invoiced wrongly.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from stdnum import bic, iban
from stdnum.be import vat

EXEMPT, NOT_LIABLE = "exempt", "not_liable"
VAT_STATUSES = (EXEMPT, NOT_LIABLE)


@dataclass(frozen=True)
class Agency:
    name: str
    street: str
    postal_code: str
    municipality: str
    enterprise_number: str  # ten digits, compact
    vat_status: str
    vat_mention: str
    iban: str  # compact
    bic: str  # compact
    email: str
    payment_days: int
    country: str = "BE"

    @property
    def enterprise_number_display(self) -> str:
        number = self.enterprise_number
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"

    @property
    def vat_number(self) -> str:
        """The VAT identifier of an exempt agency (none when it is not VAT-liable)."""
        return f"BE{self.enterprise_number}" if self.vat_status == EXEMPT else ""

    @property
    def iban_display(self) -> str:
        return iban.format(self.iban)


def agency_from(values: dict) -> Agency:
    """The agency from settings-like values; ImproperlyConfigured names the wrong one."""
    missing = [key for key in ("name", "street", "postal_code", "municipality") if not str(values.get(key, "")).strip()]
    if missing:
        raise ImproperlyConfigured(f"HAVEN_AGENCY is missing {', '.join(missing)}.")
    if not vat.is_valid(values.get("enterprise_number", "")):
        raise ImproperlyConfigured("HAVEN_AGENCY_ENTERPRISE_NUMBER is not a valid Belgian enterprise number.")
    if values.get("vat_status") not in VAT_STATUSES:
        raise ImproperlyConfigured(f"HAVEN_AGENCY_VAT_STATUS must be one of {', '.join(VAT_STATUSES)}.")
    if not str(values.get("vat_mention", "")).strip():
        raise ImproperlyConfigured("HAVEN_AGENCY_VAT_MENTION must say why no VAT is charged.")
    if not iban.is_valid(values.get("iban", "")):
        raise ImproperlyConfigured("HAVEN_AGENCY_IBAN is not a valid IBAN.")
    if not bic.is_valid(values.get("bic", "")):
        raise ImproperlyConfigured("HAVEN_AGENCY_BIC is not a valid BIC.")
    payment_days = int(values.get("payment_days", 30))
    if not 0 < payment_days <= 120:
        raise ImproperlyConfigured("HAVEN_AGENCY_PAYMENT_DAYS must be between 1 and 120.")
    return Agency(
        name=values["name"].strip(),
        street=values["street"].strip(),
        postal_code=values["postal_code"].strip(),
        municipality=values["municipality"].strip(),
        enterprise_number=vat.compact(values["enterprise_number"]),
        vat_status=values["vat_status"],
        vat_mention=values["vat_mention"].strip(),
        iban=iban.compact(values["iban"]),
        bic=bic.compact(values["bic"]),
        email=str(values.get("email", "")).strip(),
        payment_days=payment_days,
    )


@cache
def _agency(frozen: tuple) -> Agency:
    return agency_from(dict(frozen))


def agency() -> Agency:
    """The configured agency (settings read on each call, checked once per value)."""
    return _agency(tuple(sorted(settings.HAVEN_AGENCY.items())))


def agency_for_invoicing() -> Agency:
    """The agency, or a ValidationError that tells the dispatcher why no invoice can be made
    (a production installation whose HAVEN_AGENCY_* settings are missing or wrong)."""
    try:
        return agency()
    except ImproperlyConfigured as error:
        raise ValidationError(
            _("The agency's invoicing details are not configured correctly: %(problem)s"),
            params={"problem": str(error)},
            code="agency",
        ) from error


def agency_organisation():
    """The agency's own organisation among the partner organisations (its enterprise number
    is the agency's): the one whose interpreting requests its own staff make, for their
    appointments. A ValidationError that says what is missing when there is none."""
    from haven.interpreting.models import Organisation

    try:
        number = agency().enterprise_number
    except ImproperlyConfigured:
        number = ""
    organisation = Organisation.objects.filter(enterprise_number=number).first() if number else None
    if organisation is None:
        raise ValidationError(
            _(
                "The agency is not registered as an organisation of the interpreting service (enterprise number %(number)s)."
            )
            % {"number": number or "—"}
        )
    return organisation
