"""The "Dutch (NT2)" panel of the person file."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
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


def _count(model: Any, **filters: Any) -> Coalesce:
    rows = (
        model.objects.filter(person=OuterRef("pk"), **filters)
        .order_by()
        .values("person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def person_panel_context(person: Person, user: Any) -> dict:
    """The "Dutch (NT2)" panel of the person file: two queries whatever the records (the
    tests for the levels and pace, one row of counts). The person file logs its read."""
    tests = list(LanguageTest.objects.filter(person=person).only("kind", "skill", "level", "aptitude", "taken_on"))
    levels = selectors.levels_current(tests)
    aptitude = selectors.aptitude_current(tests)
    last_conversation = Conversation.objects.filter(person=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    counts: Mapping[str, Any] = (
        Person.objects.filter(pk=person.pk)
        .annotate(
            last_conversation=Subquery(last_conversation),
            conversation_count=_count(Conversation),
            routing_count=_count(Routing),
            undecided_count=_count(Routing, decided_on__isnull=True, superseded=False),
            enrolment_count=_count(
                Enrolment, status__in=[EnrolmentStatus.REQUESTED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.STARTED]
            ),
            scholarship_count=_count(Scholarship),
            certification_count=_count(CertificationTest),
        )
        .values(
            "last_conversation",
            "conversation_count",
            "routing_count",
            "undecided_count",
            "enrolment_count",
            "scholarship_count",
            "certification_count",
        )
        .first()
        or {}
    )
    return {
        "nt2_levels": [
            (label, Level(levels[skill]).label if skill in levels else None) for skill, label in Skill.choices
        ],
        "nt2_aptitude": Aptitude(aptitude).label if aptitude else None,
        "nt2": counts,
    }
