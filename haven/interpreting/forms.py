"""Every form of the interpreting pages: requests and dispatch, performance sheets and
invoices, translations and the library. The rules (two working days ahead, an agreement in
force, the organisation's own addresses, what a sheet may say) live in the services; the
forms give field-level errors and the values the services take. Choice lists of the
translation forms are built from lists the view already loaded (no query per field).

Dates and times are Belgian (dd/mm/yyyy HH:MM) and mean Europe/Brussels time.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.core import reference
from haven.core.forms import date_field
from haven.core.languages import Offer
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.core.pickers import LanguageField, language_picker
from haven.interpreting.files import UPLOAD_EXTENSIONS
from haven.interpreting.models import (
    Interpreter,
    LibraryDocument,
    Organisation,
    RequestKind,
    RequestStatus,
    Sector,
    Sex,
    TimesheetStatus,
    TranslationKind,
)
from haven.interpreting.planning import METHODS
from haven.interpreting.services.invoices import MAX_CANCELLATION_KM
from haven.interpreting.services.requests import REQUEST_FIELDS
from haven.interpreting.workdays import BRUSSELS

DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
MONTH_INPUT_FORMATS = ["%m/%Y", "%m-%Y", "%Y-%m"]
# The performance sheet's times, as the interpreter types them.
SHEET_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
ACCEPT = ",".join(f".{extension}" for extension in UPLOAD_EXTENSIONS)


class BrusselsDateTimeField(forms.DateTimeField):
    """A date and time typed as 27/11/2026 14:30, in Brussels time whatever the server's."""

    def __init__(self, **kwargs: Any) -> None:
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


