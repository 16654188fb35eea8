"""The locust scenario of bench/load.py: a day's mix of Haven's staff, or the bare view.

Not run on its own: bench/load.py prepares a database, starts the production server and
runs this file once per phase (``locust -f bench/load_locustfile.py --headless …``),
with the environment variables

- ``LOAD_WORLD``: a JSON file written by bench/load.py: per role a list of recovery
  codes (one per login), the people to open, the counsellor's caseload, search terms,
  the partner's bookings and the report's year;
- ``LOAD_PHASE``: ``mix`` (the day's mix) or ``bare`` (every user asks the bare view);
- ``LOAD_WAIT``: the think time between two clicks of one user, ``"1,3"`` (uniform, s)
  or ``"0"`` (none: the server's capacity).

Every user of the mix logs in as production asks, password then a second factor (a
recovery code of the role's login, so that many sessions may log in at once; an
authenticator code is valid once per 30 s), through a TLS-terminating proxy's headers
(``X-Forwarded-Proto: https``: the production profile's secure cookies stay on, so the
cookies are sent by hand) and, as nginx proxies by default, a new connection per request
(``Connection: close``: no keep-alive connection is reset when gunicorn recycles a
worker after ``max_requests``). The statistics are reset once every user has logged in: the
figures are the working day's pages, not the logins.

Request names are page kinds: search, file, caseload, partner bookings, dispatcher
lists, report, bare view.
"""

import json
import os
import random
from urllib.parse import urlsplit

import gevent  # type: ignore[import-untyped]
from locust import HttpUser, between, constant, events, task

WORLD = json.loads(open(os.environ["LOAD_WORLD"], encoding="utf-8").read())  # noqa: SIM115 - read once
PHASE = os.environ.get("LOAD_PHASE", "mix")
_wait = [float(part) for part in os.environ.get("LOAD_WAIT", "1,3").split(",")]
WAIT = constant(_wait[0]) if len(_wait) == 1 else between(_wait[0], _wait[1])
_logged_in = {"count": 0, "failed": 0}


