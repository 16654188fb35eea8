import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from haven.core.login_hints import login_hints

WORKER_STOP_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Serve Haven on http://127.0.0.1:8000 (development server) with a background worker "
        "beside it (`haven worker`), printing the demo logins first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_false", dest="worker", help="Serve without a worker.")

    def handle(self, *args: Any, address: str, worker: bool = True, **options: Any) -> None:
        hints = login_hints()
        for hint in hints:
            self.stdout.write(self.style.SUCCESS(hint.title))
            for username, what in hint.logins:
                self.stdout.write(f"  {username:<20} {what}")
        if not hints and not get_user_model().objects.exists():
            self.stdout.write("No users yet: run `haven demo` or `haven createsuperuser`.")
        self.stdout.write(f"Haven is served on http://{address}/  (API docs: http://{address}/api/docs)")
        process = self._worker_start() if worker else None
        # Stopped by SIGTERM (a process manager) as by Ctrl-C: the worker is stopped too.
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("runserver", address, use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)  # the caller's handling again (a test's process)
            if process is not None:
                self._worker_stop(process)

    def _worker_start(self) -> subprocess.Popen:
        """`haven worker` (the background tasks and the daily jobs) in a session of its own:
        Ctrl-C reaches this command, which stops the worker once, after its task in hand."""
        self.stdout.write("A worker runs the background tasks beside it (stops with the server).")
        environment = dict(os.environ)
        environment.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE or "haven.settings")
        command = [sys.executable, "-m", "django", "worker", "--no-reload"]
        return subprocess.Popen(command, env=environment, start_new_session=True)

    def _worker_stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
