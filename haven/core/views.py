from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from haven.core.models import AccessPurpose


@login_required
def home(request):
    """The start page: the service lines this user works in and, for those who work
    with files, the files they opened last."""
    recent = []
    if request.user.has_perm("people.view_person"):
        from haven.people.access import people_shown
        from haven.people.purpose import default_purpose
        from haven.people.selectors import person_recently_opened

        recent = person_recently_opened(user=request.user)
        purpose = default_purpose(request)
        people_shown(request.user, [person.pk for person in recent], purpose=purpose)
    else:
        purpose = AccessPurpose.AUDIT
    return render(request, "core/home.html", {"recent": recent, "purpose": purpose})


def health(request):
    """For a load balancer: the database answers. No data, no authentication."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
