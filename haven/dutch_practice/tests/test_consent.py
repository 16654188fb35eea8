"""Issue 18, item 6, for the newsletter: the subscriber's consent is the confirmation (its
date and the text version shown on the form), the unsubscribe link withdraws it and records
the day, and no newsletter goes to a withdrawn (or unconfirmed) subscriber."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from haven.core.models import AuditEntry
from haven.dutch_practice.models import Subscriber
from haven.dutch_practice.services import newsletter
from haven.dutch_practice.tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _absolute(path: str) -> str:
    return "http://testserver" + path


def test_the_unsubscribe_link_records_the_day_the_consent_is_withdrawn():
    subscriber = SubscriberFactory(email="lezer@example.org")
    url = f"/oefenkansen/nieuwsbrief/uitschrijven/{newsletter.unsubscribe_token(subscriber)}/"
    Client().post(url)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_on == TODAY
    assert not subscriber.consent_active(TODAY) and subscriber.consent_active(TODAY - datetime.timedelta(days=1))
    assert not AuditEntry.objects.filter(target_type="dutch_practice.subscriber").exists()  # nobody's act but theirs


def test_no_newsletter_goes_to_a_withdrawn_or_unconfirmed_subscriber(mailoutbox, programme_staff):
    reader = SubscriberFactory(email="lezer@example.org")
    withdrawn = SubscriberFactory(email="gestopt@example.org")
    SubscriberFactory(email="wacht@example.org", confirmed_on=None)
    newsletter.subscriber_consent_withdraw(subscriber=withdrawn, by=programme_staff, on=TODAY)
    sent = newsletter.newsletter_send(subject="Nieuws", body="Praattafels deze maand.", absolute=_absolute)
    assert sent == 1
    assert [message.to for message in mailoutbox] == [["lezer@example.org"]]
    assert reader.consent_active(TODAY)


def test_a_consent_withdrawn_on_an_earlier_day_is_recorded_on_that_day(programme_staff):
    subscriber = SubscriberFactory()
    newsletter.subscriber_consent_withdraw(subscriber=subscriber, by=programme_staff, on=datetime.date(2019, 3, 1))
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_on == datetime.date(2019, 3, 1)
    assert newsletter.subscribed_on(datetime.date(2019, 2, 28)).filter(pk=subscriber.pk).exists()
    assert not newsletter.subscribed_on(datetime.date(2019, 3, 1)).filter(pk=subscriber.pk).exists()
    audited = AuditEntry.objects.get(target_type="dutch_practice.subscriber", target_id=str(subscriber.pk))
    assert (audited.actor_id, audited.fields) == (programme_staff.pk, ["unsubscribed_on"])


@pytest.mark.parametrize(
    ("on", "field", "message"),
    [
        (datetime.date(2019, 1, 1), "unsubscribed_on", "A subscription ends on or after the day it began."),
        (TODAY + datetime.timedelta(days=1), "unsubscribed_on", "Consent is withdrawn today at the latest."),
    ],
)
def test_a_withdrawal_out_of_its_dates_is_refused(english, programme_staff, on, field, message):
    subscriber = SubscriberFactory()
    with pytest.raises(ValidationError) as refused:
        newsletter.subscriber_consent_withdraw(subscriber=subscriber, by=programme_staff, on=on)
    assert refused.value.message_dict == {field: [message]}
    assert Subscriber.objects.get(pk=subscriber.pk).unsubscribed_on is None


def test_withdrawing_twice_keeps_the_first_day(programme_staff):
    subscriber = SubscriberFactory()
    newsletter.subscriber_consent_withdraw(subscriber=subscriber, by=programme_staff, on=datetime.date(2019, 3, 1))
    newsletter.subscriber_unsubscribe(subscriber=subscriber, by=programme_staff)
    assert Subscriber.objects.get(pk=subscriber.pk).unsubscribed_on == datetime.date(2019, 3, 1)


def test_the_subscription_records_the_text_version_of_the_form():
    subscriber = newsletter.subscriber_subscribe(email="Nieuw@Example.org", language="nl")
    assert (subscriber.consent_text_version, subscriber.confirmed_on) == (newsletter.CONSENT_TEXT_VERSION, None)
    confirmed = newsletter.subscriber_confirm(subscriber=subscriber)
    assert confirmed.confirmed_on == TODAY and confirmed.consent_active(TODAY)
