"""Civic-integration endpoints: the same access functions as the pages, writes through
the services, and every read of a person's records logged with its purpose.

Health grounds (``serious_illness_certificate``) are special-category data: a response
shows them only to a user for whom ``access.sensitive_facts_visible`` holds; for anyone
else the field is null and the explanation of a decision says "confidential" where the
rule used it.

The operations live in topic modules, each on its own router; they are mounted here in
the order they were declared, so the URL patterns and the schema keep that order.
"""

from ninja import Router

from haven.integration.api import contracts, decisions, recognition

router = Router(tags=["civic integration"])
router.add_router("", decisions.router)
router.add_router("", contracts.router)
router.add_router("", recognition.router)
