"""The "Education" panel of the person file: school referrals, study-choice dossiers and
pre-track participations, read as columns of the file's one query."""

from typing import Any

from haven.core.models import Language
from haven.education.models import PreTrackCohort, PreTrackParticipant, School, SchoolReferral, StudyDossier
from haven.people.models import Person
from haven.people.panel_rows import attnames, json_rows, ordered, rows_decode, rows_of
from haven.people.panels import panel_columns


def person_panel_annotations() -> dict[str, Any]:
    """The panel's columns: the person's referrals (with the school found and the home
    language), dossiers, and participations (with their cohort)."""
    return {
        "panel_education_referrals": json_rows(
            SchoolReferral.objects.all(),
            [
                *attnames(SchoolReferral),
                *attnames(School, prefix="school__"),
                *attnames(Language, prefix="home_language__"),
            ],
        ),
        "panel_education_dossiers": json_rows(StudyDossier.objects.all(), attnames(StudyDossier)),
        "panel_education_pre_track": json_rows(
            PreTrackParticipant.objects.all(),
            [*attnames(PreTrackParticipant), *attnames(PreTrackCohort, prefix="cohort__")],
        ),
    }


def person_panel_context(person: Person, user: Any) -> dict:
    """The panel's context from its columns (one query when called on its own). The
    file's read is logged by the registry; the panel logs nothing of its own."""
    columns = {name: rows_of(value) for name, value in panel_columns(person, "education").items()}
    referrals = rows_decode(
        SchoolReferral,
        ordered(columns["panel_education_referrals"], ["-requested_on", "-id"]),
        related=["school", "home_language"],
    )
    dossiers = rows_decode(StudyDossier, ordered(columns["panel_education_dossiers"], ["-opened_on", "-id"]))
    participations = rows_decode(
        PreTrackParticipant, ordered(columns["panel_education_pre_track"], ["-started_on", "-id"]), related=["cohort"]
    )
    return {
        "education_referrals": referrals,
        "education_dossiers": dossiers,
        "education_participations": participations,
    }
