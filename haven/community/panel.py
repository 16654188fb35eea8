"""The "Buddy programmes" panel of the person file: the person's sign-ups as a newcomer
(with their duos) and, for a buddy, the buddy record and the duos they are buddy in."""

from typing import Any

from haven.community.models import Buddy, Duo, Group, Participant
from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns

DUO_FIELDS = ["id", "programme", "started_on", "planned_end_on", "ended_on", "end_reason", "score"]


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns of the person file's one query."""
    return {
        "panel_community_participations": json_rows(
            Participant.objects.all(),
            [
                *attnames(Participant, only=["id", "programme", "registered_on", "withdrawn_on", "group_id"]),
                *attnames(Group, prefix="group__", only=["id", "name"]),
            ],
        ),
        "panel_community_duos": json_rows(
            Duo.objects.all(), attnames(Duo, only=DUO_FIELDS), person_field="participant__person"
        ),
        "panel_community_buddy": json_rows(
            Buddy.objects.all(),
            attnames(Buddy, only=["id", "registered_on", "consent_given_on", "consent_withdrawn_on"]),
        ),
        "panel_community_buddy_duos": json_rows(
            Duo.objects.all(), attnames(Duo, only=DUO_FIELDS), person_field="buddy__person"
        ),
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The panel from its columns of the file's query (one query when called on its own)."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "community").items()}
    participations = rows_decode(
        Participant, ordered(columns["panel_community_participations"], ["-registered_on", "-id"]), related=["group"]
    )
    duos = rows_decode(Duo, ordered(columns["panel_community_duos"], ["-started_on", "-id"]))
    buddy = rows_decode(Buddy, columns["panel_community_buddy"])
    buddy_duos = rows_decode(Duo, ordered(columns["panel_community_buddy_duos"], ["-started_on", "-id"]))
    return {
        "community_participations": participations,
        "community_duos": duos,
        "community_buddy": buddy[0] if buddy else None,
        "community_buddy_duos": buddy_duos,
    }
