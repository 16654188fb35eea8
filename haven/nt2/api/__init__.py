"""Dutch-as-a-second-language (NT2) endpoints: the same access functions as the pages,
writes through the services, every read of a person's NT2 records logged with the purpose
"Dutch intake and routing".

Intake staff read and write; counsellors read; partners, managers and outsiders get 403.
A refused write (the services' ValidationError) is 422 with the messages, as in the other
routers; a body that does not fit the schema is 422 from django-ninja itself.

The operations live in topic modules, each on its own router; they are mounted here in
the order they were declared, so the URL patterns and the schema keep that order.
"""

from ninja import Router

from haven.nt2.api import enrolments, intake, reference

router = Router(tags=["Dutch as a second language"])
router.add_router("", intake.router)
router.add_router("", enrolments.router)
router.add_router("", reference.router)
