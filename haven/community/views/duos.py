"""Duos: the list (both people traced) and a duo's page with its meetings, a meeting
logged and the duo ended (POST)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.community import access, selectors, services
from haven.community.forms import DuoEndForm, DuoFilterForm, MeetingForm
from haven.community.reasons import reasons_words
from haven.community.views.common import asked_purpose
from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.people import access as people_access
from haven.people.purpose import default_purpose, purpose_page, with_purpose


@login_required
def duo_list(request) -> HttpResponse:
    """Duos by programme, year started, running. Queries: the policy, the count, the page, the trace."""
    access.community_for_user(request.user, "community.view_duo")
    form = DuoFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.duos(
        programme=filters.get("programme") or "", year=filters.get("year"), running=bool(filters.get("running"))
    )
    rows = people_access.people_visible(rows, request.user, person_field="participant__person_id")
    pagination = paginate(request, rows, form)
    purpose = default_purpose(request)
    shown = [duo.participant.person_id for duo in pagination["page"].object_list]
    shown += [duo.buddy.person_id for duo in pagination["page"].object_list]
    access.people_shown(request.user, shown, purpose=purpose)
    return render(request, "community/duo_list.html", {"form": form, **pagination, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def duo_detail(request, duo_id: int) -> HttpResponse:
    """A duo with its meetings (every two weeks); a meeting logged or the duo ended (POST)."""
    access.community_for_user(request.user, "community.view_duo")
    purpose = asked_purpose(request)
    if purpose is None:
        return purpose_page(request, _("duo"))
    write = request.method == "POST"
    duo = access.duo_for_user(request.user, duo_id, purpose=purpose, write=write)
    meeting_form, end_form = MeetingForm(), DuoEndForm()
    if write:
        if request.POST.get("action") == "end":
            end_form = DuoEndForm(request.POST)
            if end_form.is_valid():
                try:
                    services.duo_end(
                        duo=duo,
                        ended_on=end_form.cleaned_data["ended_on"],
                        reason=end_form.cleaned_data["end_reason"],
                        note=end_form.cleaned_data["end_note"],
                        by=request.user,
                    )
                except ValidationError as error:
                    service_error_to_form(end_form, error)
                else:
                    messages.success(request, _("The duo is ended."))
                    return redirect(with_purpose(request.path, purpose))
        else:
            access.community_for_user(request.user, "community.add_meeting")
            meeting_form = MeetingForm(request.POST)
            if meeting_form.is_valid():
                try:
                    services.meeting_log(duo=duo, by=request.user, **meeting_form.cleaned_data)
                except ValidationError as error:
                    service_error_to_form(meeting_form, error)
                else:
                    messages.success(request, _("The meeting is logged."))
                    return redirect(with_purpose(request.path, purpose))
        access.people_shown(request.user, [duo.participant.person_id, duo.buddy.person_id], purpose=purpose)
    meetings = list(selectors.meetings(duo.pk))
    return render(
        request,
        "community/duo_detail.html",
        {
            "duo": duo,
            "reasons": reasons_words(duo.reasons),  # in the reader's language, from the kept codes
            "meetings": meetings,
            "held": sum(1 for meeting in meetings if meeting.status == "held"),
            "meeting_form": meeting_form,
            "end_form": end_form,
            "purpose": purpose,
            "may_change": access.may(request.user, "community.change_duo"),
        },
    )
