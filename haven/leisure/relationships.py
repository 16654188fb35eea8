"""Leisure's relationship in the access policy: the programme staff see the people
referred to leisure activities or volunteering ("programme", shared with the other
programme lines)."""

from django.db.models import Q

from haven.leisure.models import Referral


def leisure_people(user) -> Q:
    return Q(pk__in=Referral.objects.values("person_id"))


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("programme", leisure_people)
