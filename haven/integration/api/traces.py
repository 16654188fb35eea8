"""What the access log gets from the civic-integration endpoints: the purpose a write is
logged with, and every person on a page of records."""

from django.conf import settings
from django.core.paginator import Paginator

from haven.core.models import AccessChannel
from haven.people import access as people_access
from haven.people.access import purpose_or_default

API = AccessChannel.API


def write_purpose(request, preferred: str) -> str:
    """The purpose a write is logged with: ``preferred`` where the user's roles may give it."""
    return purpose_or_default(request.auth, None, preferred)


def paginated(request, queryset, page: int):
    """One page of records of people the user may open; every person on it is traced."""
    queryset = people_access.people_visible(queryset, request.auth, person_field="person_id")
    paginator = Paginator(queryset, settings.HAVEN_PAGE_SIZE)
    current = paginator.get_page(page)
    people_access.people_shown(request.auth, [record.person_id for record in current], channel=API)
    return paginator, current
