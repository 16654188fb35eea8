"""The "Dutch (NT2)" panel of the person file."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from haven.nt2 import selectors
from haven.nt2.models import (
    Aptitude,
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    Level,
    Routing,
    Scholarship,
    Skill,
)
from haven.people.models import Person
from haven.people.panel_rows import json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns


def _count(model: Any, **filters: Any) -> Coalesce:
    rows = (
        model.objects.filter(person=OuterRef("pk"), **filters)
        .order_by()
        .values("person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns of the person file's one query: the tests (for the levels and
    pace) and a row of counts."""
    # The latest date as an aggregate over the person's rows (their index), not ORDER BY held_on
    # DESC LIMIT 1, which PostgreSQL answers by walking every conversation's date backwards.
    last_conversation = (
        Conversation.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    return {
        "panel_nt2_tests": json_rows(
            LanguageTest.objects.all(), ["id", "kind", "skill", "level", "aptitude", "taken_on"]
        ),
        "panel_nt2_last_conversation": Subquery(last_conversation),
        "panel_nt2_conversation_count": _count(Conversation),
        "panel_nt2_routing_count": _count(Routing),
        "panel_nt2_undecided_count": _count(Routing, decided_on__isnull=True, superseded=False),
        "panel_nt2_enrolment_count": _count(
            Enrolment, status__in=[EnrolmentStatus.REQUESTED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.STARTED]
        ),
        "panel_nt2_scholarship_count": _count(Scholarship),
        "panel_nt2_certification_count": _count(CertificationTest),
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The "Dutch (NT2)" panel of the person file, from its columns of the file's query
    (``person_panel_annotations``; one query when called on its own). The person file
    logs its read."""
    columns = panel_columns(person, "nt2")
    rows = ordered(rows_of(columns.pop("panel_nt2_tests")), ["-taken_on", "-id"])
    tests = rows_decode(LanguageTest, rows)
    levels = selectors.levels_current(tests)
    aptitude = selectors.aptitude_current(tests)
    counts: Mapping[str, Any] = {name.removeprefix("panel_nt2_"): value for name, value in columns.items()}
    return {
        "nt2_levels": [
            (label, Level(levels[skill]).label if skill in levels else None) for skill, label in Skill.choices
        ],
        "nt2_aptitude": Aptitude(aptitude).label if aptitude else None,
        "nt2": counts,
    }
