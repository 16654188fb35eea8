"""Browser tests: Debian's chromium driven by Playwright's sync API against
pytest-django's live server. Run by .ci/run (``pytest -m browser``), not by make test.

Never downloads a browser: it launches the system chromium at /usr/bin/chromium
(override with HAVEN_CHROMIUM). Screenshots go to test-artifacts/ (git-ignored).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django would then
# refuse ORM calls made from the test ("SynchronousOnlyOperation").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HAVEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 768, "height": 1024}
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    # Everything in this folder needs the browser, whether or not a test says so.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"No chromium at {CHROMIUM}: apt-get install chromium (never `playwright install`).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def new_page(browser):
    """A factory for pages, each in a fresh context (own cookies) with a given viewport."""
    contexts = []

    def make(viewport=LAPTOP):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page(LAPTOP)
