"""The privacy officer's pages on a person's requests (GDPR art. 15 to 18): a person's
privacy page (their requests, the restriction, early erasure, their own copy), every
request, the files restricted now. Lists name people by file number only: no personal
data, so nothing to trace; a person's page traces the read (purpose "subject request")."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.core.http import AuthenticatedHttpRequest
from haven.core.models import AccessPurpose
from haven.core.pagination import paginate
from haven.people.access import person_access
from haven.people.models import Person
from haven.privacy import access, requests, selectors
from haven.privacy.anonymise import records_about
from haven.privacy.forms_copy import SubjectCopyForm
from haven.privacy.forms_requests import ErasureForm, SubjectDecisionForm
from haven.privacy.models import SubjectRequest

PAGE_SIZE = 50


def _person(request: AuthenticatedHttpRequest, person_id: int, *, shown: bool = True) -> Person:
    """The person the page is about, through the access policy; the read traced (purpose
    "subject request") when the page shows them."""
    person = Person.objects.filter(pk=person_id).first()
    person_access(
        request.user,
        person_id,
        purpose=AccessPurpose.SUBJECT_REQUEST,
        log_read=shown and person is not None,
        restricted=None if person is None else person.restricted_at is not None,
    )
    if person is None:
        raise Http404
    return person


def _person_page(
    request: AuthenticatedHttpRequest,
    person: Person,
    *,
    decision_form: SubjectDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "privacy/person_requests.html",
        {
            "person": person,
            "requests": selectors.person_subject_requests(person.pk),
            "decision_form": decision_form or SubjectDecisionForm(),
            "copy_form": SubjectCopyForm(),
            "can_decide": request.user.has_perm("privacy.add_subjectrequest"),
        },
        status=status,
    )


@login_required
def person_requests(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    access.requests_for_user(request.user)
    return _person_page(request, _person(request, person_id))


@login_required
@require_POST
def person_restriction(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Restrict the file, or lift its restriction (the page's one decision form)."""
    access.requests_for_user(request.user, write=True)
    person = _person(request, person_id, shown=False)
    form = SubjectDecisionForm(request.POST)
    lifting = person.restricted_at is not None
    if form.is_valid():
        decide = requests.person_restriction_lift if lifting else requests.person_restrict
        try:
            decide(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                _("The restriction is lifted.") if lifting else _("Processing of the file is restricted."),
            )
            return redirect("privacy:person", person_id=person.pk)
    return _person_page(request, _person(request, person_id), decision_form=form, status=400)


def _erasure_context(person: Person, form: ErasureForm) -> dict[str, Any]:
    """What an erasure would empty: per record type holding something about the person, how
    many records and which fields (one count per declaration about people)."""
    rows = []
    for declaration, queryset in records_about(person):
        if declaration.model_class is Person or not (declaration.erase or declaration.delete):
            continue
        count = queryset.count()
        if not count:
            continue
        meta = declaration.model_class._meta
        rows.append(
            {
                "label": meta.verbose_name_plural,
                "count": count,
                "deleted": declaration.delete,
                "fields": [getattr(meta.get_field(name), "verbose_name", name) for name in declaration.erase],
            }
        )
    rows.sort(key=lambda row: str(row["label"]))
    return {"person": person, "form": form, "rows": rows}


@login_required
@require_http_methods(["GET", "POST"])
def person_erasure(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Early erasure (art. 17): a confirmation page that says what goes and that it cannot
    be undone, then the erasure itself."""
    access.requests_for_user(request.user, write=True)
    person = _person(request, person_id, shown=request.method == "GET")
    form = ErasureForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in ("reason", "received_on")}
            try:
                requests.person_erase_on_request(person=person, by=request.user, **values)
            except ValidationError as error:
                service_error_to_form(form, error)
            else:
                messages.success(request, _("The file is erased: only a pseudonym and what the report counts remain."))
                return redirect("privacy:person", person_id=person.pk)
        person = _person(request, person_id)
        return render(request, "privacy/person_erasure.html", _erasure_context(person, form), status=400)
    return render(request, "privacy/person_erasure.html", _erasure_context(person, form))


class KindFilter(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", gettext_lazy("All kinds")),
            *SubjectRequest.Kind.choices,
        ]


@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every request, newest first, filtered by kind: two queries (the count and the page)."""
    access.requests_for_user(request.user)
    form = KindFilter(request.GET or None)
    kind = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else None
    listed = paginate(request, selectors.subject_requests(kind=kind), form, size=PAGE_SIZE)
    return render(request, "privacy/request_list.html", {**listed, "form": form}, status=400 if form.errors else 200)


@login_required
def restriction_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The files restricted now, with since when, the reason and who decided: two queries."""
    access.requests_for_user(request.user)
    listed = paginate(request, selectors.restricted_files(), size=PAGE_SIZE)
    return render(request, "privacy/restriction_list.html", listed)
