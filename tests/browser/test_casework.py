"""Acceptance, issue 14 item 7, in the browser: plan an appointment with an interpreter,
move it and see the interpreting request move; upload a residence card and see the
reminder; write a confidential note that a colleague cannot read. Screenshots land in
test-artifacts/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.tests.factories import PASSWORD, UserFactory
from haven.casework.models import Appointment
from haven.core.models import Language
from haven.core.services import languages_load_defaults
from haven.integration.models import CounsellorProfile
from haven.integration.tests.builders import contracts_build
from haven.interpreting.agency import agency
from haven.interpreting.tests import billing_data
from haven.people.tests.factories import faker_seed


@pytest.fixture
def world(transactional_db):
    faker_seed(14)
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    counsellor = UserFactory(username="carla", first_name="Carla", last_name="Persona", roles=["counsellor"])
    profile = CounsellorProfile.objects.create(user=counsellor, fte=1)
    profile.languages.set(["ara", "nld"])
    coordinator = UserFactory(username="tom", first_name="Tom", last_name="Team", roles=["team_coordinator"])
    (contract,) = contracts_build(counsellor, 1)
    person = contract.person
    person.family_name, person.given_names = "Tesfay", "Selam"
    person.preferred_language = Language.objects.get(pk="tir")
    person.save(update_fields=["family_name", "given_names", "preferred_language"])
    organisation = billing_data.organisation(9, name="IN-Gent")
    organisation.enterprise_number = agency().enterprise_number
    organisation.save(update_fields=["enterprise_number"])
    return {"counsellor": counsellor, "coordinator": coordinator, "person": person}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()


def casework_page(page, live_server, person):
    page.goto(f"{live_server.url}/casework/people/{person.pk}/notes/?purpose=counselling")


def monday_in(weeks: int) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 * weeks - today.weekday())


@pytest.mark.browser
def test_an_appointment_with_an_interpreter_moves_its_request(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "carla")
    casework_page(page, live_server, world["person"])
    form = page.locator("#new-appointment")
    expect(form).to_contain_text("an interpreter is proposed")
    expect(form.locator("#id_appointment-interpreter")).to_have_value("on_site")
    form.locator("#id_appointment-day").fill(monday_in(2).isoformat())
    form.locator("#id_appointment-time").fill("10:00")
    form.locator("#id_appointment-duration_minutes").fill("60")
    form.locator("#id_appointment-purpose").fill("Follow-up of the action plan")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    card = page.locator(".appointment", has_text="Follow-up of the action plan")
    expect(card).to_contain_text("Interpreter (tir): open")
    page.screenshot(path=artifacts / "casework-appointment-interpreter.png", full_page=True)

    appointment = Appointment.objects.get()
    card.locator("summary", has_text="Move").click()
    card.locator(f"#id_move-{appointment.pk}-day").fill(monday_in(3).isoformat())
    card.locator(f"#id_move-{appointment.pk}-time").fill("14:00")
    card.locator("button", has_text="Move the appointment").click()
    page.wait_for_load_state()
    expect(page.locator(".message")).to_contain_text("The appointment is moved.")
    appointment.refresh_from_db()
    moved = timezone.localtime(appointment.interpreting_request.starts_at)
    assert (moved.date(), moved.hour) == (monday_in(3), 14)
    expect(page.locator(".appointment", has_text="Follow-up of the action plan")).to_contain_text("14:00")


@pytest.mark.browser
def test_a_residence_card_uploaded_appears_in_the_reminders_and_the_file_header(
    new_page, live_server, world, artifacts, tmp_path
):
    card = tmp_path / "verblijfskaart.pdf"
    card.write_bytes(b"%PDF-1.4\n%%EOF\n")
    soon = timezone.localdate() + datetime.timedelta(days=20)
    page = new_page()
    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/casework/people/{world['person'].pk}/documents/?purpose=counselling")
    form = page.locator("#new-document")
    form.locator("#id_kind").select_option("residence_card")
    form.locator("#id_valid_until").fill(soon.isoformat())
    form.locator("#id_file").set_input_files(str(card))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#documents")).to_contain_text("Residence card")

    page.goto(f"{live_server.url}/casework/day/")
    expect(page.locator("#renew")).to_contain_text("TESFAY Selam")
    page.screenshot(path=artifacts / "casework-day.png", full_page=True)
    page.goto(f"{live_server.url}/people/{world['person'].pk}/?purpose=counselling")
    expect(page.locator(".page-head")).to_contain_text(f"Residence card expires on {soon:%d/%m/%Y}")


@pytest.mark.browser
def test_a_confidential_note_is_not_read_by_a_colleague(new_page, live_server, world, artifacts):
    page = new_page()
    log_in(page, live_server, "carla")
    casework_page(page, live_server, world["person"])
    for subject, readers in (("Health", "counsellor"), ("Housing", "line")):
        form = page.locator("#new-note")
        form.locator("#id_subject").fill(subject)
        form.locator("#id_text").fill(f"{subject}: discussed today.")
        form.locator("#id_confidentiality").select_option(readers)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    expect(page.locator("#notes")).to_contain_text("Health")

    colleague = new_page()
    log_in(colleague, live_server, "tom")
    casework_page(colleague, live_server, world["person"])
    notes = colleague.locator("#notes")
    expect(notes).to_contain_text("Housing")
    expect(notes).not_to_contain_text("Health")
    colleague.screenshot(path=artifacts / "casework-notes-colleague.png", full_page=True)
