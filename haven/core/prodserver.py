"""The production server and a worker as child processes, set up as ``make prod`` runs them:
for the smoke test (``.ci/smoke.py``) and the load bench (``bench/load.py``), which both start
them on a database of their own.

    env = production_environment(owner_url, scratch, app_role="haven_smoke_app")
    prepare(env, app_role="haven_smoke_app")   # migrate as the owner, grant the role, static files
    server = Gunicorn(env)                     # server.base: http://127.0.0.1:<free port>
    worker = Worker(env)
    ...
    server.stop(), worker.stop()

Nothing here runs inside Haven itself; it only starts Haven's own commands.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = ROOT / ".venv" / "bin"


def production_environment(
    owner_url: str,
    scratch: Path,
    *,
    app_role: str,
    workers: int = 2,
    threads: int = 2,
    ssl_redirect: bool = True,
) -> dict[str, str]:
    """The environment of the production profile: the server connects as ``app_role`` (on the
    owner's server), migrations run as the owner, static and media files go under ``scratch``,
    e-mail stays in memory. Without ``ssl_redirect`` plain HTTP is served, as ``make prod`` does."""
    parts = urlsplit(owner_url)
    app_url = urlunsplit(parts._replace(netloc=f"{app_role}@{parts.hostname}:{parts.port or 5432}"))
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "HAVEN_"))}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "haven.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DATABASE_URL": app_url + "?conn_max_age=60&conn_health_checks=true",
            "DATABASE_MIGRATE_URL": owner_url,
            "HAVEN_STATIC_ROOT": str(scratch / "static"),
            "HAVEN_MEDIA_ROOT": str(scratch / "media"),
            "WEB_CONCURRENCY": str(workers),
            "HAVEN_WEB_THREADS": str(threads),
        }
    )
    if not ssl_redirect:
        env["HAVEN_SSL_REDIRECT"] = "False"
    return env


def haven(env: dict[str, str], *args: str) -> None:
    """Run ``haven <args>`` in the environment; a failure raises."""
    subprocess.run([str(BIN / "haven"), *args], env=env, cwd=ROOT, check=True)


def prepare(env: dict[str, str], *, app_role: str) -> None:
    """Migrate as the owner, create and grant the application's role, collect the static files."""
    haven(env, "migrate", "--verbosity", "0")
    haven(env, "db_roles", "--app-role", app_role)
    haven(env, "collectstatic", "--noinput", "--verbosity", "0")


class _Process:
    """A child in its own process group whose output lines are read and kept."""

    def __init__(self, command: list[str], env: dict[str, str], *, with_stdout: bool = False) -> None:
        """Reads the child's stderr (its log), and its stdout too when ``with_stdout``."""
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE if with_stdout else None,
            stderr=subprocess.STDOUT if with_stdout else subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout or self.process.stderr
        assert stream is not None
        for raw in stream:
            line = raw.rstrip("\n")
            self.lines.append(line)
            self.line_read(line)

    def line_read(self, line: str) -> None:
        """Called for each line as it comes."""

    def errors(self) -> list[str]:
        """The lines at level ERROR or CRITICAL, and request lines with a 5xx status."""
        return [
            line
            for line in self.lines
            if '"level": "ERROR"' in line or '"level": "CRITICAL"' in line or '"status": 5' in line
        ]

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM to the group; the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout=timeout)


class Gunicorn(_Process):
    """gunicorn with Haven's settings (``haven.core.gunicorn_conf``) on a free port of 127.0.0.1;
    ``base`` is its address once it listens."""

    def __init__(self, env: dict[str, str], *, start_seconds: float = 60) -> None:
        self.base = ""
        self._listening = threading.Event()
        super().__init__([str(BIN / "gunicorn"), "-c", "python:haven.core.gunicorn_conf", "--bind", "127.0.0.1:0"], env)
        if not self._listening.wait(start_seconds):
            self.stop()
            raise SystemExit("gunicorn did not start:\n" + "\n".join(self.lines))

    def line_read(self, line: str) -> None:
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        if match:
            self.base = match.group(1)
            self._listening.set()


class Worker(_Process):
    """``haven worker`` (the background tasks and the daily jobs), polling every 0.2 s."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(
            [str(BIN / "haven"), "worker", "--no-startup-delay", "--interval", "0.2"], env, with_stdout=True
        )
