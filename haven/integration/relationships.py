"""Civic integration's relationships in the access policy (haven.people.policy).

- caseload: the counsellor of a contract (any state: a closed file stays theirs to
  answer for) and the staff member who made a registration;
- team: the counselling team coordinator's team, which is the agency's one
  counselling team: everyone with a contract or a registration;
- programme: diploma recognition, the programme staff's dossiers.
"""

from django.db.models import Q

from haven.integration.models import Contract, DiplomaDossier, Registration


def caseload_people(user) -> Q:
    return Q(pk__in=Contract.objects.filter(counsellor=user).values("person_id")) | Q(
        pk__in=Registration.objects.filter(created_by=user).values("person_id")
    )


def team_people(user) -> Q:
    return Q(pk__in=Contract.objects.values("person_id")) | Q(pk__in=Registration.objects.values("person_id"))


def programme_people(user) -> Q:
    return Q(pk__in=DiplomaDossier.objects.values("person_id"))


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("caseload", caseload_people)
    relationship_register("team", team_people)
    relationship_register("programme", programme_people)
