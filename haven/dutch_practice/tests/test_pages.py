"""The staff's pages: logging a session on one page, the refusals on their fields, the
volunteers (traced), the directory, the subscribers and the Trefdag; other roles refused."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.core.models import AccessAction, AccessLogEntry
from haven.dutch_practice.models import ConversationSession, Opportunity, PracticeDay, Volunteer
from haven.dutch_practice.tests.factories import SeriesFactory, SessionFactory, SubscriberFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def todays_series(db):
    today = timezone.localdate()
    return SeriesFactory(
        title="Conversatiemoment vandaag", weekday=today.weekday(), active_from=today - datetime.timedelta(days=70)
    )


def test_programme_staff_log_todays_session_on_one_page(english, programme_staff_client, todays_series, volunteer):
    page = programme_staff_client.get("/dutch-practice/log/")
    assert page.context["form"].initial["series"] == todays_series.pk
    assert "VANDAMME Griet" in page.content.decode()
    listed = AccessLogEntry.objects.filter(action=AccessAction.LIST, person_id=volunteer.person_id)
    assert listed.exists()  # the volunteers offered are traced
    response = programme_staff_client.post(
        "/dutch-practice/log/",
        {
            "series": todays_series.pk,
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "volunteers": [volunteer.pk],
            "participant_count": "27",
        },
    )
    assert response.status_code == 302
    session = ConversationSession.objects.get()
    assert (session.participant_count, list(session.volunteers.all())) == (27, [volunteer])


def test_a_negative_count_and_a_wrong_day_are_shown_on_their_fields(english, programme_staff_client, todays_series):
    wrong_day = timezone.localdate() - datetime.timedelta(days=1)
    response = programme_staff_client.post(
        "/dutch-practice/log/",
        {"series": todays_series.pk, "held_on": wrong_day.strftime("%d/%m/%Y"), "participant_count": "-3"},
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and set(errors) == {"held_on", "participant_count"}
    assert errors["participant_count"] == ["The number of participants is zero or more."]
    assert not ConversationSession.objects.exists()


def test_a_session_page_shows_and_traces_its_volunteers_and_participants(
    english, programme_staff_client, programme_staff, series, volunteer, participant
):
    session = SessionFactory(series=series, volunteers=[volunteer])
    session.participants.add(participant)
    page = programme_staff_client.get(f"/dutch-practice/sessions/{session.pk}/").content.decode()
    assert "VANDAMME Griet" in page and "QADRI Samir" in page
    traced = AccessLogEntry.objects.filter(user=programme_staff, action=AccessAction.LIST)
    assert set(traced.values_list("person_id", flat=True)) == {volunteer.person_id, participant.pk}


def test_a_volunteer_is_registered_by_file_number(english, programme_staff_client, participant):
    response = programme_staff_client.post("/dutch-practice/volunteers/", {"reference": participant.reference})
    url = response["Location"]
    assert url == f"/dutch-practice/volunteers/people/{participant.pk}/new/?purpose=programme"
    response = programme_staff_client.post(
        url,
        {
            "purpose": "programme",
            "active_from": "01/09/2019",
            "consent_given_on": "01/09/2019",
            "consent_text_version": "2019-1",
        },
    )
    volunteer = Volunteer.objects.get()
    assert response["Location"] == f"/dutch-practice/volunteers/{volunteer.pk}/?purpose=programme"
    assert "QADRI Samir" in programme_staff_client.get("/dutch-practice/volunteers/").content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_of_sessions_and_moments_cost_the_same_for_one_or_many(english, programme_staff_client, series):
    SessionFactory(series=series, volunteers=[VolunteerFactory()])
    one = [_queries(programme_staff_client, url) for url in ("/dutch-practice/sessions/", "/dutch-practice/")]
    for week in range(1, 30):
        SessionFactory(series=series, held_on=datetime.date(2019, 3, 5) + datetime.timedelta(weeks=week))
    many = [_queries(programme_staff_client, url) for url in ("/dutch-practice/sessions/", "/dutch-practice/")]
    assert many == one


def test_an_opportunity_is_added_and_published(english, programme_staff_client):
    response = programme_staff_client.post(
        "/dutch-practice/opportunities/new/",
        {
            "title": "Praattafel Rabot",
            "organiser": "Buurtcentrum Rabot",
            "weekdays": ["1", "3"],
            "level": "a2",
            "price": "0",
            "contact_email": "rabot@example.org",
            "published": "on",
        },
    )
    assert response.status_code == 302
    assert Opportunity.objects.get().weekdays == "13"


def test_the_subscribers_page_counts_and_searches_without_names(english, programme_staff_client):
    SubscriberFactory(email="amal@example.org", name="Amal Haddad")
    SubscriberFactory(email="piet@example.org", confirmed_on=None)
    page = programme_staff_client.get("/dutch-practice/subscribers/?q=amal")
    assert page.context["counts"] == {"subscribed": 1, "pending": 1, "ended": 0}
    text = page.content.decode()
    assert "amal@example.org" in text and "piet@example.org" not in text and "Haddad" not in text


def test_a_trefdag_with_its_workshops(english, programme_staff_client):
    response = programme_staff_client.post(
        "/dutch-practice/trefdag/new/",
        {"title": "Trefdag Nederlands oefenen", "held_on": "16/05/2019", "participants": "100"},
    )
    day = PracticeDay.objects.get()
    assert response["Location"] == f"/dutch-practice/trefdag/{day.pk}/"
    programme_staff_client.post(
        response["Location"], {"title": "Digitale oefenkansen", "facilitator": "Huis van het Nederlands"}
    )
    assert day.workshops.get().facilitator == "Huis van het Nederlands"


@pytest.mark.parametrize(
    "url", ["/dutch-practice/", "/dutch-practice/log/", "/dutch-practice/subscribers/", "/dutch-practice/trefdag/"]
)
def test_other_roles_are_refused_and_anonymous_sent_to_log_in(counsellor_client, client, url):
    assert counsellor_client.get(url).status_code == 403
    assert client.get(url)["Location"].startswith("/login/")


# The API ------------------------------------------------------------------------------------


def test_the_api_logs_a_session_and_names_the_field_it_refuses(english, programme_staff_client, series, volunteer):
    url = f"/api/dutch-practice/series/{series.pk}/sessions"
    response = programme_staff_client.post(
        url,
        {"held_on": "2019-03-05", "participant_count": 22, "volunteer_ids": [volunteer.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["volunteer_count"] == 1
    response = programme_staff_client.post(
        url, {"held_on": "2019-03-12", "participant_count": -1}, content_type="application/json"
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["participant_count"]
    response = programme_staff_client.post(
        url,
        {"held_on": "2019-03-12", "participant_count": 3, "volunteer_ids": [999999]},
        content_type="application/json",
    )
    assert response.status_code == 422 and list(response.json()["errors"]) == ["volunteer_ids"]
    series_page = programme_staff_client.get("/api/dutch-practice/series").json()
    assert series_page["items"][0]["session_count"] == 1
    sessions = programme_staff_client.get("/api/dutch-practice/sessions?year=2019").json()
    assert sessions["count"] == 1 and sessions["items"][0]["participant_count"] == 22


def test_the_api_opportunities_are_anyones_and_the_subscribers_the_staffs(counsellor_client):
    from haven.dutch_practice.tests.factories import OpportunityFactory

    OpportunityFactory(title="Praattafel", weekdays="24")
    OpportunityFactory(title="Verborgen", published=False)
    items = counsellor_client.get("/api/dutch-practice/opportunities?weekday=4").json()["items"]
    assert [(item["title"], item["weekdays"]) for item in items] == [("Praattafel", [2, 4])]
    assert counsellor_client.get("/api/dutch-practice/opportunities?weekday=9").status_code == 422
    assert counsellor_client.get("/api/dutch-practice/subscribers").status_code == 403


def test_the_staff_end_a_subscription_asked_for_by_phone_and_the_audit_trail_keeps_it(english, programme_staff_client):
    from haven.core.models import AuditEntry
    from haven.dutch_practice.models import Subscriber
    from haven.dutch_practice.tests.factories import SubscriberFactory

    subscriber = SubscriberFactory(email="belt@example.org")

    page = programme_staff_client.get("/dutch-practice/subscribers/").content.decode()
    response = programme_staff_client.post(f"/dutch-practice/subscribers/{subscriber.pk}/unsubscribe/", follow=True)

    assert f"/dutch-practice/subscribers/{subscriber.pk}/unsubscribe/" in page
    assert "The subscription is ended." in response.content.decode()
    assert Subscriber.objects.get(pk=subscriber.pk).unsubscribed_on is not None
    entry = AuditEntry.objects.get(target_type="dutch_practice.subscriber")
    assert entry.target_id == str(subscriber.pk) and "belt@" not in entry.target_label
    assert programme_staff_client.get(f"/dutch-practice/subscribers/{subscriber.pk}/unsubscribe/").status_code == 405
