from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from haven.core.languages import Offer
from haven.core.models import AccessPurpose
from haven.core.pickers import CountryField, LanguageField, LanguagesField
from haven.people.identifiers import national_number_clean, national_number_facts, national_number_mismatches
from haven.people.models import Person
from haven.people.services import PERSON_FIELDS, AlreadyRegistered


class PersonForm(forms.ModelForm):
    """Create and edit a person. Validation of the national number and of
    duplicates happens in the service; the form gives the field-level errors."""

    # Searchable pickers (haven.core.pickers): a person may speak any living language, the
    # agency's own listed first; names and order in the interface language (CLDR).
    nationality = CountryField(label=_("nationality"), required=False, empty_label=_("unknown or stateless"))
    languages = LanguagesField(Offer.SPOKEN, required=False, label=_("languages spoken"))
    preferred_language = LanguageField(Offer.SPOKEN, required=False, label=_("preferred language"), empty_label="—")
    # Declared here, not taken from the model: the model keeps the 11 digits, but people
    # type the printed form (YY.MM.DD-SSS.CC, 15 characters) and the edit form shows it.
    national_number = forms.CharField(
        label=_("national register or BIS number"),
        required=False,
        max_length=30,
        # static/people-national-number.js fills the date of birth and sex from the number
        # as it is typed (when they are empty); clean() does the same on the server.
        widget=forms.TextInput(
            attrs={
                "placeholder": "YY.MM.DD-XXX.CC",
                "autocomplete": "off",
                "data-fills-birth-date": "id_birth_date",
                "data-fills-sex": "id_sex",
            }
        ),
    )
    allow_similar = forms.BooleanField(
        required=False,
        label=_("This is a different person: register anyway."),
        widget=forms.CheckboxInput(),
    )

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "languages"]
        widgets = {
            "birth_date": forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}),
            "first_registration_date": forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("birth_date", "first_registration_date"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
            self.fields[name].widget.format = "%d/%m/%Y"
        # Required, but filled from the national number when left empty (see clean()).
        self.fields["birth_date"].required = False
        self.fields["sex"].required = False
        if self.instance.pk:
            del self.fields["allow_similar"]
            self.initial["national_number"] = self.instance.national_number_display

    def clean_national_number(self):
        value = self.cleaned_data.get("national_number") or ""
        return national_number_clean(value) if value.strip() else None

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("national_number")
        if number:
            facts = national_number_facts(number)
            if not cleaned.get("birth_date") and "birth_date" not in self.errors and facts.birth_date:
                cleaned["birth_date"] = facts.birth_date
            if not cleaned.get("sex") and "sex" not in self.errors and facts.sex:
                cleaned["sex"] = facts.sex
            for field, message in national_number_mismatches(
                number, birth_date=cleaned.get("birth_date"), sex=cleaned.get("sex")
            ).items():
                self.add_error(field, message)
        for field in ("birth_date", "sex"):
            if not cleaned.get(field) and field not in self.errors:
                self.add_error(field, forms.Field.default_error_messages["required"])
        return cleaned

    def national_number_taken(self, error: AlreadyRegistered, *, holder: Person | None) -> None:
        """The national number is someone else's: say so on the field. ``holder`` is that
        person when the user may open their file (``access.person_if_openable``): then a
        link to it with the name (the file asks for a purpose before it opens). Otherwise
        only the file number, for a colleague who may open it: no name, no link. Never the
        number itself."""
        if holder is None:
            message = format_html(
                "{} {}",
                error.messages[0],
                _("It is file %(reference)s, which you may not open: ask a colleague who may.")
                % {"reference": error.existing_reference},
            )
        else:
            message = format_html(
                '{} <a href="{}">{}</a>',
                error.messages[0],
                reverse("people:detail", args=[error.existing_id]),
                _("Open file %(reference)s (%(name)s)") % {"reference": error.existing_reference, "name": str(holder)},
            )
        self.add_error("national_number", message)

    def _post_clean(self):
        # Model validation runs in the service (person_create / person_update), which
        # also checks uniqueness and duplicates; here only the form's fields are checked.
        pass

    def person_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in PERSON_FIELDS}


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Why do you open this file?"), choices=AccessPurpose.choices)


class BreakGlassForm(forms.Form):
    """Why a file outside one's caseload or programme must be opened now."""

    reason = forms.CharField(
        label=_("Why must you open this file?"),
        min_length=20,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At least 20 characters. The privacy officer reads every reason."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("Name, national number or date of birth")}
        ),
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=AccessPurpose.choices, required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class HouseholdLinkForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("relation"),
        choices=[("child", _("is a child of this person")), ("parent", _("is a parent of this person"))],
    )
    other_reference = forms.CharField(
        label=_("file number of the other person"), max_length=10, help_text=_("For example H000123.")
    )

    def clean_other_reference(self):
        value = self.cleaned_data["other_reference"].strip().upper().lstrip("H")
        if not value.isdigit():
            raise forms.ValidationError(_("A file number looks like H000123."))
        try:
            return Person.objects.get(pk=int(value))
        except Person.DoesNotExist:
            raise forms.ValidationError(_("There is no person with this file number.")) from None
