"""Sending an invoice's e-invoice through the configured access point, once; the invoice
records when it went and the access point's reference."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.interpreting.access import is_dispatcher
from haven.interpreting.einvoice.access_points import AccessPointError, Outgoing, access_point
from haven.interpreting.einvoice.build import invoice_ubl
from haven.interpreting.models import Invoice

logger = logging.getLogger(__name__)


def invoice_send(*, invoice: Invoice, by: User) -> Invoice:
    """Hand the invoice's UBL document to the access point and record it. Refused when it
    was sent already; an access point's refusal is a ValidationError with its reason (the
    invoice stays unsent and can be sent again)."""
    if not is_dispatcher(by):
        raise PermissionDenied
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().select_related("organisation").get(pk=invoice.pk)
        if invoice.einvoice_sent_at is not None:
            raise ValidationError(_("This e-invoice was sent already."))
        scheme, identifier = invoice.organisation.peppol_endpoint
        message = Outgoing(
            number=invoice.number, receiver_scheme=scheme, receiver_id=identifier, document=invoice_ubl(invoice)
        )
        try:
            delivery = access_point().send(message)
        except AccessPointError as error:
            logger.warning("e-invoice of invoice %s not sent: %s", invoice.pk, error)
            raise ValidationError(
                _("The access point did not take the e-invoice: %(reason)s"), params={"reason": str(error)}
            ) from error
        invoice.einvoice_sent_at = timezone.now()
        invoice.einvoice_reference = delivery.reference[:200]
        invoice.save(update_fields=["einvoice_sent_at", "einvoice_reference"])
    return invoice
