"""The organisations line's relationship in the access policy: the programme staff see
the ambassadors' files ("programme", shared with the other programme lines). Trainings,
coaching and associations name no person of the registry."""

from django.db.models import Q

from haven.organisations.models import Ambassador


def ambassador_people(user) -> Q:
    return Q(pk__in=Ambassador.objects.values("person_id"))


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("programme", ambassador_people)
