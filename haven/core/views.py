from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from haven.core.home import home_panels_render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the service lines this user works in and the panels the apps
    register (e.g. the files they opened last)."""
    return render(request, "core/home.html", {"panels": home_panels_render(request)})


def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer: the database answers. No data, no authentication."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
