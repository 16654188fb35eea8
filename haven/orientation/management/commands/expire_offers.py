from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from haven.orientation.services import seat_offers_expire


class Command(BaseCommand):
    help = "Close the seat offers past their date and offer those seats to the next in line (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="The day to expire for (default: today).")

    def handle(self, *args, today, **options):
        expired = seat_offers_expire(today=today or timezone.localdate())
        self.stdout.write(f"{expired} offers expired.")
