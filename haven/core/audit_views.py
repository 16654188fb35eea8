"""The audit trail page: every change to users, roles, tokens and reference data,
newest first, 50 a page, filtered by actor and target type. Shows usernames and codes
only, never anything about a person."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from haven.core.access import audit_trail_for_user
from haven.core.models import AuditEntry
from haven.core.pagination import paginate

PAGE_SIZE = 50


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    audit_trail_for_user(request.user)
    entries = AuditEntry.objects.select_related("actor").order_by("-id")
    actor_id = _int_or_none(request.GET.get("actor"))
    target_type = request.GET.get("target_type", "")[:100]
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if target_type:
        entries = entries.filter(target_type=target_type)
    listed = paginate(request, entries, {"actor": actor_id, "target_type": target_type}, size=PAGE_SIZE)
    actor_ids = AuditEntry.objects.exclude(actor=None).values("actor_id").distinct()
    actors = get_user_model().objects.filter(pk__in=actor_ids).order_by("username").only("pk", "username")
    target_types = AuditEntry.objects.order_by("target_type").values_list("target_type", flat=True).distinct()
    return render(
        request,
        "core/audit_trail.html",
        {
            **listed,
            "actors": actors,
            "target_types": [value for value in target_types if value],
            "actor_id": actor_id,
            "target_type": target_type,
        },
    )
