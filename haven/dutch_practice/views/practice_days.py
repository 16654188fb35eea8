"""The Trefdag's pages: the list, a new one, one with its workshops (a workshop added or
corrected on POST), its details corrected. No person is named."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.dutch_practice import access, selectors
from haven.dutch_practice.forms import PracticeDayForm, WorkshopForm
from haven.dutch_practice.services import practice_days as services


@login_required
def practice_day_list(request) -> HttpResponse:
    access.practice_for_user(request.user, "dutch_practice.view_practiceday")
    return render(
        request,
        "dutch_practice/practice_day_list.html",
        {
            **paginate(request, selectors.practice_days()),
            "may_add": access.may(request.user, "dutch_practice.add_practiceday"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_day_create(request) -> HttpResponse:
    access.practice_for_user(request.user, "dutch_practice.add_practiceday")
    form = PracticeDayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.practice_day_create(values=form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The Trefdag is saved."))
            return redirect("dutch_practice:practice_day", day.pk)
    return render(request, "dutch_practice/practice_day_form.html", {"form": form, "day": None})


@login_required
@require_http_methods(["GET", "POST"])
def practice_day_edit(request, practice_day_id: int) -> HttpResponse:
    day = access.practice_day_for_user(request.user, practice_day_id, write=True)
    shown = access.practice_day_for_user(request.user, practice_day_id)  # the form changes ``day`` in memory
    form = PracticeDayForm(request.POST or None, instance=day)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.practice_day_update(day=day, values=values, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The Trefdag is saved."))
            return redirect("dutch_practice:practice_day", day.pk)
    return render(request, "dutch_practice/practice_day_form.html", {"form": form, "day": shown})


@login_required
@require_http_methods(["GET", "POST"])
def practice_day_detail(request, practice_day_id: int) -> HttpResponse:
    day = access.practice_day_for_user(request.user, practice_day_id, write=request.method == "POST")
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_set(day=day, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect("dutch_practice:practice_day", day.pk)
    return render(
        request,
        "dutch_practice/practice_day_detail.html",
        {
            "day": day,
            "workshops": list(selectors.workshops(day.pk)),
            "form": form,
            "may_change": access.may(request.user, "dutch_practice.change_practiceday"),
        },
    )
