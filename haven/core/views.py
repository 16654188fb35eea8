from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


@login_required
def home(request):
    """The start page: the service lines this user works in."""
    return render(request, "core/home.html")


def health(request):
    """For a load balancer: the database answers. No data, no authentication."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
