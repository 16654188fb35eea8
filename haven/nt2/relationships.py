"""NT2's relationship in the access policy: the NT2 staff see the people with an NT2
intake (a conversation, a test, a routing or an enrolment) and the people referred for
one (an integration contract that includes Dutch)."""

from django.db.models import Q

from haven.integration.models import Contract
from haven.nt2.models import Conversation, Enrolment, LanguageTest, Routing


def nt2_people(user) -> Q:
    return (
        Q(pk__in=Conversation.objects.values("person_id"))
        | Q(pk__in=LanguageTest.objects.values("person_id"))
        | Q(pk__in=Routing.objects.values("person_id"))
        | Q(pk__in=Enrolment.objects.values("person_id"))
        | Q(pk__in=Contract.objects.filter(includes_dutch=True).values("person_id"))
    )


def register() -> None:
    from haven.people.policy import relationship_register

    relationship_register("nt2", nt2_people)
