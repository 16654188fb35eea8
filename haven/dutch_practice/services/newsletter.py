"""The newsletter "Nederlands oefenen": double opt-in.

A visitor subscribes on the public form (``subscriber_subscribe``): a pending record and an
e-mail with a confirmation link; the link's page confirms (``subscriber_confirm``: the
consent given, to the text version shown on the form). Every newsletter e-mail and the
confirmation page carry an unsubscribe link (``subscriber_unsubscribe``). The links hold a
signed token of the record's id only (``django.core.signing``; the confirmation's expires
after ``CONFIRM_MAX_AGE``, the unsubscribe link never and holds no moment), never the
address. Subscribing an address that is subscribed already is refused on the ``email``
field; the public page answers it as it answers a new subscription (see ``views.public``)."""

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.models import AuditAction
from haven.dutch_practice.models import Subscriber

# The version of the consent text shown on the subscription form now (a constant: a new text
# is a code change, reviewed with the privacy officer; each subscriber keeps their version).
CONSENT_TEXT_VERSION = "2019-1"
CONFIRM_SALT = "haven.dutch_practice.newsletter.confirm"
UNSUBSCRIBE_SALT = "haven.dutch_practice.newsletter.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=14)
ALREADY_SUBSCRIBED = "already_subscribed"

Absolute = Callable[[str], str]  # a path made a full address (request.build_absolute_uri)


def subscribed_on(day: date) -> QuerySet[Subscriber]:
    """The subscribers on a day: confirmed on or before it and not unsubscribed on or before it."""
    return Subscriber.objects.filter(confirmed_on__lte=day).exclude(unsubscribed_on__lte=day)


def email_normalised(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}, code="invalid") from None
    return email


@transaction.atomic
def subscriber_subscribe(
    *, email: str, name: str = "", language: str = "nl", consent_text_version: str = CONSENT_TEXT_VERSION
) -> Subscriber:
    """A subscription waiting for its confirmation. An address waiting already gets the same
    record back (its confirmation e-mail is sent again); an address subscribed already is
    refused (code ``already_subscribed``)."""
    email = email_normalised(email)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a language from the list.")})
    current = Subscriber.objects.select_for_update().filter(email=email, unsubscribed_on__isnull=True).first()
    if current is not None:
        if current.confirmed_on is not None:
            raise ValidationError(
                {"email": ValidationError(_("This address is subscribed already."), code=ALREADY_SUBSCRIBED)}
            )
        return current
    subscriber = Subscriber(
        email=email,
        name=(name or "").strip()[:100],
        language=language,
        subscribed_on=timezone.localdate(),
        consent_text_version=consent_text_version,
    )
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:  # the same address subscribed at the same moment
        return Subscriber.objects.get(email=email, unsubscribed_on__isnull=True)
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The confirmation link used: the consent given today (once; again changes nothing).
    A subscription ended cannot be confirmed."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.unsubscribed_on is not None:
        raise ValidationError({"token": _("This subscription was ended; subscribe again.")})
    if subscriber.confirmed_on is None:
        subscriber.confirmed_on = timezone.localdate()
        subscriber.save(update_fields=["confirmed_on"])
    return subscriber


