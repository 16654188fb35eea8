"""Smoke test of the production server: gunicorn, DJANGO_ENV=production, PostgreSQL.

    .venv/bin/python .ci/smoke.py [--database-url postgres://postgres@127.0.0.1:5432/haven_smoke]

1. drops and creates the database the URL names (its own, ``haven_smoke`` by default),
   migrates it as the owner (``DATABASE_MIGRATE_URL``) and creates the application's role
   (``haven db_roles --app-role haven_smoke_app``): the server runs as that role;
2. collects the static files into a temporary directory (whitenoise serves them);
3. makes one user (intake and manager) with an authenticator (TOTP) device, as production
   requires a second factor, and one person;
4. starts gunicorn (``-c python:haven.core.gunicorn_conf``, two workers) on a free port, and
   a background worker (``haven worker``) beside it;
5. through the server: /ready/, and /health/ over plain HTTP (a page redirects to HTTPS); the login with password and code; the start
   page and its style sheet (compressed, cached for ever); a search; the person's file;
   the annual report; a dispatch run started on its page, followed on the job's page until
   the worker has run it, and the run it made. Every request says ``X-Forwarded-Proto: https`` as a TLS-terminating
   proxy would, so the production profile's HTTPS redirect and secure cookies stay on;
6. checks every line gunicorn, Haven and the worker wrote: JSON, a request line for each
   request, no query string, no name of the person; stops the server and the worker.

Exits non-zero at the first failure; prints each step's time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from scratch_db import database_recreate

from haven.core.prodserver import Gunicorn, Worker, prepare, production_environment

ROOT = Path(__file__).resolve().parent.parent
APP_ROLE = "haven_smoke_app"
FAMILY_NAME = "Tesfamariam"
GIVEN_NAME = "Yonas"


def world_create(env: dict[str, str]) -> dict[str, object]:
    """As the application role, in this process: the user, its device and a person."""
    import datetime

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from haven.accounts.services import user_create
    from haven.core.models import AccessChannel
    from haven.core.services import languages_load_defaults
    from haven.people import services as people_services
    from haven.people.models import Sex

    languages_load_defaults()
    password = secrets.token_urlsafe(16)
    user = user_create(
        username="smoke",
        password=password,
        first_name="Smoke",
        last_name="Test",
        email="smoke@haven.invalid",
        roles=["intake", "manager", "dispatcher"],
    )
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    person = people_services.person_create(
        by=user,
        channel=AccessChannel.WEB,
        allow_similar=True,
        values={
            "given_names": GIVEN_NAME,
            "family_name": FAMILY_NAME,
            "birth_date": datetime.date(1988, 4, 23),
            "sex": Sex.MALE,
            "nationality": "ER",
            "municipality": "Gent",
            "postal_code": "9000",
            "first_registration_date": datetime.date(2019, 1, 10),
        },
    )
    return {"password": password, "key": device.bin_key, "person_id": person.pk}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser behind a TLS proxy: cookies (Secure ones too), no redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None, https: bool = True
    ):
        origin = "https://" + urlsplit(self.base).netloc
        sent = {"X-Forwarded-Proto": "https" if https else "http", "Accept-Language": "en", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            sent.update({"Origin": origin, "Referer": origin + path})
        request = urllib.request.Request(self.base + path, data=body, headers=sent)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read()

    def form_post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        status, _headers, html = self.request(path)
        check(status == 200, f"GET {path}: {status}")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        check(token is not None, f"no CSRF token on {path}")
        assert token is not None
        status, headers, _body = self.request(path, {"csrfmiddlewaretoken": token.group(1).decode(), **fields})
        return status, headers.get("Location", "")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def wait_ready(browser: Browser) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            status, _headers, body = browser.request("/ready/")
            if status == 200:
                check(json.loads(body) == {"status": "ok", "database": "ok", "migrations": "applied"}, "ready body")
                return
        except OSError:
            pass
        check(time.monotonic() < deadline, "/ready/ never answered 200")
        time.sleep(0.2)


def login(browser: Browser, world: dict[str, object]) -> None:
    from django_otp.oath import totp

    status, location = browser.form_post("/login/", {"username": "smoke", "password": str(world["password"])})
    check(status == 302, f"login: {status}")
    status, _headers, _body = browser.request(location)  # the start page sends on to the code
    check(status == 302, f"after login: {status}")
    code = f"{totp(world['key']):06d}"
    status, location = browser.form_post("/account/two-factor/verify/", {"code": code})
    check(status == 302, f"code: {status}")


REPORT_SECONDS = 60  # the worker counts the demo-less report in well under a second


def visit(browser: Browser, world: dict[str, object]) -> list[str]:
    """The pages; returns the paths asked for (the log must have a line for each)."""
    status, _headers, html = browser.request("/")
    check(status == 200, f"home: {status}")
    sheet = re.search(rb'href="(/static/[^"]+\.css)"', html)
    check(sheet is not None, "no style sheet on the start page")
    assert sheet is not None
    css = sheet.group(1).decode()
    check(re.search(r"\.[0-9a-f]{12}\.css$", css) is not None, f"static name without hash: {css}")
    status, headers, _body = browser.request(css, headers={"Accept-Encoding": "gzip"})
    check(status == 200 and headers.get("Content-Encoding") == "gzip", f"{css}: {status} {headers}")
    check("immutable" in headers.get("Cache-Control", ""), f"{css} cache: {headers.get('Cache-Control')}")
    status, _headers, html = browser.request(f"/people/?q={FAMILY_NAME}")
    check(status == 200 and FAMILY_NAME.upper().encode() in html.upper(), f"search: {status}")
    person = f"/people/{world['person_id']}/?purpose=registration"
    status, _headers, html = browser.request(person)
    check(status == 200 and FAMILY_NAME.upper().encode() in html.upper(), f"person file: {status}")
    # The report page shows a kept render: the first visit has the worker count it (the
    # page shows the job's progress meanwhile); the figures follow once it is done.
    deadline = time.monotonic() + REPORT_SECONDS
    while True:
        status, _headers, html = browser.request("/reports/annual/2019/")
        check(status == 200, f"annual report: {status}")
        if b"<table" in html or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    check(b"<table" in html, f"annual report: no figures after {REPORT_SECONDS} s (is the worker running?)")
    return ["/", css, "/people/", f"/people/{world['person_id']}/", "/reports/annual/2019/"]


def dispatch_through_worker(browser: Browser) -> list[str]:
    """A dispatch run started on its page runs in the worker: the job's page, polled as the
    browser does, says where the run is once it is done. Returns the paths asked for."""
    import datetime
    from zoneinfo import ZoneInfo

    today = datetime.datetime.now(ZoneInfo("Europe/Brussels")).date()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    status, location = browser.form_post(
        "/interpreting/dispatch/", {"monday": f"{monday:%d/%m/%Y}", "method": "greedy"}
    )
    check(status == 302 and re.fullmatch(r"/jobs/\d+/", location) is not None, f"dispatch: {status} {location}")
    status, _headers, html = browser.request(location)
    check(status == 200 and b"hx-trigger" in html, f"job page: {status}")
    deadline = time.monotonic() + 60
    while True:
        status, headers, _body = browser.request(location + "progress/", headers={"HX-Request": "true"})
        check(status in (200, 204), f"job progress: {status}")
        run = headers.get("HX-Redirect", "")
        if run:
            break
        check(time.monotonic() < deadline, "the worker did not run the dispatch job in 60 s")
        time.sleep(0.5)
    check(re.fullmatch(r"/interpreting/dispatch/runs/\d+/", run) is not None, f"job result: {run}")
    status, _headers, html = browser.request(run)
    check(status == 200 and b'id="run-figures"' in html, f"the run: {status}")
    return ["/interpreting/dispatch/", location, location + "progress/", run]


def logs_check(lines: list[str], paths: list[str]) -> int:
    entries = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except ValueError:
            raise AssertionError(f"a log line is not JSON: {line}") from None
        check(FAMILY_NAME.lower() not in line.lower() and GIVEN_NAME.lower() not in line.lower(), f"a name: {line}")
        check("?" not in line and "q=" not in line, f"a query string in the log: {line}")
    logged = {entry.get("path") for entry in entries if entry.get("logger") == "haven.request"}
    missing = [path for path in paths if path not in logged]
    check(not missing, f"no request line for {missing}")
    for entry in entries:
        check({"time", "level", "logger", "message"} <= set(entry), f"fields missing: {entry}")
        if entry.get("logger") == "haven.request" and entry["status"] == 200 and entry["route"] != "static":
            check(bool(entry.get("request_id")), f"no request id: {entry}")
    return len(entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("HAVEN_SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/haven_smoke"),
    )
    parser.add_argument("--show-logs", action="store_true", help="Print the server's log lines.")
    args = parser.parse_args()
    started = time.monotonic()

    def step(name: str) -> None:
        print(f"  {time.monotonic() - started:5.1f} s  {name}", flush=True)

    with tempfile.TemporaryDirectory(prefix="haven-smoke-") as scratch:
        env = production_environment(args.database_url, Path(scratch), app_role=APP_ROLE)
        database_recreate(args.database_url, "smoke")
        prepare(env, app_role=APP_ROLE)
        step("database migrated as the owner; application role granted; static files collected")
        world = world_create(env)
        step("user with an authenticator and a person made")
        server = Gunicorn(env, start_seconds=30)
        worker = Worker(env)
        try:
            browser = Browser(server.base)
            wait_ready(browser)
            # Over plain HTTP (a load balancer's probe): health answers; a page redirects to HTTPS.
            status, _headers, _body = browser.request("/health/", https=False)
            check(status == 200, f"health over http: {status}")
            status, headers, _body = browser.request("/login/", https=False)
            check(status == 301 and headers["Location"].startswith("https://"), f"login over http: {status}")
            step(f"gunicorn ready on {server.base}")
            login(browser, world)
            paths = visit(browser, world)
            step("logged in (password and code), start page, style sheet, search, a file, the report")
            paths += dispatch_through_worker(browser)
            step("a dispatch run started on its page, run by the worker, followed to the run")
        finally:
            code = server.stop()
            worker_code = worker.stop()
        check(code == 0, f"gunicorn stopped with {code}")
        check(worker_code == 0, f"the worker stopped with {worker_code}")
        if args.show_logs:
            print("\n".join(server.lines + worker.lines))
        lines = logs_check(server.lines, ["/ready/", "/health/", "/login/", *paths])
        worker_lines = logs_check(worker.lines, [])
        step(f"server and worker stopped; {lines} + {worker_lines} log lines, all JSON, no query string, no name")
    print(f"smoke: the production server passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
