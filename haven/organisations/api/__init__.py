"""Organisations endpoints under /api/organisations/: the same access functions as the
pages, writes through the services (their refusals are 422 problems naming the field),
every ambassador shown traced ("programme" when no purpose is given)."""

from haven.organisations.api import ambassadors, records  # noqa: F401  (they register their operations)
from haven.organisations.api.router import router

__all__ = ["router"]