@transaction.atomic
def subscriber_consent_withdraw(*, subscriber: Subscriber, by: User | None, on: date) -> Subscriber:
    """The consent withdrawn on ``on`` (on or after subscribing, today at the latest): the
    subscription ends that day (``unsubscribed_on``), so no newsletter goes to the address
    from then on (``subscribed_on``, which ``newsletter_send`` reads). Withdrawing again
    changes nothing. The staff's withdrawal (``by``) is kept in the audit trail; the
    subscriber's own, through the link, names nobody and is recorded by its date."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.unsubscribed_on is not None:
        return subscriber
    if on < subscriber.subscribed_on:
        raise ValidationError({"unsubscribed_on": _("A subscription ends on or after the day it began.")})
    if on > timezone.localdate():
        raise ValidationError({"unsubscribed_on": _("Consent is withdrawn today at the latest.")})
    subscriber.unsubscribed_on = on
    subscriber.save(update_fields=["unsubscribed_on"])
    if by is not None:
        audit_record(actor=by, action=AuditAction.UPDATE, target=subscriber, fields=["unsubscribed_on"])
    return subscriber


def subscriber_unsubscribe(*, subscriber: Subscriber, by: User | None = None) -> Subscriber:
    """The subscription ends today (the consent withdrawn): through the unsubscribe link, or
    by the staff (``by``) for someone who asked by phone or letter, which the audit trail keeps."""
    return subscriber_consent_withdraw(subscriber=subscriber, by=by, on=timezone.localdate())


# Tokens -------------------------------------------------------------------------------------


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber: Subscriber) -> str:
    """Signed without a moment: it never expires, so every e-mail and page carries the same link."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(subscriber.pk)


def _signed_value(token: str, salt: str, max_age: timedelta | None) -> object:
    if max_age is None:
        try:
            return signing.Signer(salt=salt).unsign_object(token)
        except (signing.BadSignature, ValueError):
            # A link sent before the tokens lost their moment (its signature covers the moment
            # too, so what it signs is no object): read below, without an age.
            pass
    return signing.loads(token, salt=salt, max_age=max_age)


def _from_token(token: str, salt: str, max_age: timedelta | None) -> Subscriber:
    try:
        pk = _signed_value(token, salt, max_age)
    except signing.SignatureExpired:
        raise ValidationError({"token": _("This link has expired; subscribe again.")}) from None
    except signing.BadSignature:
        raise ValidationError({"token": _("This link is not valid.")}) from None
    subscriber = Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if subscriber is None:
        raise ValidationError({"token": _("This link is not valid.")})
    return subscriber


def subscriber_from_confirm_token(token: str) -> Subscriber:
    return _from_token(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def subscriber_from_unsubscribe_token(token: str) -> Subscriber:
    return _from_token(token, UNSUBSCRIBE_SALT, None)


# E-mails ------------------------------------------------------------------------------------


def _links(subscriber: Subscriber, absolute: Absolute) -> dict[str, str]:
    return {
        "confirm_url": absolute(reverse("dutch_practice:confirm", args=[confirm_token(subscriber)])),
        "unsubscribe_url": absolute(reverse("dutch_practice:unsubscribe", args=[unsubscribe_token(subscriber)])),
    }


def confirmation_send(*, subscriber: Subscriber, absolute: Absolute, already: bool = False) -> None:
    """The e-mail with the confirmation link (or, for an address subscribed ``already``,
    the note that it is, with the unsubscribe link), in the subscriber's language."""
    with translation.override(subscriber.language):
        context = {"subscriber": subscriber, "already": already, **_links(subscriber, absolute)}
        subject = _("You are subscribed already") if already else _("Confirm your subscription")
        body = render_to_string("dutch_practice/mail/confirm.txt", context)
        EmailMessage(f"{_('Newsletter Nederlands oefenen')}: {subject}", body, to=[subscriber.email]).send()


def newsletter_send(*, subject: str, body: str, absolute: Absolute) -> int:
    """One issue of the newsletter to every subscriber of today, each with their own
    unsubscribe link (in the text and the List-Unsubscribe header). Returns how many."""
    if not subject.strip():
        raise ValidationError({"subject": _("Give the newsletter a subject.")})
    if not body.strip():
        raise ValidationError({"body": _("Write the newsletter's text.")})
    messages = []
    for subscriber in subscribed_on(timezone.localdate()):
        links = _links(subscriber, absolute)
        with translation.override(subscriber.language):
            text = render_to_string(
                "dutch_practice/mail/newsletter.txt", {"body": body, "unsubscribe_url": links["unsubscribe_url"]}
            )
        message = EmailMessage(subject, text, to=[subscriber.email])
        message.extra_headers["List-Unsubscribe"] = f"<{links['unsubscribe_url']}>"
        messages.append(message)
    return get_connection().send_messages(messages) or 0