class NativeDateTimeWidget(forms.MultiWidget):
    """A date and a time with the browser's own pickers (``<input type="date">`` and
    ``<input type="time">``), which send ISO values (2026-11-27, 14:30) whatever the
    language; the field joins them and parses them like a typed value, so a browser that
    shows plain text boxes may still take 27/11/2026 and 14:30. A single ``name`` value (one
    typed date and time, as before) is still read."""

    template_name = "interpreting/_native_datetime.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "time": forms.TimeInput(format="%H:%M", attrs={"type": "time", "step": "300", "aria-label": _("time")}),
        }
        super().__init__(widgets, attrs)

    def id_for_label(self, id_: str) -> str:
        """The field's label names the date box; the time box has its own (aria-label)."""
        return f"{id_}_0" if id_ else ""

    def decompress(self, value: Any) -> list[Any]:
        if value in (None, ""):
            return [None, None]
        if isinstance(value, datetime):
            local = value.astimezone(BRUSSELS) if timezone.is_aware(value) else value
            return [local.date(), local.time().replace(second=0, microsecond=0)]
        # The text sent back (a refused value): the date part and the time part as typed.
        day, _space, moment = str(value).replace("T", " ").strip().rpartition(" ")
        return [day, moment] if day else [moment, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:  # the joined text, not a list
        if name in data:
            return data.get(name)
        day, moment = (str(part or "").strip() for part in super().value_from_datadict(data, files, name))
        if not day and not moment:
            return None
        return f"{day} {moment}".strip()

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class RequestForm(forms.Form):
    """A partner's request for an interpreter."""

    kind = forms.ChoiceField(label=_("kind"), choices=RequestKind.choices)
    # Interpreting is into Dutch: the agency's languages but Dutch (haven.core.languages).
    language = LanguageField(Offer.INTERPRETING, label=_("language"))
    dialect = forms.CharField(
        label=_("dialect"),
        max_length=60,
        required=False,
        help_text=_("Only if the interpreter must speak a particular dialect."),
    )
    starts_at = BrusselsDateTimeField(
        label=_("date and time"), help_text=_("Brussels time."), widget=NativeDateTimeWidget()
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

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = organisation.sites.all()
        cast(forms.ModelChoiceField, self.fields["preferred_interpreter"]).queryset = Interpreter.objects.filter(
            active=True, interprets=True
        )

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
        return {name: data[name] for name in REQUEST_FIELDS}


class PortalFilterForm(forms.Form):
    """The partner's own requests, by status and month."""

    status = forms.ChoiceField(label=_("status"), choices=[("", _("all")), *RequestStatus.choices], required=False)
    month = forms.DateField(
        label=_("month"),
        required=False,
        input_formats=MONTH_INPUT_FORMATS,
        # The browser's month picker sends 2026-11; a browser without one takes 11/2026 too.
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month", "placeholder": _("mm/yyyy")}),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class RequestFilterForm(forms.Form):
    """Every request, for the dispatcher: by organisation, status, language and week."""

    # A name to search, not a select: there are thousands of organisations.
    organisation = forms.CharField(
        label=_("organisation"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("name or enterprise number")}
        ),
    )
    status = forms.ChoiceField(label=_("status"), choices=[("", _("all")), *RequestStatus.choices], required=False)
    language = LanguageField(
        Offer.INTERPRETING, label=_("language"), required=False, empty_label=_("all languages"), widget=forms.Select
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

    def __init__(self, *args: Any, queryset: QuerySet[Interpreter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["interpreter"]).queryset = queryset


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


# Performance sheets and invoices ----------------------------------------------------------


class SheetForm(forms.Form):
    actual_start = forms.DateTimeField(
        label=_("actual start"),
        input_formats=[SHEET_DATETIME_FORMAT],
        help_text=_("dd/mm/yyyy hh:mm"),
        widget=forms.TextInput(attrs={"placeholder": _("dd/mm/yyyy hh:mm")}),
    )
    actual_end = forms.DateTimeField(
        label=_("actual end"),
        input_formats=[SHEET_DATETIME_FORMAT],
        help_text=_("dd/mm/yyyy hh:mm"),
        widget=forms.TextInput(attrs={"placeholder": _("dd/mm/yyyy hh:mm")}),
    )
    waiting_minutes = forms.IntegerField(
        label=_("waiting time (minutes)"),
        min_value=0,
        max_value=720,
        initial=0,
        help_text=_("Minutes you waited on site before the conversation could start."),
    )
    travel_km = forms.DecimalField(
        label=_("travel (km)"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        initial=0,
        localize=True,
        help_text=_("There and back, as driven or travelled; 0 for a video conversation."),
    )
    remark = forms.CharField(
        label=_("remark"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(forms.Form):
    remark = forms.CharField(
        label=_("what should be corrected"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SheetFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("all")), *TimesheetStatus.choices])


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("month"),
        input_formats=["%m/%Y"],
        help_text=_("mm/yyyy"),
        widget=forms.TextInput(attrs={"placeholder": "mm/yyyy"}),
    )


class CancellationKmForm(forms.Form):
    km = forms.DecimalField(
        label=_("travel (km)"),
        min_value=0,
        max_value=MAX_CANCELLATION_KM,
        max_digits=4,
        decimal_places=1,
        localize=True,
    )


# Translations and the library ---------------------------------------------------------------


def language_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    return reference.language_choices(codes)


class OrderForm(forms.Form):
    title = forms.CharField(
        label=_("Document"),
        max_length=200,
        help_text=_('What the document is, e.g. "school rules 2019". No client\'s name.'),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TranslationKind.choices)
    source_language = forms.ChoiceField(label=_("From"), widget=language_picker())
    target_language = forms.ChoiceField(label=_("Into"), widget=language_picker())
    pages = forms.IntegerField(label=_("Pages"), min_value=1, max_value=999)
    deadline = date_field(_("Deadline"))

    def __init__(self, *args: Any, languages: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *language_choices(languages)]
        cast(forms.ChoiceField, self.fields["source_language"]).choices = choices
        cast(forms.ChoiceField, self.fields["target_language"]).choices = choices
        self.initial.setdefault("source_language", "nld")


class AssignForm(forms.Form):
    translator = forms.TypedChoiceField(label=_("Translator"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, translators: Iterable[Interpreter] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["translator"]).choices = [("", "—")] + [
            (translator.pk, str(translator)) for translator in translators
        ]


class DeliverForm(forms.Form):
    file = forms.FileField(
        label=_("Translation"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, docx, odt or txt, at most 20 MB."),
    )
    pages = forms.IntegerField(
        label=_("Pages translated"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Leave empty to keep the ordered number."),
    )
    delivered_on = date_field(_("Delivered on"), required=False)


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, topics: Iterable[str] = (), languages: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["topic"]).choices = [("", _("all topics"))] + [
            (topic, topic) for topic in topics
        ]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("all languages")),
            *language_choices(languages),
        ]


class LibraryAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=100)
    language = forms.ChoiceField(label=_("Language"), widget=language_picker())
    original = forms.TypedChoiceField(
        label=_("Translation of"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave empty for a new original document."),
    )
    file = forms.FileField(
        label=pgettext_lazy("an uploaded document", "File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, docx, odt or txt, at most 20 MB."),
    )

    def __init__(
        self,
        *args: Any,
        languages: Sequence[str] = (),
        originals: Iterable[LibraryDocument] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", "—"), *language_choices(languages)]
        cast(forms.ChoiceField, self.fields["original"]).choices = [("", "—")] + [
            (document.pk, f"{document.topic} · {document.title}") for document in originals
        ]
