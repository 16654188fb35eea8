"""Dutch practice's relationship in the access policy: the programme staff see the
volunteers of the conversation moments and the participants named at a session
("programme", shared with the other programme lines)."""

from django.db.models import Q

from haven.dutch_practice.models import ConversationSession, Volunteer


def dutch_practice_people(user) -> Q:
    return Q(pk__in=Volunteer.objects.values("person_id")) | Q(
        pk__in=ConversationSession.participants.through.objects.values("person_id")
    )


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("programme", dutch_practice_people)
