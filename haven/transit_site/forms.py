"""Forms of the transit-site pages. The services validate again (and name the field)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.core.forms import date_field
from haven.people.models import Sex
from haven.transit_site.models import LanguageGroup
from haven.transit_site.selectors import STAY_STATES
from haven.transit_site.services import ChildValues


def _countries() -> list[tuple[str, str]]:
    return [("", "—"), *reference.country_choices()]


STATE_LABELS = {"on_site": _("on the site"), "expected": _("expected"), "left": _("left")}


class StayFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("all"))] + [(key, STATE_LABELS[key]) for key in STAY_STATES]
    )
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["nationality"]).choices = _countries()


class HeadForm(forms.Form):
    """The head of family, new to the registry."""

    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    birth_date = date_field(_("Date of birth"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False, choices=())
    confirm_new = forms.BooleanField(
        label=_("This is someone else than the registered people with a similar name"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["nationality"]).choices = _countries()


class StayForm(forms.Form):
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, max_value=50)
    caravans = forms.IntegerField(label=_("Caravans"), min_value=1, max_value=25)
    arrival = date_field(_("Arrival"))
    planned_departure = date_field(_("Planned departure"))
    departure = date_field(_("Departure"), required=False, help_text=_("Fill in when the family has left."))
    deposit_paid = forms.DecimalField(
        label=_("Deposit paid (EUR)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    fees_paid = forms.DecimalField(label=_("Fees paid (EUR)"), min_value=0, max_digits=8, decimal_places=2, initial=0)
    rules_signed = forms.BooleanField(label=_("The site rules are signed"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000
    )


class ChildForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    birth_date = date_field(_("Date of birth"))
    language_group = forms.ChoiceField(
        label=_("Language group"), choices=LanguageGroup.choices, initial=LanguageGroup.FRENCH
    )

    def values(self) -> ChildValues:
        data = self.cleaned_data
        return ChildValues(data["first_name"], data["birth_date"], data["language_group"])


ChildFormSet = forms.formset_factory(ChildForm, extra=3, max_num=15, validate_max=True)


def children_of(formset: Any) -> list[ChildValues]:
    """The children filled in (empty rows left out)."""
    return [form.values() for form in formset.forms if form.has_changed() and form.cleaned_data]


def children_errors(formset: Any, error_dict: dict) -> dict:
    """Put the service's ``children-<n>-<field>`` errors on the formset's rows; the rest back."""
    rest = {}
    filled = [form for form in formset.forms if form.has_changed() and form.cleaned_data]
    for name, errors in error_dict.items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "children" and parts[1].isdigit() and int(parts[1]) < len(filled):
            filled[int(parts[1])].add_error(parts[2] if parts[2] in ChildForm.base_fields else None, errors)
        else:
            rest[name] = errors
    return rest


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class DayForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class NoticeForm(forms.Form):
    family_name = forms.CharField(label=_("Family"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    caravans = forms.IntegerField(label=_("Caravans"), min_value=1, max_value=25)
    announced_on = date_field(_("Announced on"))
    expected_arrival = date_field(_("Expected arrival"))


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class LessonDaysForm(forms.Form):
    valid_from = date_field(_("Valid from"))
    weekdays = forms.MultipleChoiceField(
        label=_("Lesson days"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple, required=False
    )


class PlacesForm(forms.Form):
    places = forms.IntegerField(label=_("Places (caravans)"), min_value=1, max_value=500)
