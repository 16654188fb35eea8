from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from haven.core.login_hints import login_hints


class Command(BaseCommand):
    help = "Serve Haven on http://127.0.0.1:8000 (development server), printing the demo logins first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, address: str, **options: Any) -> None:
        hints = login_hints()
        for hint in hints:
            self.stdout.write(self.style.SUCCESS(hint.title))
            for username, what in hint.logins:
                self.stdout.write(f"  {username:<20} {what}")
        if not hints and not get_user_model().objects.exists():
            self.stdout.write("No users yet: run `haven demo` or `haven createsuperuser`.")
        self.stdout.write(f"Haven is served on http://{address}/  (API docs: http://{address}/api/docs)")
        call_command("runserver", address, use_reloader=False)
