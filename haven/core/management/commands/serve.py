from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Haven on http://127.0.0.1:8000 (development server), printing the demo logins first."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, address, **options):
        from haven.demo.staff import DEMO_PASSWORD, demo_logins

        logins = demo_logins()
        if logins:
            self.stdout.write(self.style.SUCCESS("Demo logins (password for each: %s):" % DEMO_PASSWORD))
            for username, role in logins:
                self.stdout.write(f"  {username:<20} {role}")
        elif not get_user_model().objects.exists():
            self.stdout.write("No users yet: run `haven demo` or `haven createsuperuser`.")
        self.stdout.write(f"Haven is served on http://{address}/  (API docs: http://{address}/api/docs)")
        call_command("runserver", address, use_reloader=False)
