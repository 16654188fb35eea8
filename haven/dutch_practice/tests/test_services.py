"""The rules of the line's writes, each refusal naming its field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from haven.core.models import AccessAction, AccessLogEntry
from haven.dutch_practice.models import ConversationSession
from haven.dutch_practice.services import directory, moments, newsletter, practice_days
from haven.dutch_practice.tests.factories import OpportunityFactory, SeriesFactory, SubscriberFactory

pytestmark = pytest.mark.django_db
TUESDAY = datetime.date(2019, 3, 5)


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def test_a_session_is_logged_with_its_volunteers_and_named_participants_traced(
    english, programme_staff, series, volunteer, participant
):
    session = moments.session_log(
        series=series,
        held_on=TUESDAY,
        volunteers=[volunteer],
        participant_count=26,
        participants=[participant],
        by=programme_staff,
    )
    assert session.participant_count == 26
    assert list(session.volunteers.all()) == [volunteer]
    traced = AccessLogEntry.objects.filter(action=AccessAction.UPDATE, user=programme_staff)
    assert set(traced.values_list("person_id", flat=True)) == {volunteer.person_id, participant.pk}


def test_a_session_on_another_weekday_is_refused_on_the_date(english, programme_staff, series):
    errors = _refused(
        lambda: moments.session_log(
            series=series,
            held_on=TUESDAY + datetime.timedelta(days=1),
            volunteers=[],
            participant_count=20,
            by=programme_staff,
        )
    )
    assert errors == {"held_on": ["This conversation moment takes place on Tuesday; 06/03/2019 is not one."]}


def test_a_session_outside_the_active_period_is_refused_on_the_date(english, programme_staff):
    ended = SeriesFactory(active_until=datetime.date(2019, 1, 29))
    errors = _refused(
        lambda: moments.session_log(
            series=ended, held_on=TUESDAY, volunteers=[], participant_count=20, by=programme_staff
        )
    )
    assert list(errors) == ["held_on"]
    assert "outside its active period" in errors["held_on"][0]


def test_a_volunteer_whose_consent_is_withdrawn_is_refused(english, programme_staff, series, volunteer):
    volunteer.consent_withdrawn_on = datetime.date(2019, 2, 1)
    volunteer.save()
    errors = _refused(
        lambda: moments.session_log(
            series=series, held_on=TUESDAY, volunteers=[volunteer], participant_count=20, by=programme_staff
        )
    )
    assert list(errors) == ["volunteers"] and "withdrawn their consent" in errors["volunteers"][0]


def test_a_negative_count_is_refused_on_its_field(english, programme_staff, series):
    errors = _refused(
        lambda: moments.session_log(
            series=series, held_on=TUESDAY, volunteers=[], participant_count=-1, by=programme_staff
        )
    )
    assert errors == {"participant_count": ["The number of participants is zero or more."]}


def test_a_second_session_of_a_series_on_one_day_is_refused(english, programme_staff, series):
    moments.session_log(series=series, held_on=TUESDAY, volunteers=[], participant_count=20, by=programme_staff)
    errors = _refused(
        lambda: moments.session_log(
            series=series, held_on=TUESDAY, volunteers=[], participant_count=21, by=programme_staff
        )
    )
    assert errors == {"held_on": ["This conversation moment was logged on this day already."]}
    assert ConversationSession.objects.count() == 1


def test_a_session_in_the_future_is_refused(english, programme_staff):
    today = timezone.localdate()
    series = SeriesFactory(weekday=today.weekday(), active_from=today - datetime.timedelta(days=30))
    next_week = today + datetime.timedelta(days=7)
    errors = _refused(
        lambda: moments.session_log(
            series=series, held_on=next_week, volunteers=[], participant_count=2, by=programme_staff
        )
    )
    assert list(errors) == ["held_on"]


def test_a_person_is_a_volunteer_once_and_their_consent_is_recorded(english, programme_staff, participant):
    values = {
        "active_from": datetime.date(2019, 1, 1),
        "consent_given_on": datetime.date(2019, 1, 1),
        "consent_text_version": "2019-1",
    }
    volunteer = moments.volunteer_create(person=participant, values=values, by=programme_staff)
    assert volunteer.consent_active(datetime.date(2019, 6, 1))
    errors = _refused(lambda: moments.volunteer_create(person=participant, values=values, by=programme_staff))
    assert errors == {"person": ["This person is a volunteer already."]}
    errors = _refused(
        lambda: moments.volunteer_update(
            volunteer=volunteer, values={"consent_withdrawn_on": datetime.date(2018, 12, 1)}, by=programme_staff
        )
    )
    assert errors == {"consent_withdrawn_on": ["Consent cannot be withdrawn before it was given."]}


# The newsletter -------------------------------------------------------------------------------


def test_an_invalid_address_is_refused_on_its_field(english):
    assert _refused(lambda: newsletter.subscriber_subscribe(email="not an address")) == {
        "email": ["Enter a valid e-mail address."]
    }


def test_subscribing_twice_while_waiting_gives_the_same_record_and_once_confirmed_is_refused(english):
    first = newsletter.subscriber_subscribe(email="Lezer@Example.org ")
    assert first.email == "lezer@example.org" and first.confirmed_on is None
    assert newsletter.subscriber_subscribe(email="lezer@example.org").pk == first.pk
    newsletter.subscriber_confirm(subscriber=first)
    with pytest.raises(ValidationError) as refused:
        newsletter.subscriber_subscribe(email="lezer@example.org")
    assert refused.value.message_dict == {"email": ["This address is subscribed already."]}
    assert refused.value.error_dict["email"][0].code == newsletter.ALREADY_SUBSCRIBED


def test_after_unsubscribing_a_new_subscription_is_a_new_record():
    old = SubscriberFactory(email="lezer@example.org", unsubscribed_on=datetime.date(2019, 6, 1))
    new = newsletter.subscriber_subscribe(email="lezer@example.org")
    assert new.pk != old.pk


def test_the_tokens_name_no_address_and_are_bound_to_their_purpose(english):
    subscriber = SubscriberFactory(email="lezer@example.org")
    token = newsletter.unsubscribe_token(subscriber)
    assert "lezer" not in token
    assert newsletter.subscriber_from_unsubscribe_token(token) == subscriber
    assert _refused(lambda: newsletter.subscriber_from_confirm_token(token)) == {"token": ["This link is not valid."]}


def test_the_unsubscribe_link_is_the_same_at_any_moment_and_older_links_still_work(english, monkeypatch):
    """The e-mail's link and the confirmation page's, made seconds apart, are one link (it never
    expires); a link signed with its moment, as they were first sent, still unsubscribes."""
    from django.core import signing

    subscriber = SubscriberFactory(email="lezer@example.org")
    monkeypatch.setattr("time.time", lambda: 1_700_000_000.0)
    first = newsletter.unsubscribe_token(subscriber)
    monkeypatch.setattr("time.time", lambda: 1_700_000_001.0)
    assert newsletter.unsubscribe_token(subscriber) == first
    older = signing.dumps(subscriber.pk, salt=newsletter.UNSUBSCRIBE_SALT)
    assert older != first and newsletter.subscriber_from_unsubscribe_token(older) == subscriber
    tampered = first[:-1] + ("A" if first[-1] != "A" else "B")
    assert _refused(lambda: newsletter.subscriber_from_unsubscribe_token(tampered)) == {
        "token": ["This link is not valid."]
    }


def test_every_newsletter_carries_its_own_unsubscribe_link(mailoutbox):
    subscribers = [SubscriberFactory(confirmed_on=datetime.date(2019, 2, 2)) for _ in range(2)]
    SubscriberFactory(confirmed_on=None)  # waiting: receives nothing
    sent = newsletter.newsletter_send(
        subject="Oefenkansen mei", body="Nieuw: een wandeling.", absolute=lambda p: "https://haven.example" + p
    )
    assert sent == 2 and len(mailoutbox) == 2
    for message in mailoutbox:
        token = message.extra_headers["List-Unsubscribe"].rsplit("/", 2)[-2]
        assert newsletter.subscriber_from_unsubscribe_token(token) in subscribers
        assert token in message.body


# The directory and the Trefdag ------------------------------------------------------------------


def test_a_published_opportunity_needs_an_organisation_contact(english, programme_staff):
    values = {"title": "Praattafel", "organiser": "Buurtwerk vzw", "weekdays": "31", "published": True}
    errors = _refused(lambda: directory.opportunity_create(values=values, by=programme_staff))
    assert list(errors) == ["contact_email"]
    opportunity = directory.opportunity_create(values={**values, "contact_phone": "09 123 45 67"}, by=programme_staff)
    assert opportunity.weekdays == "13"


def test_a_change_of_an_opportunity_moves_the_cache_version(programme_staff):
    opportunity = OpportunityFactory()
    before = directory.directory_cache_version()
    directory.opportunity_update(opportunity=opportunity, values={"title": "Leesclub"}, by=programme_staff)
    assert directory.directory_cache_version() > before


def test_a_workshop_is_added_once_by_title_and_participants_are_not_negative(english, programme_staff):
    day = practice_days.practice_day_create(
        values={"title": "Trefdag", "held_on": datetime.date(2019, 5, 16), "participants": 100}, by=programme_staff
    )
    practice_days.workshop_set(day=day, title="Oefenen op de werkvloer", by=programme_staff)
    practice_days.workshop_set(day=day, title="Oefenen op de werkvloer", facilitator="VDAB", by=programme_staff)
    assert day.workshops.get().facilitator == "VDAB"
    errors = _refused(lambda: practice_days.workshop_set(day=day, title="X", participants=-2, by=programme_staff))
    assert list(errors) == ["participants"]
