"""Acceptance (issue 13, item 8): the course coordinator opens a course's session editor,
moves a session (a public holiday is refused with a message, another day is taken), and
cancels one after confirming. The htmx forms open in the session's row. Screenshots land in
test-artifacts/."""

import datetime

import pytest
from playwright.sync_api import expect

from haven.accounts.services import user_create
from haven.core.services import languages_load_defaults
from haven.orientation import services
from haven.orientation.models import SessionState
from haven.orientation.tests.factories import CourseFactory

PASSWORD = "correct-horse-battery-staple"
# The shared CI machines run several suites at once; the editor's page is light, the wait is the machine's.
SLOW_MACHINE_MS = 60_000


@pytest.fixture
def coordinator(transactional_db):
    return user_create(
        username="cora", password=PASSWORD, first_name="Cora", last_name="Persona", roles=["course_coordinator"]
    )


@pytest.fixture
def course(transactional_db):
    """An Arabic evening course of 60 hours from Monday 2 September 2019 (Monday and Wednesday)."""
    languages_load_defaults()  # a transactional test before this one may have flushed the reference data
    course = CourseFactory(starts_on=datetime.date(2019, 9, 2), location="Kongostraat")
    services.course_sessions_create(course=course, first_day=course.starts_on)
    return course


def log_in(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").press_sequentially("cora")
    page.locator("#id_password").press_sequentially(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.browser
def test_the_coordinator_moves_and_cancels_sessions(page, live_server, coordinator, course, artifacts):
    page.set_default_timeout(SLOW_MACHINE_MS)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/orientation/courses/{course.pk}/")
    page.get_by_role("link", name="Sessies bewerken").or_(page.get_by_role("link", name="Edit the sessions")).click()
    page.wait_for_url(f"{live_server.url}/orientation/courses/{course.pk}/sessions/")
    rows = page.locator("#sessions tbody tr")
    expect(rows).to_have_count(20)
    page.screenshot(path=str(artifacts / "course-sessions-editor.png"), full_page=True)

    # Move the fourth session (Wednesday 11 September): the form opens in its row (htmx).
    fourth = course.sessions.order_by("starts_at")[3]
    row = page.locator(f"#session-{fourth.pk}")
    page.evaluate("window.__noReload = true")
    row.locator("a[href$='/move/']").click()
    form = page.locator(f"#session-{fourth.pk} form")
    expect(form).to_be_visible()
    assert page.evaluate("window.__noReload") is True  # swapped in, not a new page
    page.screenshot(path=str(artifacts / "course-sessions-move.png"), full_page=True)
    day = form.locator(f"#id_move-{fourth.pk}-day")
    day.fill("11/11/2019")  # Armistice Day, a public holiday
    form.locator("button[type=submit]").click()
    expect(page.locator(".error").first).to_contain_text("11/11/2019")
    expect(page.locator(".error").first).to_contain_text("Wapenstilstand")
    page.screenshot(path=str(artifacts / "course-sessions-holiday-refused.png"), full_page=True)
    page.locator(f"#id_move-{fourth.pk}-day").fill("12/09/2019")
    page.locator("#move-session button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/orientation/courses/{course.pk}/sessions/")
    fourth.refresh_from_db()
    assert fourth.starts_at.date() == datetime.date(2019, 9, 12)

    # Cancel the first session: asked first, in its row.
    first = course.sessions.order_by("starts_at").first()
    page.locator(f"#session-{first.pk} a[href$='/cancel/']").click()
    question = page.locator(f"#session-{first.pk} form")
    expect(question.locator("button[name=confirm]")).to_be_visible()
    first.refresh_from_db()
    assert first.state == SessionState.PLANNED
    question.locator("button[name=confirm]").click()
    page.wait_for_url(f"{live_server.url}/orientation/courses/{course.pk}/sessions/")
    expect(page.locator(f"#session-{first.pk}")).to_have_attribute("data-state", "cancelled")
    first.refresh_from_db()
    assert first.state == SessionState.CANCELLED
    page.screenshot(path=str(artifacts / "course-sessions-after.png"), full_page=True)
