"""`haven serve` (the last step of `make demo`) and the two addresses it announces."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command

from haven.accounts.tests.factories import UserFactory
from haven.demo.staff import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD


@pytest.mark.django_db
def test_serve_prints_demo_logins_then_runs_the_server_on_port_8000():
    UserFactory(
        username="counsellor", password=DEMO_PASSWORD, email=f"counsellor@{DEMO_EMAIL_DOMAIN}", roles=["counsellor"]
    )
    out = StringIO()
    with (
        mock.patch("haven.core.management.commands.serve.call_command") as runserver,
        mock.patch("haven.core.management.commands.serve.subprocess.Popen") as popen,
    ):
        popen.return_value.poll.return_value = None  # the worker is still running when the server stops
        call_command("serve", stdout=out)
    text = out.getvalue()
    worker = popen.call_args.args[0]
    assert worker[-3:] == ["django", "worker", "--no-reload"]  # the worker starts beside the server
    popen.return_value.send_signal.assert_called_once()  # and stops with it
    assert DEMO_PASSWORD in text
    assert "counsellor" in text
    assert "http://127.0.0.1:8000/" in text
    runserver.assert_called_once_with("runserver", "127.0.0.1:8000", use_reloader=False)


@pytest.mark.django_db
def test_serve_without_demo_users_says_how_to_get_them():
    out = StringIO()
    with mock.patch("haven.core.management.commands.serve.call_command"):
        call_command("serve", "--no-worker", stdout=out)
    assert "haven demo" in out.getvalue()
    assert DEMO_PASSWORD not in out.getvalue()


@pytest.mark.django_db
def test_login_page_and_api_docs_are_served_to_anonymous_visitors(client):
    assert client.get("/").status_code == 302
    assert client.get("/").headers["Location"].startswith("/login/")
    assert client.get("/login/").status_code == 200
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"cdn.jsdelivr" not in docs.content  # the docs' assets are served locally
    schema = client.get("/api/openapi.json").json()
    assert "/api/people" in schema["paths"]


@pytest.mark.django_db
def test_the_navigation_marks_only_the_most_specific_entry_current(client):
    user = UserFactory(username="pat", roles=["counsellor", "programme_staff"])
    client.force_login(user)
    page = client.get("/integration/dossiers/").content.decode()
    shell_nav = page[page.index('<nav class="shell-nav"') :]
    shell_nav = shell_nav[: shell_nav.index("</nav>")]
    assert shell_nav.count('aria-current="page"') == 1
    assert '<a href="/integration/dossiers/" aria-current="page">' in shell_nav


@pytest.mark.django_db
def test_serve_prints_the_logins_every_registered_app_offers_in_order(monkeypatch):
    from haven.core import login_hints

    monkeypatch.setattr(login_hints, "_providers", {})
    login_hints.login_hints_register("none", lambda: None)
    login_hints.login_hints_register(
        "training", lambda: login_hints.LoginHints("Training logins:", [("trainee", "Tries")])
    )
    out = StringIO()
    with mock.patch("haven.core.management.commands.serve.call_command"):
        call_command("serve", "--no-worker", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["Training logins:", f"  {'trainee':<20} Tries"]
    assert "haven demo" not in out.getvalue()


@pytest.mark.django_db
def test_serve_gives_back_the_callers_sigterm_handling_when_it_ends():
    import signal

    before = signal.getsignal(signal.SIGTERM)
    with mock.patch("haven.core.management.commands.serve.call_command"):
        call_command("serve", "--no-worker", stdout=StringIO())
    assert signal.getsignal(signal.SIGTERM) is before
