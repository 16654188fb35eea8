"""The privacy officer's page: break-glass openings to review and users who read many
files. Who has seen a given person is the file's access history (people:access_history)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.core.http import AuthenticatedHttpRequest
from haven.core.pagination import paginate
from haven.people.access import access_history_for_user
from haven.privacy import access, selectors, services

PAGE_SIZE = 50


@login_required
def review(request: HttpRequest) -> HttpResponse:
    access.reviews_for_user(request.user)
    show = request.GET.get("show", "open")
    reviewed = {"open": False, "reviewed": True}.get(show)
    listed = paginate(request, selectors.glass_openings(reviewed=reviewed), {"show": show}, size=PAGE_SIZE)
    readers = selectors.heavy_readers(
        files_limit=settings.HAVEN_FILES_PER_HOUR_ALERT, listed_limit=settings.HAVEN_LISTED_PER_HOUR_ALERT
    )
    return render(
        request,
        "privacy/review.html",
        {
            **listed,
            "show": show,
            "readers": readers,
            "files_limit": settings.HAVEN_FILES_PER_HOUR_ALERT,
            "listed_limit": settings.HAVEN_LISTED_PER_HOUR_ALERT,
        },
    )


@login_required
@require_POST
def review_mark(request: AuthenticatedHttpRequest, entry_id: int) -> HttpResponse:
    access.reviews_for_user(request.user, write=True)
    try:
        services.glass_review_create(
            entry_id=entry_id,
            by=request.user,
            justified=request.POST.get("justified") != "no",
            note=(request.POST.get("note") or "")[:500],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The opening is marked reviewed."))
    return redirect("privacy:review")


@login_required
def history_lookup(request: HttpRequest) -> HttpResponse:
    """From a file number (H000123, not personal data) to that file's access history: for
    whoever may read access histories (the privacy officer, the functional administrator)."""
    access_history_for_user(request.user)
    digits = (request.GET.get("reference") or "").strip().upper().removeprefix("H")
    if not digits.isdigit() or len(digits) > 11:
        messages.error(request, _("Give a file number such as H000123."))
        return redirect("privacy:review" if request.user.has_perm("privacy.view_glassreview") else "home")
    if request.GET.get("to") == "requests" and request.user.has_perm("privacy.view_subjectrequest"):
        return redirect("privacy:person", person_id=int(digits))  # the file's requests, restriction, erasure
    return redirect("people:access_history", person_id=int(digits))
