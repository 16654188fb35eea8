"""Groups, newcomers signed up and buddies: lists (paginated, people traced), a new group,
a newcomer signed up by file number, a new buddy registered, and their pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.community import access, selectors, services
from haven.community.forms import (
    BuddyFilterForm,
    BuddyForm,
    ConsentWithdrawForm,
    DuoStartForm,
    GroupForm,
    ParticipantFilterForm,
    ParticipantForm,
    StartForm,
    WithdrawForm,
    YearFilterForm,
)
from haven.community.views.common import asked_purpose
from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.people import access as people_access
from haven.people.purpose import default_purpose, page_purpose, purpose_page, with_purpose


@login_required
def group_list(request) -> HttpResponse:
    """Groups with their counts (no person shown). Queries: the count and the page."""
    access.community_for_user(request.user)
    form = YearFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.groups(year=filters.get("year"))
    return render(
        request,
        "community/group_list.html",
        {"form": form, **paginate(request, rows, form), "may_add": access.may(request.user, "community.add_group")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request) -> HttpResponse:
    access.community_for_user(request.user, "community.add_group")
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("community:group", group.pk)
    return render(request, "community/group_form.html", {"form": form})


@login_required
def group_detail(request, group_id: int) -> HttpResponse:
    """A group: its moments, its newcomers and its duos (people traced, one insert)."""
    group = access.group_for_user(request.user, group_id)
    purpose = default_purpose(request)
    participants = list(
        people_access.people_visible(selectors.participants(group_id=group.pk), request.user, person_field="person_id")
    )
    duos = list(selectors.duos(group_id=group.pk))
    access.people_shown(
        request.user,
        [p.person_id for p in participants] + [d.buddy.person_id for d in duos],
        purpose=purpose,
    )
    return render(
        request,
        "community/group_detail.html",
        {
            "group": group,
            "participants": participants,
            "duos": duos,
            "purpose": purpose,
            "may_match": access.may(request.user, "community.add_matchproposal"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_list(request) -> HttpResponse:
    """Newcomers signed up, by programme, status, group, year (GET); sign someone up by
    file number (POST). Queries: the policy, the count, the page, the trace."""
    access.community_for_user(request.user, "community.view_participant")
    form = ParticipantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.participants(
        programme=filters.get("programme") or "",
        status=filters.get("status") or "",
        group_id=filters["group"].pk if filters.get("group") else None,
        year=filters.get("year"),
    )
    pagination = paginate(request, people_access.people_visible(rows, request.user, person_field="person_id"), form)
    purpose = default_purpose(request)
    access.people_shown(request.user, [row.person_id for row in pagination["page"].object_list], purpose=purpose)
    start_form = None
    if access.may(request.user, "community.add_participant"):
        start_form = StartForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and start_form.is_valid():
            url = reverse("community:participant_create", args=[start_form.cleaned_data["reference"]])
            return redirect(with_purpose(url, purpose))
    elif request.method == "POST":
        access.community_for_user(request.user, "community.add_participant")
    return render(
        request,
        "community/participant_list.html",
        {"form": form, **pagination, "purpose": purpose, "start_form": start_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request, person_id: int) -> HttpResponse:
    purpose = page_purpose(request, default_purpose(request))
    person = access.person_for_programme(
        request.user,
        person_id,
        permission="community.add_participant",
        purpose=purpose,
        write=request.method == "POST",
    )
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.participant_create(
                person=person,
                programme=data["programme"],
                group=data["group"],
                values={
                    **form.profile_values(),
                    "registered_on": data["registered_on"],
                    "mother_tongue": data["mother_tongue"],
                    "note": data["note"],
                },
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The newcomer is signed up."))
            return redirect(with_purpose(reverse("community:participant", args=[participant.pk]), purpose))
    return render(request, "community/participant_form.html", {"person": person, "form": form, "purpose": purpose})


@login_required
@require_http_methods(["GET", "POST"])
def participant_detail(request, participant_id: int) -> HttpResponse:
    """A newcomer's sign-up with their duos; a duo started by hand or a withdrawal (POST)."""
    access.community_for_user(request.user, "community.view_participant")
    purpose = asked_purpose(request)
    if purpose is None:
        return purpose_page(request, _("buddy programme sign-up"))
    write = request.method == "POST"
    participant = access.participant_for_user(request.user, participant_id, purpose=purpose, write=write)
    duo_form, withdraw_form = DuoStartForm(), WithdrawForm()
    if write:
        action = request.POST.get("action")
        if action == "duo":
            access.community_for_user(request.user, "community.add_duo")
            duo_form = DuoStartForm(request.POST)
            if duo_form.is_valid():
                try:
                    duo = services.duo_create(
                        participant=participant,
                        buddy=duo_form.cleaned_data["buddy_reference"],
                        started_on=duo_form.cleaned_data["started_on"],
                        by=request.user,
                    )
                except ValidationError as error:
                    service_error_to_form(duo_form, error, rename={"buddy": "buddy_reference"})
                else:
                    messages.success(request, _("The duo is started."))
                    return redirect(with_purpose(reverse("community:duo", args=[duo.pk]), purpose))
        else:
            withdraw_form = WithdrawForm(request.POST)
            if withdraw_form.is_valid():
                try:
                    services.participant_withdraw(
                        participant=participant,
                        withdrawn_on=withdraw_form.cleaned_data["withdrawn_on"],
                        reason=withdraw_form.cleaned_data["withdraw_reason"],
                        note=withdraw_form.cleaned_data["note"],
                        by=request.user,
                    )
                except ValidationError as error:
                    service_error_to_form(withdraw_form, error)
                else:
                    messages.success(request, _("The withdrawal is saved."))
                    return redirect(with_purpose(request.path, purpose))
    duos = list(selectors.duos().filter(participant=participant))
    shown = [duo.buddy.person_id for duo in duos] + ([participant.person_id] if write else [])
    access.people_shown(request.user, shown, purpose=purpose)
    return render(
        request,
        "community/participant_detail.html",
        {
            "participant": participant,
            "person": participant.person,
            "duos": duos,
            "duo_form": duo_form,
            "withdraw_form": withdraw_form,
            "purpose": purpose,
            "may_change": access.may(request.user, "community.change_participant"),
            "may_add_duo": access.may(request.user, "community.add_duo"),
        },
    )