class Staff(HttpUser):
    """A member of staff behind the proxy: cookies by hand, redirects not followed."""

    abstract = True
    wait_time = WAIT
    role = ""
    purpose = ""

    def on_start(self) -> None:
        self.cookies: dict[str, str] = {}
        self.origin = "https://" + str(urlsplit(str(self.host)).netloc)
        self.login()
        _logged_in["count"] += 1

    def send(self, method: str, path: str, name: str, *, data=None, headers=None, expect=(200,)):
        sent = {"X-Forwarded-Proto": "https", "Accept-Language": "nl", "Connection": "close", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if method == "POST":
            sent.update(
                {"Origin": self.origin, "Referer": self.origin + path, "X-CSRFToken": self.cookies.get("csrftoken", "")}
            )
        with self.client.request(
            method, path, name=name, data=data, headers=sent, allow_redirects=False, catch_response=True
        ) as response:
            for cookie in response.cookies:
                self.cookies[cookie.name] = cookie.value
            if response.status_code not in expect:
                where = response.headers.get("Location", "")
                response.failure(f"{method} {name}: {response.status_code} {where} {response.error or ''}"[:200])
            else:
                response.success()
            return response

    def login(self) -> None:
        self.send("GET", "/login/", "login")
        response = self.send(
            "POST",
            "/login/",
            "login",
            data={"username": self.role, "password": WORLD["password"]},
            expect=(302,),
        )
        self.send("GET", response.headers.get("Location", "/"), "login", expect=(302,))  # on to the code
        self.send("GET", "/account/two-factor/verify/", "login")
        code = WORLD["codes"][self.role].pop()
        response = self.send("POST", "/account/two-factor/verify/", "login", data={"code": code}, expect=(302,))
        if response.status_code != 302:  # counted beside the figures: the statistics reset hides it
            _logged_in["failed"] += 1

    def file(self, person_id: int) -> None:
        self.send("GET", f"/people/{person_id}/?purpose={self.purpose}", "file")

    def search(self) -> None:
        term = random.choice(WORLD["search_terms"])
        self.send(
            "POST",
            "/people/",
            "search",
            data={"q": term, "page": "1", "purpose": self.purpose},
            headers={"HX-Request": "true"},
        )


class Intake(Staff):
    """The desk: searches the registry and opens files, anyone's."""

    weight = 14
    role, purpose = "intake", "registration"

    @task(3)
    def search_registry(self) -> None:
        self.search()

    @task(2)
    def open_file(self) -> None:
        self.file(random.choice(WORLD["people"]))


class Counsellor(Staff):
    """A counsellor: the caseload, the files in it, now and then a search."""

    weight = 14
    role, purpose = "counsellor", "counselling"

    @task(2)
    def caseload(self) -> None:
        self.send("GET", "/integration/caseload/", "caseload")

    @task(3)
    def open_file(self) -> None:
        self.file(random.choice(WORLD["caseload"]))

    @task(1)
    def search_caseload(self) -> None:
        self.search()


class Partner(Staff):
    """A partner organisation's contact: their bookings and one of them."""

    weight = 10
    role = "partner"

    @task(3)
    def bookings(self) -> None:
        self.send("GET", "/interpreting/portal/", "partner bookings")

    @task(1)
    def booking(self) -> None:
        self.send("GET", f"/interpreting/requests/{random.choice(WORLD['bookings'])}/", "partner bookings")


class Dispatcher(Staff):
    """The dispatcher's lists: requests, dispatch, performance sheets, invoices, unmet demand."""

    weight = 8
    role = "dispatcher"
    lists = ("/interpreting/requests/", "/interpreting/dispatch/", "/interpreting/sheets/", "/interpreting/invoices/")

    @task
    def a_list(self) -> None:
        self.send("GET", random.choice(self.lists), "dispatcher lists")


class Manager(Staff):
    """The manager reads the annual report."""

    weight = 4
    role = "manager"

    @task
    def report(self) -> None:
        self.send("GET", f"/reports/annual/{WORLD['year']}/", "report")


class Bare(HttpUser):
    """The baseline: Django's bare view on the same server (no session, no template)."""

    wait_time = WAIT

    def on_start(self) -> None:
        _logged_in["count"] += 1

    @task
    def bare(self) -> None:
        with self.client.get(
            "/health/", name="bare view", headers={"Connection": "close"}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"bare view: {response.status_code} {response.error or ''}"[:200])


# The phase decides which users run: locust runs every non-abstract user class in the file.
if PHASE == "bare":
    for _class in (Intake, Counsellor, Partner, Dispatcher, Manager):
        _class.abstract = True
else:
    Bare.abstract = True


_environment: dict = {"value": None}


@events.init.add_listener
def _keep_environment(environment, **_kwargs) -> None:
    _environment["value"] = environment


@events.spawning_complete.add_listener
def _reset_after_logins(user_count: int, **_kwargs) -> None:
    """Reset the statistics once every user has logged in (and a second more)."""

    def wait_and_reset() -> None:
        while _logged_in["count"] < user_count:
            gevent.sleep(0.1)
        gevent.sleep(1)
        environment = _environment["value"]
        if environment is not None and environment.runner is not None:
            environment.runner.stats.reset_all()
            print(f"load: {user_count} users logged in; statistics reset", flush=True)

    gevent.spawn(wait_and_reset)


@events.quitting.add_listener
def _logins_report(environment, **_kwargs) -> None:
    """How many logins failed (bench/load.py counts them as errors)."""
    with open(os.environ.get("LOAD_LOGINS", os.devnull), "w", encoding="utf-8") as out:
        json.dump({"logged_in": _logged_in["count"], "failed": _logged_in["failed"]}, out)


if __name__ == "__main__":
    # A module of the benchmarks, not one itself: run bench/load.py (which measures and exits
    # non-zero when its goal is missed) rather than this file.
    raise SystemExit("bench/load_locustfile.py is a module of the benchmarks (load); it measures nothing on its own.")
