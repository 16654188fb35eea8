"""Education's relationship in the access policy: the programme staff see the children
they referred to a school, the adults of a study-choice dossier and the pre-track's
participants (all under "programme", beside the other programme lines)."""

from django.db.models import Q

from haven.education.models import PreTrackParticipant, SchoolReferral, StudyDossier


def programme_people(user) -> Q:
    return (
        Q(pk__in=SchoolReferral.objects.values("person_id"))
        | Q(pk__in=StudyDossier.objects.values("person_id"))
        | Q(pk__in=PreTrackParticipant.objects.values("person_id"))
    )


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("programme", programme_people)
