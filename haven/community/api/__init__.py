"""Community endpoints under /api/community/: the same access functions as the pages,
writes through the services (their refusals are 422 problems naming the field), every
person shown traced (lists through ``people_page``/``people_shown``, a record read with
its purpose, "programme" when none is given)."""

from haven.community.api.endpoints import router

__all__ = ["router"]