@login_required
def buddy_list(request) -> HttpResponse:
    """Buddies by programme, consent in force. Queries: the policy, the count, the page, the trace."""
    access.community_for_user(request.user, "community.view_buddy")
    form = BuddyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.buddies(programme=filters.get("programme") or "", active=bool(filters.get("active")))
    pagination = paginate(request, people_access.people_visible(rows, request.user, person_field="person_id"), form)
    purpose = default_purpose(request)
    access.people_shown(request.user, [row.person_id for row in pagination["page"].object_list], purpose=purpose)
    return render(
        request,
        "community/buddy_list.html",
        {
            "form": form,
            **pagination,
            "purpose": purpose,
            "may_add": access.may(request.user, "community.add_buddy"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def buddy_create(request) -> HttpResponse:
    """A Ghentian volunteer registered in the registry (through the people service) and made a buddy."""
    access.community_for_user(request.user, "community.add_buddy")
    form = BuddyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            buddy = services.buddy_register(
                person_values={name: data[name] for name in form.PERSON},
                languages=data["languages"],
                values={**form.profile_values(), **{name: data[name] for name in form.BUDDY}},
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The buddy is registered."))
            return redirect(with_purpose(reverse("community:buddy", args=[buddy.pk]), default_purpose(request)))
    return render(request, "community/buddy_form.html", {"form": form})


@login_required
def buddy_detail(request, buddy_id: int) -> HttpResponse:
    """A buddy with their duos; the consent is withdrawn on its own page."""
    access.community_for_user(request.user, "community.view_buddy")
    purpose = asked_purpose(request)
    if purpose is None:
        return purpose_page(request, _("buddy"))
    buddy = access.buddy_for_user(request.user, buddy_id, purpose=purpose)
    duos = list(selectors.duos().filter(buddy=buddy))
    access.people_shown(request.user, [duo.participant.person_id for duo in duos], purpose=purpose)
    return render(
        request,
        "community/buddy_detail.html",
        {
            "buddy": buddy,
            "person": buddy.person,
            "duos": duos,
            "purpose": purpose,
            "may_change": access.may(request.user, "community.change_buddy"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def buddy_consent_withdraw(request, buddy_id: int) -> HttpResponse:
    """The buddy's consent withdrawn, after a confirmation page that names the running duos
    it ends. Opening it is a read (logged); the withdrawal is a change (the service logs it)."""
    purpose = page_purpose(request, default_purpose(request))
    write = request.method == "POST"
    buddy = access.buddy_for_user(request.user, buddy_id, purpose=purpose, write=write)
    detail_url = with_purpose(reverse("community:buddy", args=[buddy.pk]), purpose)
    if buddy.consent_withdrawn_on is not None:
        messages.info(request, _("This consent is withdrawn already."))
        return redirect(detail_url)
    form = ConsentWithdrawForm(request.POST if write else None)
    if write and form.is_valid():
        try:
            services.buddy_consent_withdraw(buddy=buddy, by=request.user, on=form.cleaned_data["consent_withdrawn_on"])
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The consent is withdrawn: this buddy is matched no more."))
            return redirect(detail_url)
    running = services.duos_running(buddy)
    access.people_shown(request.user, [duo.participant.person_id for duo in running], purpose=purpose)
    context = {
        "subnav": "community/_subnav.html",
        "active": "buddies",
        "eyebrow": _("Buddy"),
        "title": f"{buddy.person.family_name.upper()} {buddy.person.given_names}",
        "given_on": buddy.consent_given_on,
        "text_version": buddy.consent_text_version,
        "consequences": _(
            "From that day the buddy is no longer offered by the matching and no duo is made with them. "
            "Their running duos below end on that day; the newcomers stay signed up and can be matched again."
        )
        if running
        else _("From that day the buddy is no longer offered by the matching and no duo is made with them."),
        "items": [
            _("duo with %(name)s since %(day)s")
            % {
                "name": f"{duo.participant.person.family_name.upper()} {duo.participant.person.given_names}",
                "day": duo.started_on.strftime("%d/%m/%Y"),
            }
            for duo in running
        ],
        "form": form,
        "purpose": purpose,
        "cancel_url": detail_url,
    }
    return render(request, "core/consent_withdraw.html", context, status=422 if form.errors else 200)
