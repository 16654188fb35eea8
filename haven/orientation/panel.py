"""The "Civic orientation" panel of the person file: the waiting list and the courses."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from haven.core.models import Language
from haven.orientation import selectors
from haven.orientation.models import Attendance, Course, Enrolment, Presence, WaitingEntry
from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, ordered, prefetched, rows_decode, rows_of
from haven.people.panels import panel_columns


def _attendance(**filters: Any) -> Coalesce:
    rows = (
        Attendance.objects.filter(enrolment=OuterRef("pk"), **filters)
        .order_by()
        .values("enrolment")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns of the person file's one query: the waiting-list entries, the
    languages they accept, and the enrolments with their course and attendance counts."""
    languages = WaitingEntry.languages.through.objects.all()
    return {
        "panel_orientation_waiting": json_rows(WaitingEntry.objects.all(), attnames(WaitingEntry)),
        "panel_orientation_waiting_languages": json_rows(
            languages, ["waitingentry_id", "language_id"], person_field="waitingentry__person"
        ),
        "panel_orientation_enrolments": json_rows(
            Enrolment.objects.all(),
            [*attnames(Enrolment), *attnames(Course, prefix="course__")],
            extra={
                "sessions_recorded": _attendance(),
                "sessions_present": _attendance(presence=Presence.PRESENT),
            },
        ),
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The "Civic orientation" panel, from its columns of the file's query
    (``person_panel_annotations``; one query when called on its own). The person file's
    own read is logged by the registry; the panel adds nothing to log."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "orientation").items()}
    waiting = rows_decode(WaitingEntry, ordered(columns["panel_orientation_waiting"], ["-waiting_since", "-id"]))
    accepted: dict[int, list[Language]] = {entry.pk: [] for entry in waiting}
    for row in ordered(columns["panel_orientation_waiting_languages"], ["language_id"]):
        accepted.setdefault(row["waitingentry_id"], []).append(Language(code=row["language_id"]))
    for entry in waiting:
        prefetched(entry, "languages", accepted[entry.pk])
    enrolments = rows_decode(
        Enrolment, ordered(columns["panel_orientation_enrolments"], ["-course__starts_on", "-id"]), related=["course"]
    )
    file = selectors.PersonOrientation(waiting=waiting, enrolments=enrolments)
    return {
        "orientation": file,
        "enrolment_rows": [(enrolment, selectors.attendance_rate(enrolment)) for enrolment in file.enrolments],
    }
