"""The Dutch-practice pages' forms. The services check the rules; their refusals land on
these fields (``haven.core.forms.service_error_to_form``)."""

from typing import cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.forms import any_choice, date_field
from haven.dutch_practice import selectors
from haven.dutch_practice.models import (
    ConversationSeries,
    Opportunity,
    PracticeDay,
    PracticeLevel,
    SeriesLevel,
    Volunteer,
    Weekday,
)
from haven.dutch_practice.services.newsletter import CONSENT_TEXT_VERSION


def _today():
    return timezone.localdate()


def reference_ids(value: str) -> list[int]:
    """File numbers (H000123), separated by commas or spaces, as person ids."""
    ids = []
    for word in value.replace(",", " ").split():
        digits = word.strip().upper().lstrip("H")
        if not digits.isdigit():
            raise forms.ValidationError(_("A file number looks like H000123."))
        ids.append(int(digits))
    return ids


class VolunteerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.family_name.upper()} {obj.person.given_names} ({obj.person.reference})"


class SessionLogForm(forms.Form):
    """The daily act on one page: which moment, which day, who led it, how many came."""

    series = forms.ModelChoiceField(label=_("conversation moment"), queryset=ConversationSeries.objects.none())
    held_on = date_field(_("held on"), initial=_today)
    volunteers = VolunteerChoiceField(
        label=_("volunteers present"),
        required=False,
        queryset=Volunteer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    participant_count = forms.IntegerField(label=_("number of participants"))
    participants = forms.CharField(
        label=_("participants named (file numbers)"),
        required=False,
        max_length=500,
        help_text=_("Optional: the file numbers of participants to name, with a comma between them."),
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["series"].queryset = selectors.series_list()
        self.fields["volunteers"].queryset = (
            volunteers if volunteers is not None else selectors.volunteers(active_on=today)
        )
        if not self.is_bound:
            today_series = [s for s in self.fields["series"].queryset if s.weekday == today.weekday()]
            if today_series:
                self.initial.setdefault("series", today_series[0].pk)

    def clean_participants(self):
        from haven.people.models import Person

        ids = reference_ids(self.cleaned_data.get("participants") or "")
        found = set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if set(ids) - found:
            raise forms.ValidationError(_("There is no person with this file number."))
        return ids


class SeriesForm(forms.ModelForm):
    class Meta:
        model = ConversationSeries
        fields = ["title", "weekday", "starts_at", "ends_at", "place", "level", "active_from", "active_until"]
        widgets = {
            "starts_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "13:30"}),
            "ends_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "15:30"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["active_from"] = date_field(_("active from"), initial=_today)
        self.fields["active_until"] = date_field(_("active until"), required=False)


class VolunteerStartForm(forms.Form):
    """Register a volunteer by file number (a file number is not personal data)."""

    reference = forms.CharField(
        label=_("file number"),
        max_length=10,
        help_text=_("For example H000123."),
        widget=forms.TextInput(attrs={"placeholder": "H000123", "size": 9}),
    )

    def clean_reference(self):
        from haven.people.models import Person

        ids = reference_ids(self.cleaned_data["reference"])
        if len(ids) != 1:
            raise forms.ValidationError(_("A file number looks like H000123."))
        if not Person.objects.filter(pk=ids[0]).exists():
            raise forms.ValidationError(_("There is no person with this file number."))
        return ids[0]


class VolunteerForm(forms.Form):
    active_from = date_field(_("active from"), initial=_today)
    active_until = date_field(_("active until"), required=False)
    consent_given_on = date_field(_("consent given on"), initial=_today)
    consent_text_version = forms.CharField(label=_("consent text version"), max_length=20, initial=CONSENT_TEXT_VERSION)
    consent_withdrawn_on = date_field(_("consent withdrawn on"), required=False)
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    @classmethod
    def for_volunteer(cls, volunteer: Volunteer, data=None) -> "VolunteerForm":
        fields = ("active_from", "active_until", "consent_given_on", "consent_text_version")
        initial = {name: getattr(volunteer, name) for name in (*fields, "consent_withdrawn_on", "note")}
        return cls(data, initial=initial)


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("name"), required=False, max_length=100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class SessionFilterForm(forms.Form):
    series = forms.ModelChoiceField(
        label=_("conversation moment"), required=False, queryset=ConversationSeries.objects.all(), empty_label=_("any")
    )
    level = forms.ChoiceField(label=_("level"), required=False, choices=any_choice(SeriesLevel.choices))
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


WEEKDAY_CHOICES = [(str(value), label) for value, label in Weekday.choices]


class OpportunityForm(forms.ModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays"), required=False, choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "organiser",
            "description",
            "district",
            "address",
            "weekdays",
            "starts_at",
            "ends_at",
            "level",
            "price",
            "target_group",
            "contact_email",
            "contact_phone",
            "published",
            "valid_until",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "18:00"}),
            "ends_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "20:00"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_until"] = date_field(_("valid until"), required=False)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["weekdays"] = list(self.instance.weekdays)

    def clean_weekdays(self):
        return "".join(sorted(set(self.cleaned_data.get("weekdays") or [])))


class OpportunityFilterForm(forms.Form):
    q = forms.CharField(label=_("title or organiser"), required=False, max_length=100)
    published = forms.ChoiceField(
        label=_("published"), required=False, choices=any_choice([("yes", _("yes")), ("no", _("no"))])
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DirectoryFilterForm(forms.Form):
    """The public page's search: every value checked, an unknown one is named on its field."""

    district = forms.TypedChoiceField(label=_("district"), required=False, coerce=int, empty_value=None)
    day = forms.TypedChoiceField(
        label=_("day"), required=False, coerce=int, empty_value=None, choices=any_choice(WEEKDAY_CHOICES)
    )
    level = forms.ChoiceField(label=_("level"), required=False, choices=any_choice(PracticeLevel.choices[1:]))
    free = forms.BooleanField(label=_("free only"), required=False)
    max_price = forms.DecimalField(
        label=_("at most (euro)"), required=False, min_value=0, max_digits=6, decimal_places=2
    )

    def __init__(self, *args, districts: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["district"]).choices = any_choice(districts)


class SubscribeForm(forms.Form):
    email = forms.CharField(label=_("e-mail address"), max_length=254)
    name = forms.CharField(label=_("name (optional)"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("language of the e-mails"), choices=settings.LANGUAGES, initial="nl")
    consent = forms.BooleanField(
        label=_(
            "I agree that the agency keeps my e-mail address (and name) to send me the newsletter, until I unsubscribe."
        ),
        error_messages={"required": _("Tick the box to agree, or we cannot send you the newsletter.")},
    )


class SubscriberFilterForm(forms.Form):
    q = forms.CharField(label=_("e-mail address or name"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("state"),
        required=False,
        choices=any_choice(
            [
                (selectors.SUBSCRIBED, _("subscribed")),
                (selectors.PENDING, _("awaiting confirmation")),
                (selectors.ENDED, _("unsubscribed")),
            ]
        ),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class NewsletterForm(forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=200)
    body = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 8}))


class PracticeDayForm(forms.ModelForm):
    class Meta:
        model = PracticeDay
        fields = ["title", "held_on", "organised_with", "location", "participants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"] = date_field(_("held on"))


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    facilitator = forms.CharField(label=_("facilitating organisation"), max_length=200, required=False)
    participants = forms.IntegerField(label=_("participants (approximately)"), required=False)
