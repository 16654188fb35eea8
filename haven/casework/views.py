"""A person's notes: read (with the purpose, traced), search, write and correct."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from haven.accounts.models import User
from haven.casework import access, selectors, services
from haven.casework.appointments import interpreter_needed
from haven.casework.forms import AppointmentForm, NoteCorrectionForm, NoteForm, NoteSearchForm, TaskForm
from haven.casework.models import Note
from haven.casework.registry import lines_of, service_line
from haven.core.forms import service_error_to_form
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.people.models import Person
from haven.people.purpose import posted_purpose, purpose_page, read_purpose, with_purpose

NOTES_PER_PAGE = 20


def _notes_url(person_id: int, purpose: str) -> str:
    from django.urls import reverse

    return with_purpose(reverse("casework:notes", args=[person_id]), purpose)


def _page(request: HttpRequest, person_id: int, purpose: str, **bound: Any) -> HttpResponse:
    """The page: the notes the user may read (the read traced), one page of the search."""
    user = cast(User, request.user)
    notes = access.notes_for_user(user, person_id, purpose=purpose)
    person = get_object_or_404(
        Person.objects.only("id", "family_name", "given_names", "preferred_language"), pk=person_id
    )
    search = NoteSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    rows = selectors.notes_search(notes, words).annotate(corrected=Exists(Note.objects.filter(replaces=OuterRef("pk"))))
    listing = paginate(request, rows, {"purpose": purpose, "q": words}, size=NOTES_PER_PAGE)
    correcting: NoteCorrectionForm | None = bound.get("correcting")
    note: Any
    for note in listing["page"]:
        note.line = service_line(note.service_line)
        note.may_correct = note.author_id == user.pk and not note.corrected
        if note.may_correct:
            mine = correcting is not None and correcting.prefix == f"note-{note.pk}"
            note.correction_form = correcting if mine else NoteCorrectionForm.of(note)
    needs_interpreter = interpreter_needed(person, user)  # one query: the staff member's languages
    context = {
        "person": person,
        "purpose": purpose,
        "purpose_label": AccessPurpose(purpose).label,
        "search": search,
        "words": words,
        "writes": bool(lines_of(user.role_codes)) and user.has_perm("casework.add_note"),
        "note_form": bound.get("note_form") or NoteForm(user=user),
        "eyebrow": _("Notes"),
        "tasks": list(selectors.person_tasks(person_id)),
        "task_form": TaskForm(prefix="task", initial={"assignee": user}),
        "appointment_form": AppointmentForm(
            prefix="appointment",
            user=user,
            initial={"interpreter": "on_site" if needs_interpreter else ""},
        ),
        "interpreter_needed": needs_interpreter,
        **listing,
    }
    return render(request, "casework/notes.html", context, status=422 if bound else 200)


@login_required
def person_notes(request: HttpRequest, person_id: int) -> HttpResponse:
    if not request.user.has_perm("casework.view_note"):
        raise PermissionDenied
    purpose = read_purpose(request)
    if purpose is None:
        return purpose_page(request, _("notes"))
    return _page(request, person_id, purpose)


@login_required
@require_POST
def note_create(request: HttpRequest, person_id: int) -> HttpResponse:
    if not request.user.has_perm("casework.add_note"):
        raise PermissionDenied
    purpose = posted_purpose(request)
    person = get_object_or_404(Person, pk=person_id)
    form = NoteForm(request.POST, user=cast(User, request.user))
    if form.is_valid():
        try:
            services.note_write(person=person, by=cast(User, request.user), purpose=purpose, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(_notes_url(person_id, purpose))
    return _page(request, person_id, purpose, note_form=form)


@login_required
@require_POST
def note_correct(request: HttpRequest, note_id: int) -> HttpResponse:
    if not request.user.has_perm("casework.add_note"):
        raise PermissionDenied
    purpose = posted_purpose(request)
    note = get_object_or_404(Note, pk=note_id, author=request.user)  # only the author corrects
    form = NoteCorrectionForm(request.POST, prefix=f"note-{note.pk}")
    if form.is_valid():
        try:
            services.note_correct(note=note, by=cast(User, request.user), purpose=purpose, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The correction is saved; the earlier version is kept."))
            return redirect(_notes_url(note.person_id, purpose))
    return _page(request, note.person_id, purpose, correcting=form)
