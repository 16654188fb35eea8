"""The start page's panel of the files the user opened last (registered in PeopleConfig.ready())."""

from typing import Any

from django.http import HttpRequest

from haven.core.home import HomePanel
from haven.people.access import people_shown
from haven.people.purpose import default_purpose
from haven.people.selectors import person_recently_opened


def recent_files_context(request: HttpRequest) -> dict[str, Any]:
    """The files this user opened last, traced as shown on the start page, and the purpose
    their links carry. Three queries whatever the number of files (two with none)."""
    recent = person_recently_opened(user=request.user)
    purpose = default_purpose(request)
    people_shown(request.user, [person.pk for person in recent], purpose=purpose)
    return {"recent": recent, "purpose": purpose}


RECENT_FILES = HomePanel(
    "recent", "people/_home_recent.html", context=recent_files_context, permission="people.view_person", order=10
)
