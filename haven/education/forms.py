"""Education's forms: filters, the referral and its steps, the study-choice dossier."""

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import DATE_INPUT_FORMATS, date_field
from haven.core.models import Language
from haven.education.models import (
    ContactAnswer,
    FutureDaysSession,
    GuardianRole,
    ParticipantState,
    PreTrackModule,
    ReferralState,
    School,
    SchoolKind,
    StudyOutcome,
    StudyPartner,
)


class StartForm(forms.Form):
    """Begin a record by file number (kept out of the URL: the form is POSTed)."""

    reference = forms.CharField(
        label=_("file number"),
        max_length=10,
        help_text=_("For example H000123."),
        widget=forms.TextInput(attrs={"placeholder": "H000123", "size": 9}),
    )

    def clean_reference(self):
        from haven.people.models import Person

        value = self.cleaned_data["reference"].strip().upper().lstrip("H")
        if not value.isdigit():
            raise forms.ValidationError(_("A file number looks like H000123."))
        if not Person.objects.filter(pk=int(value)).exists():
            raise forms.ValidationError(_("There is no person with this file number."))
        return int(value)


class ReferralFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("state"), required=False, choices=[("", _("any")), *ReferralState.choices])
    kind = forms.ChoiceField(label=_("kind of school"), required=False, choices=[("", _("any")), *SchoolKind.choices])
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class WaitingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of school"), required=False, choices=[("", _("any")), *SchoolKind.choices])
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReferralForm(forms.Form):
    requested_on = date_field(_("permanence date"))
    guardian_name = forms.CharField(label=_("parent or guardian present"), max_length=150)
    guardian_role = forms.ChoiceField(label=_("relation to the child"), choices=GuardianRole.choices)
    home_language = forms.ModelChoiceField(
        label=_("home language"), queryset=Language.objects.filter(active=True).order_by("code")
    )
    kind = forms.ChoiceField(label=_("kind of school sought"), choices=SchoolKind.choices)
    notes = forms.CharField(label=_("notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def _schools():
    return School.objects.filter(active=True).order_by("name")


class ContactForm(forms.Form):
    school = forms.ModelChoiceField(label=_("school"), queryset=_schools())
    contacted_on = date_field(_("contacted on"))
    answer = forms.ChoiceField(label=_("answer"), choices=ContactAnswer.choices)


class PlaceForm(forms.Form):
    school = forms.ModelChoiceField(label=_("school found"), queryset=_schools())
    placed_on = date_field(_("school found on"))


class WithdrawForm(forms.Form):
    closed_on = date_field(_("withdrawn on"))


class RegistrationForm(forms.Form):
    session: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("session"), queryset=FutureDaysSession.objects.none()
    )
    school = forms.ModelChoiceField(label=_("school"), queryset=_schools())
    pupils_registered = forms.IntegerField(label=_("pupils registered"), min_value=0, max_value=200)
    pupils_present = forms.IntegerField(label=_("pupils present"), min_value=0, max_value=200, required=False)

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            event.sessions.order_by("held_on") if event else FutureDaysSession.objects.none()
        )


class DossierFilterForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), required=False, choices=[("", _("any")), *StudyOutcome.choices])
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DossierForm(forms.Form):
    opened_on = date_field(_("opened on"))
    question = forms.CharField(label=_("question"), max_length=300)
    partner = forms.ChoiceField(label=_("partner involved"), choices=StudyPartner.choices, required=False)


class ConversationForm(forms.Form):
    held_on = date_field(_("date"))
    summary = forms.CharField(label=_("summary"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DossierUpdateForm(forms.Form):
    advice = forms.CharField(
        label=_("advice"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    partner = forms.ChoiceField(label=_("partner involved"), choices=StudyPartner.choices, required=False)
    outcome = forms.ChoiceField(label=_("outcome"), choices=StudyOutcome.choices)
    closed_on = date_field(_("closed on"), required=False)


# Reference data and programmes the programme staff keep ------------------------------------


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=150)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    okan = forms.BooleanField(label=_("OKAN reception classes"), required=False)
    active = forms.BooleanField(label=_("active"), required=False, initial=True)


class OkanPlacesForm(forms.Form):
    school_year = forms.IntegerField(
        label=_("school year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year of the autumn: 2019 for 2019-2020."),
    )
    places = forms.IntegerField(label=_("OKAN places"), min_value=0, max_value=999)


class FutureDaysForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=150)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    place = forms.CharField(label=_("place"), max_length=150, required=False)
    session_days = forms.CharField(
        label=_("session days"),
        help_text=_("One date a line, e.g. 27/05/2019."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_session_days(self):
        days = []
        field = forms.DateField(input_formats=DATE_INPUT_FORMATS)
        for line in _lines(self.cleaned_data["session_days"]):
            try:
                days.append(field.clean(line))
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date like 27/05/2019."), params={"value": line}
                ) from None
        return days


class CohortForm(forms.Form):
    academic_year = forms.IntegerField(
        label=_("academic year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year of the autumn: 2019 for 2019-2020."),
    )
    starts_on = date_field(_("starts on"))
    ends_on = date_field(_("ends on"))
    modules = forms.CharField(
        label=_("modules"), help_text=_("One module a line."), widget=forms.Textarea(attrs={"rows": 4})
    )
    partners = forms.CharField(label=_("partners"), max_length=300, required=False)

    def clean_modules(self):
        return [line.strip() for line in self.cleaned_data["modules"].splitlines() if line.strip()]


class ParticipantForm(forms.Form):
    started_on = date_field(_("started on"))
    modules: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("modules"), queryset=PreTrackModule.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cohort=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cohort is not None:
            self.fields["modules"].queryset = cohort.modules.order_by("id")


class ParticipantEndForm(forms.Form):
    state = forms.ChoiceField(
        label=_("state"),
        choices=[
            (ParticipantState.DROPPED, ParticipantState.DROPPED.label),
            (ParticipantState.GRADUATED, ParticipantState.GRADUATED.label),
        ],
    )
    ended_on = date_field(_("dropped out or graduated on"))
