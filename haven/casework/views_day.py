"""A staff member's day: today's appointments, their tasks (overdue, today, the coming
week) and the documents to renew of the people they follow, in a fixed number of queries; marking a task done; a task
written on a person's file."""

from datetime import datetime, timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.accounts.models import User
from haven.casework import selectors, services
from haven.casework.forms import TaskForm
from haven.casework.models import Appointment, Task
from haven.core.forms import service_error_to_form
from haven.people import access as people_access
from haven.people import policy
from haven.people.models import Person
from haven.people.purpose import default_purpose, posted_purpose, with_purpose

DAY_DOCUMENTS = 20


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    """Queries: today's appointments, the tasks, the documents (each with its person), the
    trace of the people shown: the same for 1 task as for 50."""
    user = cast(User, request.user)
    if not user.has_perm("casework.view_note"):
        raise PermissionDenied
    today = timezone.localdate()
    tasks = list(selectors.tasks_open(user, today=today))
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    meetings = list(
        Appointment.objects.filter(staff=user, starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .select_related("person", "interpreting_request")
        .order_by("starts_at", "id")
    )
    documents = (
        list(selectors.documents_expiring(user, today=today)[:DAY_DOCUMENTS])
        if policy.user_policy(user).relationships
        else []
    )
    purpose = default_purpose(request)
    people_access.people_shown(
        user,
        [row.person_id for row in meetings]
        + [task.person_id for task in tasks]
        + [document.person_id for document in documents],
        purpose=purpose,
    )
    return render(
        request,
        "casework/day.html",
        {
            "today": today,
            "appointments": meetings,
            "overdue": [task for task in tasks if task.due_on < today],
            "due_today": [task for task in tasks if task.due_on == today],
            "coming": [task for task in tasks if task.due_on > today],
            "documents": documents,
            "purpose": purpose,
            "ahead": selectors.DAY_AHEAD_DAYS,
        },
    )


@login_required
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    user = cast(User, request.user)
    if not user.has_perm("casework.view_note"):
        raise PermissionDenied
    task = get_object_or_404(Task, pk=task_id, assignee=user)  # another's task is not found
    try:
        services.task_done(task=task, by=user, purpose=posted_purpose(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The task is done."))
    return redirect(request.POST.get("next") or reverse("casework:day"))


@login_required
@require_POST
def task_add(request: HttpRequest, person_id: int) -> HttpResponse:
    user = cast(User, request.user)
    if not user.has_perm("casework.add_note"):
        raise PermissionDenied
    purpose = posted_purpose(request)
    person = get_object_or_404(Person, pk=person_id)
    form = TaskForm(request.POST, prefix="task")
    back = with_purpose(reverse("casework:notes", args=[person_id]), purpose)
    if form.is_valid():
        try:
            services.task_create(person=person, by=user, purpose=purpose, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect(back)
    messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect(back)
