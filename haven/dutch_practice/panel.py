"""The "Dutch practice" panel of the person file: the person's volunteer record (the
conversation moments they led) and the sessions they were named at as a participant."""

from datetime import date
from typing import Any

from haven.dutch_practice.models import ConversationSession, Volunteer
from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, rows_decode, rows_of
from haven.people.panels import panel_columns

LED = ConversationSession.volunteers.through
ATTENDED = ConversationSession.participants.through


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns of the person file's one query."""
    return {
        "panel_dutch_practice_volunteer": json_rows(Volunteer.objects.all(), attnames(Volunteer)),
        "panel_dutch_practice_led": json_rows(
            LED.objects.all(), ["conversationsession__held_on"], person_field="volunteer__person"
        ),
        "panel_dutch_practice_attended": json_rows(ATTENDED.objects.all(), ["conversationsession__held_on"]),
    }


def _days(rows: list[dict[str, Any]]) -> list[date]:
    return sorted((date.fromisoformat(str(row["conversationsession__held_on"])[:10]) for row in rows), reverse=True)


def person_panel_context(person: Person, user: Any) -> dict:
    """The panel from its columns of the file's query (one query when called on its own)."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "dutch_practice").items()}
    volunteers = rows_decode(Volunteer, columns["panel_dutch_practice_volunteer"])
    led = _days(columns["panel_dutch_practice_led"])
    attended = _days(columns["panel_dutch_practice_attended"])
    return {
        "practice_volunteer": volunteers[0] if volunteers else None,
        "practice_led_count": len(led),
        "practice_led_last": led[0] if led else None,
        "practice_attended_count": len(attended),
        "practice_attended_last": attended[0] if attended else None,
    }
