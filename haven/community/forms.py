"""The community pages' forms. The services check the rules; their refusals land on these
fields (``haven.core.forms.service_error_to_form``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.community import selectors
from haven.community.models import (
    BUDDY_CONSENT_TEXT_VERSION,
    PHOTO_CONSENT_TEXT_VERSION,
    CommunityEvent,
    CommunityEventKind,
    CultureHouse,
    Group,
    Interest,
    MeetingStatus,
    Programme,
    WithdrawReason,
    slot_choices,
)
from haven.core.forms import any_choice, date_field
from haven.core.models import District, Language
from haven.people.models import Person, Sex


def _today():
    return timezone.localdate()


# The reasons the staff choose from; "consent withdrawn" is set by the consent's service only.
STAFF_REASONS = [choice for choice in WithdrawReason.choices if choice[0] != WithdrawReason.CONSENT]


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ParticipantFilterForm(forms.Form):
    programme = forms.ChoiceField(label=_("programme"), required=False, choices=any_choice(Programme.choices))
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=any_choice(
            [
                (selectors.WAITING, _("waiting for a duo")),
                (selectors.MATCHED, _("matched")),
                (selectors.WITHDRAWN, _("withdrawn")),
            ]
        ),
    )
    group = forms.ModelChoiceField(label=_("group"), required=False, queryset=Group.objects.all(), empty_label=_("any"))
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class BuddyFilterForm(forms.Form):
    programme = forms.ChoiceField(label=_("programme"), required=False, choices=any_choice(Programme.choices))
    active = forms.BooleanField(label=_("Only with consent in force"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DuoFilterForm(forms.Form):
    programme = forms.ChoiceField(label=_("programme"), required=False, choices=any_choice(Programme.choices))
    year = forms.IntegerField(label=_("year started"), required=False, min_value=2000, max_value=2100)
    running = forms.BooleanField(label=_("Only running duos"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=any_choice(CommunityEventKind.choices))
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class StartForm(forms.Form):
    """Start a sign-up by file number (a file number is not personal data)."""

    reference = forms.CharField(
        label=_("file number"),
        max_length=10,
        help_text=_("For example H000123."),
        widget=forms.TextInput(attrs={"placeholder": "H000123", "size": 9}),
    )

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper().lstrip("H")
        if not value.isdigit():
            raise forms.ValidationError(_("A file number looks like H000123."))
        if not Person.objects.filter(pk=int(value)).exists():
            raise forms.ValidationError(_("There is no person with this file number."))
        return int(value)


class ProfileForm(forms.Form):
    """The matching profile, shared by newcomers and buddies."""

    interests = forms.MultipleChoiceField(
        label=_("interests"), required=False, choices=Interest.choices, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("free moments"),
        required=False,
        choices=slot_choices,
        widget=forms.SelectMultiple(attrs={"size": 7}),
        help_text=_("Leave empty when any moment suits."),
    )
    travels = forms.BooleanField(label=_("meets outside the own district"), required=False, initial=True)
    wants_sex = forms.ChoiceField(
        label=_("preferred sex of the other"), required=False, choices=[("", _("no preference")), *Sex.choices]
    )
    wants_sex_hard = forms.BooleanField(label=_("the preference is a must"), required=False)

    PROFILE = ("interests", "availability", "travels", "wants_sex", "wants_sex_hard")

    def profile_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PROFILE}


class ParticipantForm(ProfileForm):
    programme = forms.ChoiceField(label=_("programme"), choices=Programme.choices)
    group = forms.ModelChoiceField(
        label=_("group"),
        required=False,
        queryset=Group.objects.order_by("-starts_on"),
        help_text=_("Samen Gentenaar only."),
    )
    registered_on = date_field(_("signed up on"), initial=_today)
    mother_tongue = forms.ModelChoiceField(
        label=_("mother tongue"),
        required=False,
        queryset=Language.objects.filter(active=True),
        help_text=_("Needed for TANDEM: the buddy must speak it."),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    withdrawn_on = date_field(_("withdrawn on"), initial=_today)
    withdraw_reason = forms.ChoiceField(label=_("reason"), choices=[("", "—"), *STAFF_REASONS])
    note = forms.CharField(label=_("about the reason"), required=False, max_length=500)


class BuddyForm(ProfileForm):
    """A new buddy: the person (registered in the registry) and the buddy record."""

    given_names = forms.CharField(label=_("given names"), max_length=150)
    family_name = forms.CharField(label=_("family name"), max_length=150)
    birth_date = date_field(_("date of birth"))
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices)
    languages = forms.ModelMultipleChoiceField(
        label=_("languages spoken"), queryset=Language.objects.filter(active=True), required=False
    )
    district = forms.ModelChoiceField(label=_("district"), queryset=District.objects.all(), required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), required=False, max_length=30)
    registered_on = date_field(_("registered on"), initial=_today)
    samen_gentenaar = forms.BooleanField(label=_("buddy in Samen Gentenaar"), required=False, initial=True)
    tandem = forms.BooleanField(label=_("buddy in TANDEM"), required=False)
    consent_given_on = date_field(_("consent given on"), initial=_today)
    consent_text_version = forms.CharField(
        label=_("consent text version"), max_length=20, initial=BUDDY_CONSENT_TEXT_VERSION
    )

    PERSON = ("given_names", "family_name", "birth_date", "sex", "district", "email", "phone")
    BUDDY = ("registered_on", "samen_gentenaar", "tandem", "consent_given_on", "consent_text_version")


class ConsentWithdrawForm(forms.Form):
    """The day a consent is withdrawn (today unless the person said so earlier)."""

    consent_withdrawn_on = date_field(_("consent withdrawn on"), initial=_today)


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "starts_on",
            "intervision_buddies_on",
            "intervision_newcomers_on",
            "activity_on",
            "closes_on",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields[1:-1]:
            self.fields[name] = date_field(self.fields[name].label, required=name == "starts_on")


class DuoStartForm(forms.Form):
    """A duo made by hand: the buddy by their file number."""

    buddy_reference = forms.CharField(label=_("buddy's file number"), max_length=10)
    started_on = date_field(_("started on"), initial=_today)

    def clean_buddy_reference(self):
        value = self.cleaned_data["buddy_reference"].strip().upper().lstrip("H")
        if not value.isdigit():
            raise forms.ValidationError(_("A file number looks like H000123."))
        from haven.community.models import Buddy

        buddy = Buddy.objects.filter(person_id=int(value)).first()
        if buddy is None:
            raise forms.ValidationError(_("This person is not a buddy."))
        return buddy


class MeetingForm(forms.Form):
    held_on = date_field(_("date"), initial=_today)
    status = forms.ChoiceField(label=_("status"), choices=MeetingStatus.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class DuoEndForm(forms.Form):
    ended_on = date_field(_("ended on"), initial=_today)
    end_reason = forms.ChoiceField(label=_("reason"), choices=[("", "—"), *STAFF_REASONS])
    end_note = forms.CharField(label=_("about the end"), required=False, max_length=500)


class EditionForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    houses = forms.ModelMultipleChoiceField(
        label=_("culture houses"),
        queryset=CultureHouse.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class HouseForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    address = forms.CharField(label=_("address"), max_length=300, required=False)


class EveningForm(forms.Form):
    held_on = date_field(_("date"))
    place = forms.CharField(label=_("place"), max_length=200)
    attendance = forms.IntegerField(label=_("attendance"), required=False, min_value=0)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CommunityEventKind.choices)
    name = forms.CharField(label=_("name"), max_length=200)
    held_on = date_field(_("date"))
    place = forms.CharField(label=_("place"), max_length=200, required=False)
    partners = forms.CharField(label=_("partners"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attendance = forms.IntegerField(label=_("attendance"), required=False, min_value=0)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PairForm(forms.Form):
    """A pair on the matching page: fix, exclude or release it."""

    participant = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    buddy = forms.IntegerField(label=_("buddy"), min_value=1)
    kind = forms.ChoiceField(choices=[("fixed", _("fix")), ("excluded", _("exclude")), ("release", _("release"))])


class SwapForm(forms.Form):
    first = forms.IntegerField(label=_("newcomer"), min_value=1)
    second = forms.IntegerField(label=_("swap the buddy with the duo of"), min_value=1)


class ConfirmForm(forms.Form):
    started_on = date_field(_("the duos start on"), required=False)


class PhotoForm(forms.Form):
    """A photo of a community event with the people in it (file numbers) and their consent:
    the day they gave it and the version of the text they signed (the same for everyone on
    this upload; each person's consent is its own record)."""

    event = forms.ModelChoiceField(label=_("event"), queryset=CommunityEvent.objects.order_by("-held_on", "-id"))
    file = forms.FileField(
        label=_("photo"), help_text=_("A PNG or JPEG image of at most 10 MB."), allow_empty_file=True
    )
    people = forms.CharField(
        label=_("people in the photo (file numbers)"),
        max_length=500,
        help_text=_("The file numbers of everyone recognisable in the photo, with a comma between them."),
    )
    consent_given_on = date_field(_("consent given on"), initial=_today)
    consent_text_version = forms.CharField(
        label=_("consent text version"), max_length=20, initial=PHOTO_CONSENT_TEXT_VERSION
    )

    def clean_people(self) -> list[int]:
        ids = []
        for word in self.cleaned_data["people"].replace(",", " ").split():
            digits = word.strip().upper().lstrip("H")
            if not digits.isdigit() or int(digits) > 2**31 - 1:
                raise forms.ValidationError(_("A file number looks like H000123."))
            ids.append(int(digits))
        if not ids:
            raise forms.ValidationError(_("Give the file number of everyone in the photo."))
        found = set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if set(ids) - found:
            raise forms.ValidationError(_("There is no person with this file number."))
        return list(dict.fromkeys(ids))


class PhotoFilterForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("event"), queryset=CommunityEvent.objects.order_by("-held_on", "-id"), required=False
    )
