"""The pages of the report's texts (``haven.reports.narrative``): a section's text for a
year with its versions below it, and one old version to read.

Whoever reads the report reads its texts and their history (they name no one but the
staff who wrote them); only a user who may add a version gets the form enabled and may
save. A save sends the user back to the report at the section."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from haven.core.access import may
from haven.core.forms import service_error_to_form
from haven.core.http import AuthenticatedHttpRequest
from haven.reports.access import NARRATIVE_WRITE_PERMISSION, narrative_for_user
from haven.reports.models import SectionNarrative
from haven.reports.narrative import (
    TEXT_MAX_LENGTH,
    narrative_history,
    narrative_save,
    narrative_sections,
    narrative_version,
)
from haven.reports.views import valid_year

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PlainTextField(forms.CharField):
    """A textarea's text with its line breaks as ``\\n``: browsers send ``\\r\\n``, which
    would count twice against the length the reader sees."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n").replace("\r", "\n")


def _text_field(label: "StrOrPromise", language: str) -> PlainTextField:
    return PlainTextField(
        label=label,
        required=False,
        strip=False,  # the service tidies whitespace; the form keeps the text as typed
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "lang": language}),
    )


class NarrativeForm(forms.Form):
    """The section's text in both languages, Dutch first (the report's own language)."""

    text_nl = _text_field(gettext_lazy("Text in Dutch"), "nl")
    text_en = _text_field(gettext_lazy("Text in English"), "en")


def _section_title(section: str) -> str:
    """The section's title in the reader's language; 404 for a key the report lacks."""
    title = narrative_sections().get(section)
    if title is None:
        raise Http404
    return title


def _report_at(year: int, section: str) -> str:
    return reverse("reports:annual", kwargs={"year": year}) + f"#{section}"


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request: AuthenticatedHttpRequest, year: int, section: str) -> HttpResponse:
    """The section's text: the form (enabled for a writer) and the versions below it.
    Queries: the history with its authors is one, whatever its length."""
    narrative_for_user(request.user, write=request.method == "POST")
    year = valid_year(year)
    title = _section_title(section)
    history = list(narrative_history(year, section))
    current = history[0] if history else None
    initial = {"text_nl": current.text_nl, "text_en": current.text_en} if current else None
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = narrative_save(year=year, section=section, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            if current is not None and saved.pk == current.pk:
                messages.info(request, _("The text is unchanged; no new version was kept."))
            else:
                messages.success(request, _("The text is saved as version %(version)s.") % {"version": saved.version})
            return redirect(_report_at(year, section))
    context: dict[str, Any] = {
        "year": year,
        "section": section,
        "title": title,
        "form": form,
        "current": current,
        "history": history,
        "may_write": may(request.user, NARRATIVE_WRITE_PERMISSION),
        "report_url": _report_at(year, section),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "reports/narrative_edit.html", context, status=status)


@login_required
@require_GET
def narrative_version_page(request: AuthenticatedHttpRequest, year: int, section: str, version: int) -> HttpResponse:
    """One version of the section's text, both languages, with its author and time."""
    narrative_for_user(request.user)
    year = valid_year(year)
    title = _section_title(section)
    shown: SectionNarrative | None = narrative_version(year, section, version)
    if shown is None:
        raise Http404
    context = {
        "year": year,
        "section": section,
        "title": title,
        "shown": shown,
        "report_url": _report_at(year, section),
    }
    return render(request, "reports/narrative_version.html", context)
