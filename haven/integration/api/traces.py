"""What the access log gets from the civic-integration endpoints: the channel and the
purpose a write is logged with. (A page of records traces every person on it through
``haven.people.access.people_page``.)"""

from django.http import HttpRequest

from haven.core.models import AccessChannel
from haven.people.access import purpose_or_default

API = AccessChannel.API


def write_purpose(request: HttpRequest, preferred: str) -> str:
    """The purpose a write is logged with: ``preferred`` where the user's roles may give it."""
    return purpose_or_default(request.auth, None, preferred)  # type: ignore[attr-defined]  # ninja sets auth
