"""Forms of the interpreting portal and dispatch pages. The rules about a request (two
working days ahead, an agreement in force, the organisation's own addresses) live in the
services; the forms give field-level errors and the values the services take.

Dates and times are Belgian (dd/mm/yyyy HH:MM) and mean Europe/Brussels time.
"""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.core.models import Language
from haven.interpreting.models import (
    Interpreter,
    Organisation,
    RequestKind,
    RequestStatus,
    Sector,
    Sex,
)
from haven.interpreting.planning import METHODS
from haven.interpreting.workdays import BRUSSELS

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
MONTH_INPUT_FORMATS = ["%m/%Y", "%m-%Y", "%Y-%m"]


def date_field(label, *, required: bool = True, initial=None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        initial=initial,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, else above the form (``add_error`` refuses unknown field names)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class BrusselsDateTimeField(forms.DateTimeField):
    """A date and time typed as 27/11/2026 14:30, in Brussels time whatever the server's."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(
                format="%d/%m/%Y %H:%M", attrs={"placeholder": _("dd/mm/yyyy hh:mm"), "autocomplete": "off"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        if timezone.is_naive(result):
            return result.replace(tzinfo=BRUSSELS)
        return result.astimezone(BRUSSELS)


class RequestForm(forms.Form):
    """A partner's request for an interpreter."""

    kind = forms.ChoiceField(label=_("kind"), choices=RequestKind.choices)
    language = forms.ModelChoiceField(Language.objects.filter(active=True), label=_("language"))
    dialect = forms.CharField(
        label=_("dialect"),
        max_length=60,
        required=False,
        help_text=_("Only if the interpreter must speak a particular dialect."),
    )
    starts_at = BrusselsDateTimeField(
        label=_("date and time"), help_text=_("For example 27/11/2026 14:30 (Brussels time).")
    )
    duration_minutes = forms.IntegerField(
        label=_("expected duration (minutes)"), min_value=15, max_value=600, initial=60
    )
    site = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("place"),
        required=False,
        empty_label=_("— by video —"),
        help_text=_("One of your organisation's addresses, for a job on site."),
    )
    video_link = forms.URLField(
        label=_("video link"), required=False, assume_scheme="https", help_text=_("For a conversation by webcam.")
    )
    subject_sector = forms.ChoiceField(label=_("subject"), choices=Sector.choices)
    required_sex = forms.ChoiceField(
        label=_("interpreter's sex (required)"), choices=[("", _("no requirement")), *Sex.choices], required=False
    )
    preferred_sex = forms.ChoiceField(
        label=_("interpreter's sex (preferred)"), choices=[("", _("no preference")), *Sex.choices], required=False
    )
    certified_required = forms.BooleanField(label=_("a certified interpreter is required"), required=False)
    preferred_interpreter = forms.ModelChoiceField(
        Interpreter.objects.none(), label=_("preferred interpreter"), required=False, empty_label=_("no preference")
    )
    urgent = forms.BooleanField(label=_("urgent (less than two working days ahead)"), required=False)
    notes = forms.CharField(
        label=_("notes for the interpreter"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe the job, not the client: no names or personal data."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = organisation.sites.all()
        self.fields["preferred_interpreter"].queryset = Interpreter.objects.filter(active=True, interprets=True)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == RequestKind.VIDEO and data.get("site"):
            self.add_error("site", _("A video conversation has no place; give the link instead."))
        elif kind and kind != RequestKind.VIDEO and not data.get("site"):
            self.add_error("site", _("Choose the place of the conversation."))
        return data

    def values(self) -> dict:
        """The service's ``values``."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "kind",
                "language",
                "dialect",
                "starts_at",
                "duration_minutes",
                "site",
                "video_link",
                "subject_sector",
                "required_sex",
                "preferred_sex",
                "certified_required",
                "preferred_interpreter",
                "urgent",
                "notes",
            )
        }


class PortalFilterForm(forms.Form):
    """The partner's own requests, by status and month."""

    status = forms.ChoiceField(label=_("status"), choices=[("", _("all")), *RequestStatus.choices], required=False)
    month = forms.DateField(
        label=_("month"),
        required=False,
        input_formats=MONTH_INPUT_FORMATS,
        widget=forms.DateInput(format="%m/%Y", attrs={"placeholder": _("mm/yyyy")}),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class RequestFilterForm(forms.Form):
    """Every request, for the dispatcher: by organisation, status, language and week."""

    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), label=_("organisation"), required=False, empty_label=_("all organisations")
    )
    status = forms.ChoiceField(label=_("status"), choices=[("", _("all")), *RequestStatus.choices], required=False)
    language = forms.ModelChoiceField(
        Language.objects.filter(active=True), label=_("language"), required=False, empty_label=_("all languages")
    )
    week = date_field(_("week of"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DispatchRunForm(forms.Form):
    """Run dispatch over one week's open requests."""

    monday = date_field(_("week starting on (Monday)"))
    method = forms.ChoiceField(
        label=_("method"),
        choices=[("cp-sat", _("optimal plan (CP-SAT)")), ("greedy", _("first come, first served (greedy)"))],
        initial="cp-sat",
    )

    def clean_monday(self):
        monday = self.cleaned_data["monday"]
        if monday.weekday() != 0:
            raise ValidationError(_("Choose a Monday."))
        return monday

    def clean_method(self):
        method = self.cleaned_data["method"]
        if method not in METHODS:
            raise ValidationError(_("Choose a method."))
        return method


class InterpreterChoiceForm(forms.Form):
    """Choose an interpreter who works in the request's language."""

    interpreter = forms.ModelChoiceField(Interpreter.objects.none(), label=_("interpreter"))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter"].queryset = queryset


class UnmetFilterForm(forms.Form):
    """The period of the unmet-demand table."""

    start = date_field(_("from"))
    end = date_field(_("until"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The period ends before it starts."))
        return data


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())
