"""Civic orientation's relationship in the access policy: the course coordinators
see the participants and the waiting people of civic orientation (the course fields only)."""

from django.db.models import Q

from haven.orientation.models import Enrolment, WaitingEntry


def civic_orientation_people(user) -> Q:
    return Q(pk__in=Enrolment.objects.values("person_id")) | Q(pk__in=WaitingEntry.objects.values("person_id"))


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("civic_orientation", civic_orientation_people)
