"""Acceptance, issue 15 item 7, in the browser: the programme staff refer a child to a
school at the permanence hours (an adult's file is refused, naming why), note a school
contacted and the school found, and see the child leave the waiting list. Screenshots
land in test-artifacts/ and /tmp/education-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.tests.factories import PASSWORD, UserFactory
from haven.core.services import languages_load_defaults
from haven.education.models import ReferralState, SchoolReferral
from haven.education.tests.factories import SchoolFactory
from haven.people.tests.factories import PersonFactory, faker_seed


@pytest.fixture
def world(transactional_db):
    faker_seed(15)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    staff = UserFactory(username="paula", first_name="Paula", last_name="Programma", roles=["programme_staff"])
    child = PersonFactory(given_names="Lina", family_name="Qadri", birth_date=datetime.date(2014, 6, 10))
    adult = PersonFactory(given_names="Samir", family_name="Qadri", birth_date=datetime.date(1990, 2, 14))
    school = SchoolFactory(name="Basisschool De Testwijk")
    SchoolFactory(name="Toren van Babel", okan=True)
    return {"staff": staff, "child": child, "adult": adult, "school": school}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()


def _start(page, live_server, person):
    page.goto(f"{live_server.url}/education/")
    page.locator("#start-form input[name=reference]").fill(person.reference)
    page.locator("#start-form button[type=submit]").click()
    page.wait_for_url("**/referral/**")


def _fill_referral(page):
    page.locator("#id_guardian_name").fill("Amal Qadri")
    page.locator("#id_guardian_role").select_option("parent")
    page.locator("#id_home_language").select_option("ara")
    page.locator("#id_kind").select_option("regular")
    page.locator("#referral-form button[type=submit]").click()


@pytest.mark.browser
def test_a_child_is_referred_to_a_school_and_leaves_the_waiting_list(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "paula")

    _start(page, live_server, world["adult"])
    _fill_referral(page)
    expect(page.get_by_text("This person is an adult on the permanence date")).to_be_visible()
    assert not SchoolReferral.objects.exists()
    page.screenshot(path="/tmp/education-refused.png", full_page=True)

    _start(page, live_server, world["child"])
    page.screenshot(path="/tmp/education-form.png", full_page=True)
    _fill_referral(page)
    expect(page.locator("#referral-state")).to_have_text("looking for a school")

    page.goto(f"{live_server.url}/education/waiting/")
    expect(page.locator("#waiting")).to_contain_text("QADRI Lina")
    page.screenshot(path="/tmp/education-waiting.png", full_page=True)
    page.locator("#waiting a").first.click()

    page.locator("#id_contact-school").select_option(label="Basisschool De Testwijk")
    page.locator("#step-contact button[type=submit]").click()
    expect(page.locator("#contacts")).to_contain_text("Basisschool De Testwijk")
    page.locator("#id_place-school").select_option(label="Basisschool De Testwijk")
    page.locator("#step-place button[type=submit]").click()
    expect(page.locator("#referral-state")).to_have_text("school found")
    expect(page.locator("#referral-school")).to_contain_text("Basisschool De Testwijk")
    page.screenshot(path="/tmp/education-referral.png", full_page=True)
    page.screenshot(path=artifacts / "education-referral.png", full_page=True)
    assert SchoolReferral.objects.get().state == ReferralState.PLACED

    page.goto(f"{live_server.url}/education/waiting/")
    expect(page.get_by_text("No child is waiting for a school.")).to_be_visible()
    page.goto(f"{live_server.url}/education/schools/")
    page.screenshot(path="/tmp/education-schools.png", full_page=True)


@pytest.mark.browser
def test_the_programme_staff_create_toekomstdagen_and_register_an_okan_school(new_page, live_server, world, artifacts):
    from haven.education.models import FutureDays, FutureDaysRegistration

    page = new_page()
    log_in(page, live_server, "paula")

    page.goto(f"{live_server.url}/education/schools/")
    page.get_by_role("link", name="New school").click()
    page.locator("#id_name").fill("Sint-Barbaracollege")
    page.locator("#id_address").fill("Savaanstraat 27, Gent")
    page.locator("#id_okan").check()
    page.locator("#school-form button[type=submit]").click()
    page.locator("#id_places-school_year").fill("2019")
    page.locator("#id_places-places").fill("24")
    page.locator("#places-form button[type=submit]").click()
    expect(page.locator("#okan-places")).to_contain_text("2019-2020")
    page.screenshot(path="/tmp/education-school.png", full_page=True)

    page.goto(f"{live_server.url}/education/toekomstdagen/")
    page.get_by_role("link", name="New Toekomstdagen").click()
    page.locator("#id_title").fill("Toekomstdagen 2019")
    page.locator("#id_year").fill("2019")
    page.locator("#id_session_days").fill("27/05/2018")
    page.locator("#future-days-form button[type=submit]").click()
    expect(page.get_by_text("The sessions fall in the event's year.")).to_be_visible()
    page.screenshot(path="/tmp/education-future-days-refused.png", full_page=True)
    assert not FutureDays.objects.exists()
    page.locator("#id_session_days").fill("27/05/2019\n28/05/2019")
    page.locator("#id_place").fill("ICC Gent")
    page.locator("#future-days-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Toekomstdagen 2019")

    page.locator("#id_session").select_option(index=1)
    page.locator("#id_school").select_option(label="Sint-Barbaracollege")
    page.locator("#id_pupils_registered").fill("18")
    page.locator("#id_pupils_present").fill("16")
    page.locator("#register-form button[type=submit]").click()
    expect(page.locator("#sessions")).to_contain_text("Sint-Barbaracollege")
    page.screenshot(path="/tmp/education-future-days.png", full_page=True)
    page.screenshot(path=artifacts / "education-future-days.png", full_page=True)
    registration = FutureDaysRegistration.objects.get()
    assert (registration.school.name, registration.pupils_registered, registration.pupils_present) == (
        "Sint-Barbaracollege",
        18,
        16,
    )


@pytest.mark.browser
def test_the_programme_staff_create_a_cohort_add_a_participant_by_file_number_and_record_the_graduation(
    new_page, live_server, world
):
    from haven.education.models import ParticipantState, PreTrackParticipant

    page = new_page()
    log_in(page, live_server, "paula")
    page.goto(f"{live_server.url}/education/pre-track/")
    page.get_by_role("link", name="New cohort").click()
    page.locator("#id_academic_year").fill("2019")
    page.locator("#id_starts_on").fill("23/09/2019")
    page.locator("#id_ends_on").fill("26/06/2020")
    page.locator("#id_modules").fill("Nederlands\nAcademische vaardigheden")
    page.locator("#cohort-form button[type=submit]").click()
    page.locator("#start-form input[name=reference]").fill(world["adult"].reference)
    page.locator("#start-form button[type=submit]").click()
    page.get_by_label("Nederlands").check()
    page.screenshot(path="/tmp/education-participant-form.png", full_page=True)
    page.locator("#participant-form button[type=submit]").click()
    expect(page.locator("#participant-state")).to_have_text("started")
    page.locator("#id_state").select_option("graduated")
    page.locator("#id_ended_on").fill("26/06/2020")
    page.locator("#end-form button[type=submit]").click()
    expect(page.locator("#participant-state")).to_contain_text("graduated")
    page.screenshot(path="/tmp/education-participant.png", full_page=True)
    assert PreTrackParticipant.objects.get().state == ParticipantState.GRADUATED
    page.goto(f"{live_server.url}/education/pre-track/")
    page.locator("#cohorts a").first.click()
    page.screenshot(path="/tmp/education-cohort.png", full_page=True)
