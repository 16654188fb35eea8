"""Acceptance, issue 16 (Dutch practice), in the browser: programme staff log today's
conversation moment on one page (a negative count refused on its field first); an
anonymous visitor finds a practice opportunity on the public page by district and day;
a visitor subscribes to the newsletter, confirms with the link from the e-mail (read from
Django's outbox: the live server runs in this process) and unsubscribes without logging in.
Screenshots land in test-artifacts/ and /tmp."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.tests.factories import UserFactory
from haven.core.models import District
from haven.core.services import languages_load_defaults
from haven.dutch_practice.models import ConversationSession, Subscriber
from haven.dutch_practice.tests.factories import OpportunityFactory, SeriesFactory, VolunteerFactory
from haven.people.tests.factories import PersonFactory, faker_seed
from tests.browser.test_casework import log_in


@pytest.fixture
def world(transactional_db):
    from django.core.cache import cache

    cache.clear()
    faker_seed(16)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    UserFactory(username="paula", first_name="Paula", last_name="Programma", roles=["programme_staff"])
    today = timezone.localdate()
    series = SeriesFactory(
        title="Conversatiemoment vandaag", weekday=today.weekday(), active_from=today - datetime.timedelta(days=70)
    )
    volunteers = [
        VolunteerFactory(person=PersonFactory(given_names=given, family_name=family, first_registration_date=None))
        for given, family in (("Griet", "Vandamme"), ("Jan", "Claeys"))
    ]
    poort = District.objects.create(name="Brugse Poort - Rooigem")
    sluizeken = District.objects.create(name="Sluizeken")
    OpportunityFactory(
        title="Praattafel Brugse Poort", organiser="Buurtcentrum Brugse Poort", district=poort, weekdays="2"
    )
    OpportunityFactory(title="Taalwandeling Sluizeken", district=sluizeken, weekdays="2")
    OpportunityFactory(title="Leesclub Brugse Poort", district=poort, weekdays="4")
    return {"series": series, "volunteers": volunteers, "poort": poort}


@pytest.mark.browser
def test_programme_staff_log_todays_conversation_moment(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "paula")
    page.goto(f"{live_server.url}/dutch-practice/log/")
    form = page.locator("#session-log-form")
    expect(form.locator("#id_series")).to_have_value(str(world["series"].pk))
    form.locator("#volunteers-present label", has_text="VANDAMME Griet").locator("input").check()
    form.locator("#volunteers-present label", has_text="CLAEYS Jan").locator("input").check()
    form.locator("#id_participant_count").fill("-2")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_participant_count-error")).to_have_text("The number of participants is zero or more.")
    assert not ConversationSession.objects.exists()
    page.screenshot(path=artifacts / "dutch-practice-log-error.png", full_page=True)

    page.locator("#id_participant_count").fill("26")
    page.locator("#session-log-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("26 participants")
    expect(page.locator("#sessions tbody tr")).to_have_count(1)
    page.screenshot(path="/tmp/dutch-practice-log.png", full_page=True)
    session = ConversationSession.objects.get()
    assert (session.held_on, session.participant_count, session.volunteers.count()) == (timezone.localdate(), 26, 2)


@pytest.mark.browser
def test_an_anonymous_visitor_finds_a_practice_opportunity(new_page, live_server, world, artifacts):
    page = new_page()
    page.goto(f"{live_server.url}/oefenkansen/")
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()
    expect(page.locator("#opportunities li.card")).to_have_count(3)
    filters = page.locator("#directory-filter")
    filters.locator("#id_district").select_option(label="Brugse Poort - Rooigem")
    filters.locator("#id_day").select_option(label="Wednesday")
    filters.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#opportunities li.card")).to_have_count(1)
    expect(page.locator("#opportunities")).to_contain_text("Praattafel Brugse Poort")
    expect(page.locator("#opportunities")).to_contain_text("onthaal@buurtwerk.example.org")
    page.screenshot(path=artifacts / "dutch-practice-directory.png", full_page=True)
    page.screenshot(path="/tmp/dutch-practice-directory.png", full_page=True)
    page.goto(f"{live_server.url}/oefenkansen/?day=9")
    expect(page.locator("#id_day-error")).to_be_visible()


@pytest.mark.browser
def test_a_visitor_subscribes_confirms_and_unsubscribes(new_page, live_server, world, artifacts):
    page = new_page()
    page.goto(f"{live_server.url}/oefenkansen/nieuwsbrief/")
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()
    form = page.locator("#subscribe-form")
    form.locator("#id_email").fill("amal@example.org")
    form.locator("#id_language").select_option("en")
    form.locator("#id_consent").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Check your mailbox")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/oefenkansen/nieuwsbrief/bevestigen/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.locator("#confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#confirmed")).to_be_visible()
    assert Subscriber.objects.get().confirmed_on == timezone.localdate()
    page.screenshot(path="/tmp/dutch-practice-confirmed.png", full_page=True)
    page.locator("#unsubscribe-link").click()
    page.wait_for_load_state()
    assert Subscriber.objects.get().unsubscribed_on is None  # the page only asks
    page.locator("#unsubscribe-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#unsubscribed")).to_be_visible()
    assert Subscriber.objects.get().unsubscribed_on == timezone.localdate()
    page.screenshot(path=artifacts / "dutch-practice-unsubscribed.png", full_page=True)
