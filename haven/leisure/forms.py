"""The leisure pages' forms: filters, a referral and its outcome, an organisation, an
event and a tally. The services check the rules; their refusals land on these fields
(``haven.core.forms.service_error_to_form``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.forms import any_choice, date_field
from haven.leisure import selectors
from haven.leisure.models import (
    Event,
    EventKind,
    LeisureOutcome,
    Organisation,
    OrganisationKind,
    Referral,
    ReferralKind,
)


def _today():
    return timezone.localdate()


class ReferralFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=any_choice(ReferralKind.choices))
    age = forms.ChoiceField(
        label=_("age on the referral date"),
        required=False,
        choices=any_choice([(selectors.MINOR, _("minor")), (selectors.ADULT, _("adult"))]),
    )
    outcome = forms.ChoiceField(label=_("outcome"), required=False, choices=any_choice(LeisureOutcome.choices))
    organisation = forms.ModelChoiceField(
        label=_("organisation"), required=False, queryset=Organisation.objects.order_by("name"), empty_label=_("any")
    )
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    due = forms.BooleanField(label=_("Only follow-ups due"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReferralStartForm(forms.Form):
    """Start a referral by file number (a file number is not personal data)."""

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


class ReferralForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.filter(active=True).order_by("name")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=ReferralKind.choices, initial=ReferralKind.LEISURE)
    activity = forms.CharField(label=_("activity"), max_length=200)
    referred_on = date_field(_("referred on"), initial=_today)
    follow_up_on = date_field(_("follow-up on"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=LeisureOutcome.choices)
    outcome_on = date_field(_("outcome date"), required=False)
    follow_up_on = date_field(_("follow-up on"), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def for_referral(cls, referral: Referral) -> "OutcomeForm":
        return cls(
            initial={
                "outcome": referral.outcome,
                "outcome_on": referral.outcome_on,
                "follow_up_on": referral.follow_up_on,
                "note": referral.note,
            }
        )


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("name or contact"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=any_choice(OrganisationKind.choices))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "contact_name", "contact_email", "contact_phone", "address", "active"]


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=any_choice(EventKind.choices))
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["name", "kind", "held_on", "location", "visitors", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = date_field(_("held on"))


class TallyForm(forms.Form):
    name = forms.CharField(
        label=_("school or stand"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for a stand of the organisation chosen."),
    )
    organisation = forms.ModelChoiceField(
        label=_("organisation (a stand)"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("none"),
    )
    count = forms.IntegerField(label=_("number of people"), min_value=0)
