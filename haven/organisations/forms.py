"""The organisations pages' forms: filters, the records and the acts on a testimony.
The services check the rules; their refusals land on these fields
(``haven.core.forms.service_error_to_form``)."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.core.forms import any_choice, date_field
from haven.core.models import Language
from haven.organisations import selectors
from haven.organisations.models import (
    WEEKDAYS,
    AmbassadorTheme,
    Association,
    Audience,
    PartnerOrganisation,
    RecognitionStatus,
    SupportKind,
    TestimonyState,
    TrainingTopic,
)
from haven.organisations.models.ambassadors import AMBASSADOR_CONSENT_TEXT_VERSION
from haven.people.models import Sex


def _today():
    return timezone.localdate()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def _staff_field(label) -> forms.ModelChoiceField:
    return StaffChoiceField(label=label, queryset=selectors.staff_users())


def _note(label=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("note"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class QueryFilterForm(forms.Form):
    q = forms.CharField(label=_("name or contact"), required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


# Trainings and coaching ------------------------------------------------------------------


class TrainingFilterForm(YearFilterForm):
    topic = forms.ChoiceField(label=_("topic"), required=False, choices=any_choice(TrainingTopic.choices))
    organisation = forms.ModelChoiceField(
        label=_("organisation"),
        required=False,
        queryset=PartnerOrganisation.objects.order_by("name"),
        empty_label=_("any"),
    )


class PartnerForm(forms.ModelForm):
    class Meta:
        model = PartnerOrganisation
        fields = ["name", "contact_name", "contact_email", "contact_phone", "address", "active"]


class TrainingForm(forms.Form):
    topic = forms.ChoiceField(label=_("topic"), choices=TrainingTopic.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=PartnerOrganisation.objects.order_by("name")
    )
    trainer = _staff_field(_("trainer"))
    held_on = date_field(_("held on"), initial=_today)
    hours = forms.DecimalField(label=_("hours"), min_value=0, max_digits=4, decimal_places=1, initial=3)
    participants = forms.IntegerField(label=_("participants"), min_value=0, initial=0)
    note = _note()


class CoachingForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=PartnerOrganisation.objects.order_by("name")
    )
    topic = forms.ChoiceField(label=_("topic"), choices=TrainingTopic.choices)
    started_on = date_field(_("started on"), initial=_today)
    ended_on = date_field(_("ended on"), required=False)
    notes = _note(_("notes"))


class CoachingContactForm(forms.Form):
    held_on = date_field(_("date"), initial=_today)
    staff = _staff_field(_("staff member"))
    subject = forms.CharField(label=_("subject"), max_length=300)


# Ambassadors ------------------------------------------------------------------------------


class AmbassadorFilterForm(QueryFilterForm):
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=any_choice(
            [
                (selectors.ACTIVE, _("certified")),
                (selectors.TRAINING, _("in training")),
                (selectors.STOPPED, _("stopped")),
            ]
        ),
    )
    theme = forms.ChoiceField(label=_("theme"), required=False, choices=any_choice(AmbassadorTheme.choices))


class FileNumberForm(forms.Form):
    """Start from a person of the registry by file number (not personal data)."""

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


class AmbassadorForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("themes"), choices=AmbassadorTheme.choices, widget=forms.CheckboxSelectMultiple
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays available"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    travels_outside_ghent = forms.BooleanField(label=_("travels outside Ghent"), required=False)
    trained_on = date_field(_("trained on"), required=False)
    certified_on = date_field(_("certified on"), required=False)
    stopped_on = date_field(_("stopped on"), required=False)
    consent_given_on = date_field(_("consent given on"), initial=_today)
    consent_text_version = forms.CharField(
        label=_("consent text version"), max_length=20, initial=AMBASSADOR_CONSENT_TEXT_VERSION
    )
    consent_withdrawn_on = date_field(_("consent withdrawn on"), required=False)
    note = _note()

    FIELDS = (
        "themes",
        "weekdays",
        "travels_outside_ghent",
        "trained_on",
        "certified_on",
        "stopped_on",
        "consent_given_on",
        "consent_text_version",
        "consent_withdrawn_on",
        "note",
    )

    @classmethod
    def initial_of(cls, ambassador) -> dict[str, Any]:
        return {name: getattr(ambassador, name) for name in cls.FIELDS}


class AmbassadorPersonForm(forms.Form):
    """Someone new to the registry who becomes an ambassador."""

    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    birth_date = date_field(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, choices=())
    national_number = forms.CharField(label=_("National number"), max_length=20, required=False)
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"), queryset=Language.objects.order_by("code"), required=False
    )
    confirm_new = forms.BooleanField(
        label=_("This is someone else than the registered people with a similar name"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["nationality"]).choices = [("", "—"), *reference.country_choices()]


# Testimonies ------------------------------------------------------------------------------


class TestimonyFilterForm(YearFilterForm):
    state = forms.ChoiceField(label=_("state"), required=False, choices=any_choice(TestimonyState.choices))
    theme = forms.ChoiceField(label=_("theme"), required=False, choices=any_choice(AmbassadorTheme.choices))


class TestimonyForm(forms.Form):
    requester = forms.CharField(label=_("requester"), max_length=200, help_text=_("The school or organisation."))
    contact_name = forms.CharField(label=_("contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("contact email"), required=False)
    received_on = date_field(_("received on"), initial=_today)
    held_on = date_field(_("date of the testimony"))
    place = forms.CharField(label=_("place"), max_length=200)
    outside_ghent = forms.BooleanField(label=_("outside Ghent"), required=False)
    audience = forms.ChoiceField(label=_("audience"), choices=Audience.choices)
    theme = forms.ChoiceField(label=_("theme"), choices=AmbassadorTheme.choices)
    language = forms.ModelChoiceField(
        label=_("language wanted"),
        queryset=Language.objects.order_by("code"),
        required=False,
        empty_label=_("Dutch"),
    )
    listeners = forms.IntegerField(label=_("number of listeners"), min_value=0, initial=0)
    note = _note()

    FIELDS = (
        "requester",
        "contact_name",
        "contact_email",
        "received_on",
        "held_on",
        "place",
        "outside_ghent",
        "audience",
        "theme",
        "language",
        "listeners",
        "note",
    )


class ProposeForm(forms.Form):
    ambassador = forms.IntegerField(widget=forms.HiddenInput)


class GiveForm(forms.Form):
    allowance = forms.DecimalField(
        label=_("expense allowance (EUR)"), min_value=0, max_digits=7, decimal_places=2, required=False
    )


class PayForm(forms.Form):
    allowance = forms.DecimalField(label=_("expense allowance (EUR)"), min_value=0, max_digits=7, decimal_places=2)
    allowance_paid_on = date_field(_("allowance paid on"), initial=_today)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("reason"), required=False, max_length=500)


# Associations ------------------------------------------------------------------------------


class AssociationFilterForm(QueryFilterForm):
    recognition = forms.ChoiceField(
        label=_("recognition"), required=False, choices=any_choice(RecognitionStatus.choices)
    )
    women_focus = forms.NullBooleanField(
        label=_("focus on women"),
        required=False,
        widget=forms.Select(choices=[("", _("any")), ("true", _("yes")), ("false", _("no"))]),
    )


class AssociationForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    enterprise_number = forms.CharField(
        label=_("enterprise number"), max_length=20, required=False, help_text=_("For example 0403.170.701.")
    )
    recognition = forms.ChoiceField(label=_("recognition"), choices=RecognitionStatus.choices)
    contact_name = forms.CharField(label=_("contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("contact email"), required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=40, required=False)
    women_focus = forms.BooleanField(label=_("focus on women"), required=False)
    note = _note()

    FIELDS = (
        "name",
        "enterprise_number",
        "recognition",
        "contact_name",
        "contact_email",
        "contact_phone",
        "women_focus",
        "note",
    )


class SupportContactFilterForm(YearFilterForm):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=any_choice(SupportKind.choices))


class SupportContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=SupportKind.choices)
    held_on = date_field(_("date"), initial=_today)
    staff = _staff_field(_("staff member"))
    subject = forms.CharField(label=_("subject"), max_length=300)


class NetworkEventForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    held_on = date_field(_("held on"))
    location = forms.CharField(label=_("location"), max_length=200, required=False)
    associations = forms.ModelMultipleChoiceField(
        label=_("associations present"),
        queryset=Association.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    participants = forms.IntegerField(label=_("participants"), min_value=0, initial=0)
    note = _note()

    FIELDS = ("title", "held_on", "location", "participants", "note")


class ConsentWithdrawForm(forms.Form):
    """The day a consent is withdrawn (today unless the person said so earlier)."""

    consent_withdrawn_on = date_field(_("consent withdrawn on"), initial=_today)
