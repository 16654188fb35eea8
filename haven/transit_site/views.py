"""Pages of the transit site: the stays (register, read, change), the occupancy calendar,
the day's attendance sheet of the lessons, the arrivals list and the lesson days.

Every view gets its records through ``transit_site.access`` (reads of a stay are logged
on its head of family with the purpose "programme"); writes go through
``transit_site.services``.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.people import access as people_access
from haven.people.purpose import page_purpose, posted_purpose, read_purpose, with_purpose
from haven.people.services import PossibleDuplicate
from haven.transit_site import access, selectors, services
from haven.transit_site.forms import (
    ChildForm,
    ChildFormSet,
    DayForm,
    HeadForm,
    LessonDaysForm,
    MonthForm,
    NoticeForm,
    PlacesForm,
    StayFilterForm,
    StayForm,
    children_errors,
    children_of,
)
from haven.transit_site.services import STAY_FIELDS

PROGRAMME = AccessPurpose.PROGRAMME


def _status(*forms) -> int:
    return 422 if any(form.is_bound and not form.is_valid() for form in forms) else 200


# Stays ------------------------------------------------------------------------------------


@login_required
def stay_list(request) -> HttpResponse:
    """The stays, filtered by year, state and nationality, paginated; the heads of family
    shown are traced (one insert)."""
    site = access.site_for_user(request.user)
    form = StayFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = people_access.people_visible(
        selectors.stays(
            site=site,
            year=data.get("year"),
            state=data.get("state") or "",
            nationality=data.get("nationality") or "",
            today=timezone.localdate(),
        ),
        request.user,
        person_field="head_id",
    )
    context = paginate(request, rows, form)
    access.people_shown(request.user, [stay.head_id for stay in context["page"]], purpose=read_purpose(request))
    return render(
        request,
        "transit_site/stay_list.html",
        {"form": form, "site": site, "may_add": access.may(request.user, "transit_site.add_stay"), **context},
    )


@login_required
def stay_detail(request, stay_id: int) -> HttpResponse:
    """A stay with its children (their lesson days attended); a child can be added."""
    purpose = page_purpose(request, PROGRAMME)
    write = request.method == "POST"
    stay = access.stay_for_user(request.user, stay_id, write=write, purpose=purpose)
    form = ChildForm(request.POST or None, prefix="child")
    if write:
        access.site_for_user(request.user, "transit_site.add_child")
        if form.is_valid():
            try:
                services.child_add(stay=stay, values=form.values(), by=request.user, purpose=purpose)
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The child is added to the stay."))
                return redirect(with_purpose(reverse("transit_site:stay", args=[stay.pk]), purpose))
    today = timezone.localdate()
    children = selectors.stay_children(stay)
    return render(
        request,
        "transit_site/stay_detail.html",
        {
            "stay": stay,
            "children": [
                (child, child.age_on(min(today, stay.ends)), child.get_language_group_display()) for child in children
            ],
            "form": form,
            "purpose": purpose,
            "may_change": access.may(request.user, "transit_site.change_stay"),
            "may_add_child": access.may(request.user, "transit_site.add_child"),
        },
        status=_status(form),
    )


def _stay_values(form: StayForm) -> dict:
    return {field: form.cleaned_data[field] for field in STAY_FIELDS if field in form.cleaned_data}


@login_required
@require_http_methods(["GET", "POST"])
def stay_create(request) -> HttpResponse:
    """A family new to the registry arrives: the head of family, the stay and the children
    in one form, saved together or not at all."""
    access.family_for_registration(request.user)
    site = access.site_for_user(request.user, "transit_site.add_stay")
    data = request.POST or None
    head, stay_form = HeadForm(data, prefix="head"), StayForm(data, initial={"arrival": timezone.localdate()})
    children = ChildFormSet(data, prefix="children")
    if request.method == "POST" and head.is_valid() and stay_form.is_valid() and children.is_valid():
        values = {
            key: head.cleaned_data[key] for key in ("given_names", "family_name", "birth_date", "sex", "nationality")
        }
        try:
            stay = services.stay_register_family(
                site=site,
                head_values=values,
                values=_stay_values(stay_form),
                children=children_of(children),
                by=request.user,
                purpose=PROGRAMME,
                allow_similar=head.cleaned_data["confirm_new"],
            )
        except PossibleDuplicate:
            head.add_error(
                "confirm_new",
                _(
                    "People with a similar name and the same date of birth are registered. Look the family up "
                    "in the registry and register the stay from their file, or confirm this is someone else."
                ),
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            for name, refused in children_errors(children, errors).items():
                target = head if name in head.fields else stay_form
                target.add_error(name if name in target.fields else None, refused)
        else:
            messages.success(request, _("The stay is registered."))
            return redirect(with_purpose(reverse("transit_site:stay", args=[stay.pk]), PROGRAMME))
    return render(
        request,
        "transit_site/stay_form.html",
        {"head": head, "form": stay_form, "children": children, "person": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stay_create_for(request, person_id: int) -> HttpResponse:
    """A person already in the registry arrives as head of family."""
    write = request.method == "POST"
    purpose = page_purpose(request, PROGRAMME)
    person = access.person_for_stay(request.user, person_id, write=write, purpose=purpose)
    site = access.site_for_user(request.user, "transit_site.add_stay")
    data = request.POST or None
    stay_form = StayForm(data, initial={"arrival": timezone.localdate(), "household_size": 1})
    children = ChildFormSet(data, prefix="children")
    if write and stay_form.is_valid() and children.is_valid():
        try:
            stay = services.stay_create(
                site=site,
                head=person,
                values=_stay_values(stay_form),
                children=children_of(children),
                by=request.user,
                purpose=purpose,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            service_error_to_form(stay_form, ValidationError(children_errors(children, errors)))
        else:
            messages.success(request, _("The stay is registered."))
            return redirect(with_purpose(reverse("transit_site:stay", args=[stay.pk]), purpose))
    return render(
        request,
        "transit_site/stay_form.html",
        {"head": None, "form": stay_form, "children": children, "person": person, "purpose": purpose},
        status=422 if write else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stay_edit(request, stay_id: int) -> HttpResponse:
    """Change a stay: the departure, the payments, the caravans; the places are counted again."""
    purpose = page_purpose(request, PROGRAMME)
    stay = access.stay_for_user(request.user, stay_id, write=request.method == "POST", purpose=purpose)
    if request.method == "GET":
        access.stay_for_user(request.user, stay_id, write=True, purpose=purpose)  # the form is the writer's
    initial = {field: getattr(stay, field) for field in STAY_FIELDS}
    form = StayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_update(stay=stay, values=_stay_values(form), by=request.user, purpose=purpose)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The stay is saved."))
            return redirect(with_purpose(reverse("transit_site:stay", args=[stay.pk]), purpose))
    return render(
        request, "transit_site/stay_edit.html", {"stay": stay, "form": form, "purpose": purpose}, status=_status(form)
    )


# Occupancy ----------------------------------------------------------------------------------


@login_required
def occupancy(request) -> HttpResponse:
    """A month at a glance: the caravans and the free places of each day (no person shown)."""
    site = access.site_for_user(request.user)
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    month = form.cleaned_data["month"] if form.is_valid() and form.cleaned_data["month"] else today.replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    return render(
        request,
        "transit_site/occupancy.html",
        {
            "site": site,
            "form": form,
            "month": month,
            "weeks": selectors.month_calendar(site, month.year, month.month),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "today": today,
        },
    )


# Lessons -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request) -> HttpResponse:
    """The day's sheet: the children on the site with their age, age group and language
    group, ticked when present. Three queries for the sheet whatever the number of children."""
    write = request.method == "POST"
    site = access.attendance_for_user(request.user, write=write)
    form = DayForm(request.GET or None)
    asked = form.cleaned_data["day"] if form.is_valid() and form.cleaned_data["day"] else None
    day: date = asked or selectors.next_lesson_day(site, timezone.localdate())
    children = selectors.children_on_site(site, day)
    purpose = posted_purpose(request, PROGRAMME) if write else read_purpose(request)
    heads = [child.stay.head_id for child in children]
    visible = people_access.visible_ids(request.user, heads)
    children = [child for child in children if child.stay.head_id in visible]
    access.people_shown(request.user, [child.stay.head_id for child in children], purpose=purpose)
    error = ""
    if write:
        try:
            present = [int(value) for value in request.POST.getlist("present")]
            services.attendance_record(site=site, day=day, present=present, by=request.user, purpose=purpose)
        except ValueError:
            error = _("A child marked present is not on the site that day.")
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect(reverse("transit_site:attendance") + f"?day={day.isoformat()}")
    setting = services.lesson_days_on(site, day)
    rows = [(child, child.age_on(day), child.age_group_on(day)) for child in children]
    return render(
        request,
        "transit_site/attendance.html",
        {
            "day": day,
            "rows": rows,
            "lesson_day": setting is not None and setting.is_lesson_day(day),
            "previous": (day - timedelta(days=1)).isoformat(),
            "following": (day + timedelta(days=1)).isoformat(),
            "error": error,
            "may_record": access.may(request.user, "transit_site.add_attendance"),
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_days(request) -> HttpResponse:
    """The dated settings of the lesson days, and a new one."""
    write = request.method == "POST"
    site = access.site_for_user(
        request.user, "transit_site.add_lessondays" if write else "transit_site.view_lessondays"
    )
    form = LessonDaysForm(request.POST or None)
    if write and form.is_valid():
        try:
            services.lesson_days_set(
                site=site,
                valid_from=form.cleaned_data["valid_from"],
                weekdays=[int(day) for day in form.cleaned_data["weekdays"]],
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The lesson days are saved."))
            return redirect("transit_site:lesson_days")
    return render(
        request,
        "transit_site/lesson_days.html",
        {
            "site": site,
            "settings": selectors.lesson_days_settings(site),
            "form": form,
            "may_add": access.may(request.user, "transit_site.add_lessondays"),
            "may_change_site": access.may(request.user, "transit_site.change_site"),
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def places(request) -> HttpResponse:
    """The site's places (caravans); never below what is booked on a coming day."""
    site = access.site_for_user(request.user, "transit_site.change_site")
    form = PlacesForm(request.POST or None, initial={"places": site.places})
    if request.method == "POST" and form.is_valid():
        try:
            services.site_places_set(
                site=site, places=form.cleaned_data["places"], today=timezone.localdate(), by=request.user
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The places are saved."))
            return redirect("transit_site:lesson_days")
    return render(request, "transit_site/places.html", {"site": site, "form": form}, status=_status(form))


# The arrivals list ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notices(request) -> HttpResponse:
    """The families announced while the site is full, and a new announcement."""
    write = request.method == "POST"
    site = access.site_for_user(
        request.user, "transit_site.add_arrivalnotice" if write else "transit_site.view_arrivalnotice"
    )
    form = NoticeForm(request.POST or None, initial={"announced_on": timezone.localdate()})
    if write and form.is_valid():
        try:
            services.notice_create(site=site, values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The family is on the arrivals list."))
            return redirect("transit_site:notices")
    return render(
        request,
        "transit_site/notices.html",
        {
            "form": form,
            "may_add": access.may(request.user, "transit_site.add_arrivalnotice"),
            "may_change": access.may(request.user, "transit_site.change_arrivalnotice"),
            **paginate(request, selectors.notices(site)),
        },
        status=_status(form),
    )


@login_required
@require_POST
def notice_cancel(request, notice_id: int) -> HttpResponse:
    notice = access.notice_for_user(request.user, notice_id, write=True)
    try:
        with transaction.atomic():
            services.notice_cancel(notice=notice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The family is taken off the arrivals list."))
    return redirect("transit_site:notices")
