"""Translation orders: a partner orders, the dispatcher gives the order to a translator, the
translator delivers the file, the partner may cancel before delivery. Pages, API and the
demo call these.

Decisions:

- **Dutch is every translator's language.** The agency contracts translators to translate
  from and into Dutch (as its interpreters interpret between Dutch and another language),
  so a translator's language rows list their *other* languages. A translator qualifies
  for an order when they translate, are active, and have a language row for each of the
  order's languages that is not Dutch (``nld``). An official translation needs a sworn
  translator.
- **Only the delivered file is stored.** A partner orders by title, kind, languages and
  page count and sends the source document to the translator outside Haven (often on
  paper): the model keeps no source file, and none is needed for counting pages or
  billing. How files are stored and served: ``interpreting.files``.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.interpreting import access
from haven.interpreting.files import upload_validate
from haven.interpreting.models import (
    Interpreter,
    Organisation,
    TranslationKind,
    TranslationOrder,
    TranslationStatus,
)
from haven.interpreting.services.requests import agreement_in_force
from haven.interpreting.workdays import BRUSSELS

DUTCH = "nld"
ORDER_FIELDS = ("title", "kind", "source_language", "target_language", "pages", "deadline")


def today(now: datetime | None = None) -> date:
    """The day in Brussels (now, or at ``now``)."""
    return (now or timezone.now()).astimezone(BRUSSELS).date()


@transaction.atomic
def translation_order(
    *, organisation: Organisation, by: User, values: Mapping, now: datetime | None = None
) -> TranslationOrder:
    """A partner orders a translation: title, kind, languages (different), pages (≥ 1) and
    a deadline after today. Only an organisation with an agreement in force orders."""
    unknown = set(values) - set(ORDER_FIELDS)
    if unknown:
        raise ValueError(f"Not a translation field: {sorted(unknown)}")
    now = now or timezone.now()
    order = TranslationOrder(
        organisation=organisation, requested_by=by, created_at=now, status=TranslationStatus.REQUESTED, **values
    )
    order.full_clean(exclude=["organisation", "requested_by", "translator", "delivered_file"])
    if order.deadline <= today(now):
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    if not agreement_in_force(organisation, today(now)):
        raise ValidationError(_("Your organisation has no cooperation agreement in force."))
    order.save()
    return order


def translator_refusal(order: TranslationOrder, translator: Interpreter, known: set[str] | None = None) -> str:
    """Why this translator cannot take the order ("" when they can). ``known`` is the set
    of their language codes when the caller already loaded it."""
    if not (translator.active and translator.translates):
        return _("This person does not take translations.")
    if order.kind == TranslationKind.OFFICIAL and not translator.sworn:
        return _("An official translation needs a sworn translator.")
    if known is None:
        known = set(translator.languages.values_list("language_id", flat=True))
    needed = {order.source_language_id, order.target_language_id} - {DUTCH}
    if needed - known:
        return _("This translator does not work in both languages of the order.")
    return ""


def translators_for(order: TranslationOrder) -> list[Interpreter]:
    """The translators who qualify for an order, in two queries."""
    candidates = list(
        Interpreter.objects.filter(active=True, translates=True)
        .prefetch_related("languages")
        .order_by("family_name", "given_names", "id")
    )
    return [
        translator
        for translator in candidates
        if not translator_refusal(order, translator, {row.language_id for row in translator.languages.all()})
    ]


@transaction.atomic
def translation_assign(*, order: TranslationOrder, translator: Interpreter, by: User) -> TranslationOrder:
    """The dispatcher gives the order to a translator (or to another one, before delivery)."""
    if not access.is_dispatcher(by):
        raise PermissionDenied
    order = TranslationOrder.objects.select_for_update().get(pk=order.pk)
    if order.status not in (TranslationStatus.REQUESTED, TranslationStatus.ASSIGNED):
        raise ValidationError(_("This translation is no longer open."))
    refusal = translator_refusal(order, translator)
    if refusal:
        raise ValidationError({"translator": [refusal]})
    order.translator = translator
    order.status = TranslationStatus.ASSIGNED
    order.save(update_fields=["translator", "status"])
    return order


@transaction.atomic
def translation_deliver(
    *, order: TranslationOrder, by: User, file: Any, pages: int | None = None, on: date | None = None
) -> TranslationOrder:
    """The assigned translator (or the dispatcher for them) delivers the file; the page
    count may be corrected to what was really translated (that is what is billed)."""
    order = TranslationOrder.objects.select_for_update(of=("self",)).select_related("translator").get(pk=order.pk)
    is_translator = (
        order.translator is not None and order.translator.user_id is not None and order.translator.user_id == by.pk
    )
    if not (is_translator or access.is_dispatcher(by)):
        raise PermissionDenied
    if order.status != TranslationStatus.ASSIGNED:
        raise ValidationError(_("Only an assigned translation can be delivered."))
    errors: dict[str, list[str]] = {}
    if pages is not None and pages < 1:
        errors["pages"] = [_("At least one page.")]
    on = on or today()
    if on > today():
        errors["delivered_on"] = [_("The delivery date cannot be in the future.")]
    elif on < order.created_at.astimezone(BRUSSELS).date():
        errors["delivered_on"] = [_("The delivery date cannot be before the order.")]
    try:
        extension = upload_validate(file)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if pages is not None:
        order.pages = pages
    order.delivered_on = on
    order.status = TranslationStatus.DELIVERED
    old = order.delivered_file.name if order.delivered_file else ""
    order.delivered_file.save(f"translation-{order.pk}.{extension}", file, save=False)
    order.save(update_fields=["pages", "delivered_on", "status", "delivered_file"])
    if old and old != order.delivered_file.name:
        transaction.on_commit(lambda: order.delivered_file.storage.delete(old))
    return order


@transaction.atomic
def translation_cancel(*, order: TranslationOrder, by: User) -> TranslationOrder:
    """The partner (or the dispatcher on their behalf) cancels before delivery; free."""
    order = TranslationOrder.objects.select_for_update().get(pk=order.pk)
    own = access.organisation_of(by)
    if not (
        access.is_dispatcher(by)
        or (own is not None and own.pk == order.organisation_id and by.has_perm("interpreting.change_translationorder"))
    ):
        raise PermissionDenied
    if order.status not in (TranslationStatus.REQUESTED, TranslationStatus.ASSIGNED):
        raise ValidationError(_("A delivered or cancelled translation can no longer be cancelled."))
    order.status = TranslationStatus.CANCELLED
    order.save(update_fields=["status"])
    return order
