"""The transit site's relationship in the access policy: the programme staff see the
heads of family of the site's stays (the "programme" relationship, which the other
programme lines add to)."""

from django.db.models import Q

from haven.transit_site.models import Stay


def transit_site_people(user) -> Q:
    return Q(pk__in=Stay.objects.values("head_id"))


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("programme", transit_site_people)
