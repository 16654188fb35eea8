"""Forms of the civic-orientation pages. Model validation runs in the services; the forms
give field-level errors and the values the services take."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.forms import DATE_INPUT_FORMATS, date_field
from haven.core.languages import Offer
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.core.pickers import LanguageField, LanguagesField
from haven.orientation.models import Presence, Slot, Teacher


def _today():
    return timezone.localdate()


class CourseFilterForm(forms.Form):
    language = LanguageField(
        Offer.WORKING,
        required=False,
        label=_("teaching language"),
        empty_label=_("all languages"),
        widget=forms.Select,
    )
    slot = forms.ChoiceField(choices=[("", _("all slots")), *Slot.choices], required=False, label=_("slot"))
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label=_("year"))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EnrolForm(forms.Form):
    """Choose one of the waiting people who match the course's language and slot."""

    waiting = forms.TypedChoiceField(coerce=int, label=_("waiting person"), widget=forms.RadioSelect)
    enrolled_on = date_field(_("enrolled on"), initial=_today)

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = {entry.pk: entry for entry in matches}
        self.fields["waiting"].choices = [
            (entry.pk, f"{entry.person.family_name}, {entry.person.given_names} ({entry.person.reference})")
            for entry in matches
        ]

    @property
    def entry(self):
        return self.matches[self.cleaned_data["waiting"]]


class AttendanceForm(forms.Form):
    """One choice per participant: present, excused or absent."""

    def __init__(self, *args, enrolments, recorded: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[self.name_of(enrolment)] = forms.ChoiceField(
                choices=Presence.choices,
                widget=forms.RadioSelect,
                label=str(enrolment.person),
                initial=recorded.get(enrolment.pk, Presence.PRESENT),
            )

    @staticmethod
    def name_of(enrolment) -> str:
        return f"presence-{enrolment.pk}"

    def rows(self):
        return [(enrolment, self[self.name_of(enrolment)]) for enrolment in self.enrolments]

    def presence(self) -> dict[int, str]:
        return {enrolment.pk: self.cleaned_data[self.name_of(enrolment)] for enrolment in self.enrolments}


class CompletionForm(forms.Form):
    completed_on = date_field(_("completed on"), initial=_today)
    actions_completed = forms.IntegerField(
        label=_("actions of the personal action plan done"), min_value=0, max_value=20
    )
    evaluation = forms.CharField(
        label=_("evaluation of the personal action plan"),
        widget=forms.Textarea,
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
    )


class WaitingEntryForm(forms.Form):
    languages = LanguagesField(Offer.WORKING, label=_("acceptable languages"))
    slots = forms.MultipleChoiceField(
        choices=Slot.choices, label=_("acceptable slots"), widget=forms.CheckboxSelectMultiple
    )
    waiting_since = date_field(_("waiting since"), initial=_today)
    childcare_needed = forms.BooleanField(label=_("needs childcare"), required=False)


class DemandFilterForm(forms.Form):
    language = LanguageField(
        Offer.WORKING, required=False, label=_("language"), empty_label=_("all languages"), widget=forms.Select
    )


class FormationForm(forms.Form):
    """The limits of a course-formation run, and when the new courses start."""

    min_size = forms.IntegerField(label=_("smallest group"), min_value=1, max_value=40, initial=8)
    max_size = forms.IntegerField(label=_("largest group"), min_value=1, max_value=40, initial=16)
    starts_on = forms.DateField(
        label=_("new courses start on"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}),
    )

    def clean(self):
        data = super().clean()
        if data.get("min_size") and data.get("max_size") and data["min_size"] > data["max_size"]:
            raise forms.ValidationError(_("The smallest group cannot be larger than the largest."))
        return data


class CourseForm(forms.Form):
    """Plan a course by hand: the sessions are made weekly from the start date."""

    language = LanguageField(Offer.WORKING, label=_("teaching language"), empty_label="—")
    interpreter_languages = LanguagesField(
        Offer.INTERPRETING,
        label=_("interpreters' languages"),
        required=False,
        help_text=_("For a Dutch course with interpreters."),
    )
    slot = forms.ChoiceField(label=_("slot"), choices=Slot.choices)
    starts_on = forms.DateField(
        label=_("starts on"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}),
    )
    start_time = forms.TimeField(label=_("sessions start at"), initial="18:00")
    session_hours = forms.IntegerField(label=_("hours per session"), min_value=1, max_value=8, initial=3)
    sessions = forms.IntegerField(label=_("number of sessions"), min_value=1, max_value=60, initial=20)
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=60, initial=16)
    location = forms.CharField(label=_("location"), max_length=150)
    teacher = forms.ModelChoiceField(label=_("teacher"), queryset=Teacher.objects.none(), required=False)
    childcare = forms.BooleanField(label=_("childcare available"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = Teacher.objects.filter(active=True)


class SessionForm(forms.Form):
    """A session's day, hours and place: to add one, or to move one. The service says
    whether the course can meet then (slot's weekdays, holidays, closing days, overlaps)."""

    day = date_field(_("date"))
    starts_at = forms.TimeField(label=_("from"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("until"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}))
    place = forms.CharField(
        label=_("place"), max_length=150, required=False, help_text=_("Empty: the course's location.")
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session ends after it starts."))
        return data

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The start and end as aware datetimes in the agency's time zone."""
        day = self.cleaned_data["day"]
        return (
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["starts_at"])),
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["ends_at"])),
        )
