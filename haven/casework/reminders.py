"""Appointment reminders to the newcomer, by e-mail or SMS, through a configurable gateway.

- **Which channel.** E-mail where the file has an address, else SMS where it has a phone
  number; neither: no reminder (counted as such).
- **Which words.** The agency's text for the person's preferred language
  (``ReminderText``, kept by the functional administrator), else its Dutch text, else
  Haven's Dutch text. Placeholders: ``{date}``, ``{time}``, ``{place}``.
- **The gateway** is the class ``HAVEN_REMINDER_GATEWAY`` names, with
  ``send(reminder) -> str`` (a reference) and raising ``ReminderError`` on a refusal.
  Haven ships ``FileGateway`` (one JSON file per message in ``HAVEN_REMINDER_DIR``, for the
  demo and for a gateway that collects a folder) and ``ConsoleGateway`` (prints).
- The daily job reminds of the next day's planned appointments, each once (``reminded_at``).
  Nothing personal is logged: only counts.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string

from haven.casework.models import Appointment, AppointmentPlace, AppointmentState, ReminderText

logger = logging.getLogger(__name__)

DUTCH = "nld"
DEFAULT_TEXT = "Herinnering: je hebt een afspraak bij IN-Gent op {date} om {time} ({place})."
EMAIL, SMS = "email", "sms"


class ReminderError(Exception):
    """The gateway refused the message."""


@dataclass(frozen=True)
class Reminder:
    appointment_id: int
    channel: str
    to: str
    language: str
    text: str


class FileGateway:
    def send(self, reminder: Reminder) -> str:
        folder = Path(settings.HAVEN_REMINDER_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"appointment-{reminder.appointment_id}.json"
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(asdict(reminder), stream, ensure_ascii=False)
        os.replace(temporary, folder / name)  # never half a file
        return name


class ConsoleGateway:
    def send(self, reminder: Reminder) -> str:
        sys.stdout.write(f"[{reminder.channel} to {reminder.to}] {reminder.text}\n")
        return "console"


def gateway():
    return import_string(settings.HAVEN_REMINDER_GATEWAY)()


def reminder_text(language: str | None, texts: dict[str, str]) -> tuple[str, str]:
    """The text for the language (the agency's), else Dutch; returns (language, text)."""
    if language and language in texts:
        return language, texts[language]
    return DUTCH, texts.get(DUTCH, DEFAULT_TEXT)


def reminder_of(appointment: Appointment, texts: dict[str, str]) -> Reminder | None:
    person = appointment.person
    channel, to = (EMAIL, person.email) if person.email else (SMS, person.phone) if person.phone else ("", "")
    if not to:
        return None
    language, text = reminder_text(person.preferred_language_id, texts)
    local = timezone.localtime(appointment.starts_at)
    with translation.override("nl"):
        place = appointment.video_link if appointment.place == AppointmentPlace.VIDEO else "Kongostraat 42, Gent"
        values = {
            "date": formats.date_format(local.date(), "SHORT_DATE_FORMAT"),
            "time": local.strftime("%H:%M"),
            "place": place,
        }
    return Reminder(appointment.pk, channel, to, language, text.format(**values))


def reminders_send(*, today: date) -> dict[str, int]:
    """Remind of tomorrow's planned appointments not reminded yet. Counts only."""
    tomorrow = today + timedelta(days=1)
    rows = Appointment.objects.filter(
        state=AppointmentState.PLANNED, reminded_at__isnull=True, starts_at__date=tomorrow
    ).select_related("person")
    texts = dict(ReminderText.objects.values_list("language_id", "text"))
    sender = gateway()
    counts = {"sent": 0, "no_address": 0, "refused": 0}
    for appointment in rows:
        reminder = reminder_of(appointment, texts)
        if reminder is None:
            counts["no_address"] += 1
            continue
        try:
            sender.send(reminder)
        except ReminderError:
            counts["refused"] += 1
            continue
        Appointment.objects.filter(pk=appointment.pk).update(reminded_at=timezone.now())
        counts["sent"] += 1
    logger.info("appointment reminders: %(sent)s sent, %(no_address)s without address, %(refused)s refused", counts)
    return counts
