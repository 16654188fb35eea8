from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from haven.core.home import home_panels_render
from haven.core.partitions import access_log_partitions_missing


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


def _migrations_pending() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """For a load balancer or an orchestrator: 200 when the database answers and every
    migration of this code is applied (and, on PostgreSQL, the access log has its partitions
    for this month and the next), else 503 (before `haven migrate`, or while the
    database is away). No data, no authentication."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if _migrations_pending():
        return JsonResponse({"status": "unavailable", "database": "ok", "migrations": "pending"}, status=503)
    if access_log_partitions_missing():  # every response is traced: a month without a partition refuses them
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "migrations": "applied", "access_log": "partition missing"},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
