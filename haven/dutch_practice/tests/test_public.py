"""The public pages without login: the directory (search, pagination, bad values, cache,
a fixed number of queries) and the newsletter's double opt-in and unsubscribe."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from haven.core.models import District
from haven.dutch_practice.models import Subscriber
from haven.dutch_practice.services import newsletter
from haven.dutch_practice.tests.factories import OpportunityFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def districts(db):
    return District.objects.create(name="Brugse Poort - Rooigem"), District.objects.create(name="Sluizeken")


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_an_anonymous_visitor_finds_an_opportunity_by_district_and_day(english, anonymous, districts):
    poort, sluizeken = districts
    OpportunityFactory(title="Praattafel Brugse Poort", district=poort, weekdays="2")
    OpportunityFactory(title="Taalwandeling Sluizeken", district=sluizeken, weekdays="2")
    OpportunityFactory(title="Leesclub Brugse Poort", district=poort, weekdays="4")
    OpportunityFactory(title="Verborgen praattafel", district=poort, weekdays="2", published=False)
    OpportunityFactory(title="Oude praattafel", district=poort, weekdays="2", valid_until=datetime.date(2019, 1, 1))
    page = anonymous.get(f"/oefenkansen/?district={poort.pk}&day=2").content.decode()
    assert "Praattafel Brugse Poort" in page
    for absent in ("Taalwandeling Sluizeken", "Leesclub Brugse Poort", "Verborgen praattafel", "Oude praattafel"):
        assert absent not in page


def test_price_and_level_filter_free_only_at_most_and_all_levels(english, anonymous):
    OpportunityFactory(title="Gratis praattafel", price=0, level="all")
    OpportunityFactory(title="Taalcafe drie euro", price=3, level="b1")
    OpportunityFactory(title="Kookatelier tien euro", price=10, level="a1")
    assert "Taalcafe" not in anonymous.get("/oefenkansen/?free=on").content.decode()
    page = anonymous.get("/oefenkansen/?max_price=5").content.decode()
    assert "Taalcafe drie euro" in page and "Kookatelier" not in page
    page = anonymous.get("/oefenkansen/?level=a1").content.decode()
    assert "Kookatelier" in page and "Gratis praattafel" in page and "Taalcafe" not in page


@pytest.mark.parametrize(
    ("query", "field"),
    [("district=999999", "district"), ("day=9", "day"), ("max_price=abc", "max_price"), ("level=c2", "level")],
)
def test_a_bad_filter_value_is_a_400_naming_its_field(english, anonymous, query, field):
    response = anonymous.get(f"/oefenkansen/?{query}")
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert f'id="id_{field}-error"' in response.content.decode()


def test_unknown_parameters_and_a_bad_page_are_ignored(english, anonymous):
    OpportunityFactory(title="Praattafel")
    assert anonymous.get("/oefenkansen/?utm_source=x&page=abc").status_code == 200


def test_the_page_costs_the_same_queries_for_one_or_forty_opportunities_and_none_once_cached(
    english, anonymous, districts
):
    OpportunityFactory(district=districts[0])
    first, _page = _queries(anonymous, "/oefenkansen/?day=2")
    cached, _page = _queries(anonymous, "/oefenkansen/?day=2")
    assert (first, cached) == (3, 0)  # the districts, the count, the page; then nothing
    for index in range(40):
        OpportunityFactory(district=districts[index % 2])
    cache.clear()  # the factories write past the service, which would drop the cached pages
    many, page = _queries(anonymous, "/oefenkansen/?day=2&page=2")
    assert many == first
    assert "41 practice opportunities" in page


def test_a_change_of_an_opportunity_shows_at_once(english, anonymous, programme_staff):
    from haven.dutch_practice.services import directory

    opportunity = OpportunityFactory(title="Praattafel oud")
    assert "Praattafel oud" in anonymous.get("/oefenkansen/").content.decode()
    directory.opportunity_update(opportunity=opportunity, values={"title": "Praattafel nieuw"}, by=programme_staff)
    assert "Praattafel nieuw" in anonymous.get("/oefenkansen/").content.decode()


def test_the_public_page_shows_no_person_and_works_in_dutch(anonymous):
    OpportunityFactory(title="Praattafel", contact_email="onthaal@buurtwerk.example.org")
    page = anonymous.get("/oefenkansen/").content.decode()
    assert "onthaal@buurtwerk.example.org" in page
    assert 'lang="nl"' in page


# The newsletter -------------------------------------------------------------------------------


def _link(body: str, kind: str) -> str:
    return re.search(rf"http://testserver(/oefenkansen/nieuwsbrief/{kind}/[^/\s]+/)", body).group(1)


def test_double_opt_in_then_unsubscribe_without_login(english, anonymous, mailoutbox):
    response = anonymous.post(
        "/oefenkansen/nieuwsbrief/",
        {"email": "Lezer@Example.org", "name": "Amal", "language": "en", "consent": "on"},
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.confirmed_on, subscriber.consent_text_version) == (
        "lezer@example.org",
        None,
        newsletter.CONSENT_TEXT_VERSION,
    )
    body = mailoutbox[0].body
    confirm = _link(body, "bevestigen")
    assert "lezer" not in confirm.lower()
    assert anonymous.get(confirm).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_on is None  # GET changes nothing
    page = anonymous.post(confirm).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_on is not None and "Your subscription is confirmed" in page
    unsubscribe = re.search(r'href="http://testserver(/oefenkansen/nieuwsbrief/uitschrijven/[^"]+)"', page).group(1)
    assert unsubscribe == _link(body, "uitschrijven")
    assert "Unsubscribe" in anonymous.get(unsubscribe).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_on is None  # GET changes nothing
    anonymous.post(unsubscribe)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_on is not None


def test_an_address_subscribed_already_gets_the_same_answer_and_a_note_by_mail(english, anonymous, mailoutbox):
    SubscriberFactory(email="lezer@example.org")
    response = anonymous.post(
        "/oefenkansen/nieuwsbrief/", {"email": "lezer@example.org", "language": "nl", "consent": "on"}, follow=True
    )
    assert "Check your mailbox" in response.content.decode()
    assert "subscribed already" not in response.content.decode()
    assert Subscriber.objects.count() == 1
    assert "Het is al ingeschreven" in mailoutbox[0].body  # the mail is in the language asked for


def test_an_invalid_address_and_no_consent_are_refused_on_their_fields(english, anonymous):
    response = anonymous.post("/oefenkansen/nieuwsbrief/", {"email": "geen adres", "language": "nl"})
    assert response.status_code == 400
    assert response.context["form"].errors["consent"]
    response = anonymous.post("/oefenkansen/nieuwsbrief/", {"email": "geen adres", "language": "nl", "consent": "on"})
    assert response.context["form"].errors["email"] == ["Enter a valid e-mail address."]
    assert not Subscriber.objects.exists()


def test_the_form_is_throttled_per_address(english, anonymous, settings, mailoutbox):
    settings.HAVEN_NEWSLETTER_RATE = "2/h"
    for index in range(2):
        anonymous.post(
            "/oefenkansen/nieuwsbrief/", {"email": f"lezer{index}@example.org", "language": "nl", "consent": "on"}
        )
    response = anonymous.post(
        "/oefenkansen/nieuwsbrief/", {"email": "lezer9@example.org", "language": "nl", "consent": "on"}
    )
    assert response.status_code == 429 and Subscriber.objects.count() == 2


def test_a_tampered_link_is_a_clear_400(english, anonymous):
    subscriber = SubscriberFactory()
    token = newsletter.unsubscribe_token(subscriber)
    response = anonymous.get(f"/oefenkansen/nieuwsbrief/uitschrijven/{token}x/")
    assert response.status_code == 400 and "This link is not valid." in response.content.decode()
    assert anonymous.post(f"/oefenkansen/nieuwsbrief/bevestigen/{token}/").status_code == 400
    assert mail.outbox == []
