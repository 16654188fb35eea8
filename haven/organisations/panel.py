"""The "Ambassador" panel of the person file, and the start page's panel of testimony
requests waiting for an ambassador."""

from typing import Any

from django.db.models import Count, Q

from haven.organisations.models import Ambassador, TestimonyRequest, TestimonyState
from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns

PANEL_TESTIMONIES = 10


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns of the person file's one query: the ambassador record (none
    for most people) and the testimonies given."""
    return {
        "panel_organisations_ambassador": json_rows(Ambassador.objects.all(), attnames(Ambassador)),
        "panel_organisations_testimonies": json_rows(
            TestimonyRequest.objects.filter(state=TestimonyState.GIVEN),
            ["id", "requester", "held_on", "place", "audience", "theme", "listeners"],
            person_field="ambassador__person",
        ),
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The panel from its columns of the file's query (one query when called on its own)."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "organisations").items()}
    ambassadors = rows_decode(Ambassador, columns["panel_organisations_ambassador"])
    testimonies = rows_decode(
        TestimonyRequest, ordered(columns["panel_organisations_testimonies"], ["-held_on", "-id"])
    )
    return {
        "ambassador": ambassadors[0] if ambassadors else None,
        "ambassador_testimonies": testimonies[:PANEL_TESTIMONIES],
        "ambassador_testimony_count": len(testimonies),
    }


def home_panel_context(request: Any) -> dict:
    """The testimony requests still waiting for an ambassador or a confirmation (no person
    shown: nothing to trace). One query."""
    return TestimonyRequest.objects.aggregate(
        testimonies_requested=Count("pk", filter=Q(state=TestimonyState.REQUESTED)),
        testimonies_proposed=Count("pk", filter=Q(state=TestimonyState.PROPOSED)),
    )
