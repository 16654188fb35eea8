"""Who may see and change education records: the programme staff (role permissions,
then the access policy's "programme" relationship for the person in a record). Pages and
API call these, one function per kind of record; every read of a person's record is
logged with its purpose, like a read of the person's file. Schools, the Toekomstdagen
(pupils counted per school, no person named) and the pre-track's cohorts are the
permissions' alone."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from haven.accounts.models import User
from haven.core.access import require_permission
from haven.core.models import AccessChannel, AccessPurpose
from haven.education.models import PreTrackParticipant, SchoolReferral, StudyDossier
from haven.people import access as people_access
from haven.people.access import person_access
from haven.people.models import Person

AnyUser = User | AnonymousUser

VIEW_REFERRAL = "education.view_schoolreferral"
ADD_REFERRAL = "education.add_schoolreferral"
CHANGE_REFERRAL = "education.change_schoolreferral"
VIEW_DOSSIER = "education.view_studydossier"
ADD_DOSSIER = "education.add_studydossier"
CHANGE_DOSSIER = "education.change_studydossier"
VIEW_PARTICIPANT = "education.view_pretrackparticipant"
ADD_PARTICIPANT = "education.add_pretrackparticipant"
CHANGE_PARTICIPANT = "education.change_pretrackparticipant"


def education_for_user(user: AnyUser, permission: str = VIEW_REFERRAL) -> None:
    """PermissionDenied unless the user is logged in, active and holds ``permission``."""
    require_permission(user, permission)


def person_for_education(
    user: AnyUser,
    person_id: int,
    *,
    purpose: AccessPurpose | str,
    permission: str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> Person:
    """A person for a new education record (a referral, a dossier, a participation): the
    record starts the "programme" relationship, so the programme staff may begin it with
    anyone. Opening the form is a read, logged with the purpose; the write is logged by
    the service."""
    return people_access.person_for_record(
        user, person_id, purpose=purpose, permission=permission, starts="programme", write=write, channel=channel
    )


def referral_for_user(
    user: AnyUser,
    referral_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> SchoolReferral:
    """A school referral for reading or changing; a read is logged."""
    permission = CHANGE_REFERRAL if write else VIEW_REFERRAL
    require_permission(user, permission)
    referral = (
        SchoolReferral.objects.select_related("person", "home_language", "school", "created_by")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    person_access(user, referral.person_id, purpose=purpose, channel=channel, log_read=not write, permission=permission)
    return referral


def dossier_for_user(
    user: AnyUser,
    dossier_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> StudyDossier:
    """A study-choice dossier for reading or changing; a read is logged."""
    permission = CHANGE_DOSSIER if write else VIEW_DOSSIER
    require_permission(user, permission)
    dossier = StudyDossier.objects.select_related("person", "created_by").filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404
    person_access(user, dossier.person_id, purpose=purpose, channel=channel, log_read=not write, permission=permission)
    return dossier


def participant_for_user(
    user: AnyUser,
    participant_id: int,
    *,
    purpose: AccessPurpose | str,
    write: bool = False,
    channel: AccessChannel | None = None,
) -> PreTrackParticipant:
    """A pre-track participation for reading or changing; a read is logged."""
    permission = CHANGE_PARTICIPANT if write else VIEW_PARTICIPANT
    require_permission(user, permission)
    participant = PreTrackParticipant.objects.select_related("person", "cohort").filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    person_access(
        user, participant.person_id, purpose=purpose, channel=channel, log_read=not write, permission=permission
    )
    return participant
