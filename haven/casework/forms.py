"""The casework pages' forms: notes, documents, tasks, appointments."""

from datetime import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.casework.models import AppointmentPlace, Confidentiality, DocumentKind, Note
from haven.casework.registry import lines_of, service_line


def _date_input() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # the browser's own picker


def line_choices(user) -> list[tuple[str, object]]:
    """The service lines whose staff the user is, for a form's choice."""
    lines = [line for code in sorted(lines_of(user.role_codes)) if (line := service_line(code))]
    return [(line.code, line.label) for line in lines]


class NoteSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the notes"), max_length=100, required=False)


class NoteForm(forms.Form):
    service_line = forms.ChoiceField(label=_("service line"))
    happened_on = forms.DateField(label=_("date"), widget=_date_input(), initial=timezone.localdate)
    subject = forms.CharField(label=_("subject"), max_length=200)
    text = forms.CharField(label=_("text"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
    confidentiality = forms.ChoiceField(
        label=_("readable by"), choices=Confidentiality.choices, initial=Confidentiality.LINE
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service_line"]).choices = line_choices(user)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "—"), *DocumentKind.choices])
    service_line = forms.ChoiceField(label=_("service line"))
    valid_until = forms.DateField(
        label=_("valid until"),
        widget=_date_input(),
        required=False,
        help_text=_("For a residence card or a passport."),
    )
    file = forms.FileField(label=_("file"), help_text=_("A PDF or an image (PNG, JPEG), at most 10 MB."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service_line"]).choices = line_choices(user)
        self.fields["file"].widget.attrs["accept"] = "application/pdf,image/png,image/jpeg"


class NoteCorrectionForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=200)
    text = forms.CharField(label=_("text"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))

    @classmethod
    def of(cls, note: Note) -> "NoteCorrectionForm":
        return cls(prefix=f"note-{note.pk}", initial={"subject": note.subject, "text": note.text})


class TaskForm(forms.Form):
    title = forms.CharField(label=_("what to do"), max_length=200)
    due_on = forms.DateField(label=_("due on"), widget=_date_input(), initial=timezone.localdate)
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(label=_("assignee"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth.models import Permission
        from django.db.models import Q

        from haven.accounts.models import User

        keeps = Permission.objects.filter(codename="view_note", content_type__app_label="casework")
        self.fields["assignee"].queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(groups__permissions__in=keeps) | Q(user_permissions__in=keeps))
            .distinct()
            .order_by("first_name", "last_name")
        )
        cast(forms.ModelChoiceField, self.fields["assignee"]).label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )


class _DayAndTime(forms.Form):
    """A form with a ``day`` and a ``time`` field: the moment they give."""

    def starts_at(self) -> datetime:
        """The day and time in the agency's time zone."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


INTERPRETER_CHOICES = [
    ("", _("no interpreter")),
    ("on_site", _("an interpreter on site")),
    ("video", _("an interpreter by video")),
]


class AppointmentForm(_DayAndTime):
    day = forms.DateField(label=_("date"), widget=_date_input())
    time = forms.TimeField(label=_("time"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("duration (minutes)"), min_value=5, max_value=480, initial=45)
    place = forms.ChoiceField(label=_("where"), choices=AppointmentPlace.choices, initial=AppointmentPlace.ON_SITE)
    video_link = forms.URLField(label=_("video link"), required=False, assume_scheme="https")
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    service_line = forms.ChoiceField(label=_("service line"))
    interpreter = forms.ChoiceField(label=_("interpreter"), choices=INTERPRETER_CHOICES, required=False)
    urgent = forms.BooleanField(label=_("urgent (less than two working days ahead)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service_line"]).choices = line_choices(user)


class AppointmentMoveForm(_DayAndTime):
    day = forms.DateField(label=_("new date"), widget=_date_input())
    time = forms.TimeField(label=_("new time"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
