"""Education endpoints: the same access functions as the pages, writes through the
services, every person shown traced (a page through ``people_page``, a record through
its access function) with the purpose "programme".

The operations live in topic modules, each on its own router; they are mounted here in
the order they were declared, so the URL patterns and the schema keep that order.
"""

from ninja import Router

from haven.education.api import adults, programmes, referrals

router = Router(tags=["education"])
router.add_router("", referrals.router)
router.add_router("", programmes.router)
router.add_router("", adults.router)
