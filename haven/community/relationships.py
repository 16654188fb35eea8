"""Community's relationship in the access policy: the programme staff see the newcomers
signed up for a buddy programme, the buddies and the people in the event photos whose
consent they recorded ("programme", shared with the other programme lines)."""

from django.db.models import Q

from haven.community.models import Buddy, Participant, PhotoConsent


def community_people(user) -> Q:
    return (
        Q(pk__in=Participant.objects.values("person_id"))
        | Q(pk__in=Buddy.objects.values("person_id"))
        | Q(pk__in=PhotoConsent.objects.values("person_id"))
    )


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("programme", community_people)
