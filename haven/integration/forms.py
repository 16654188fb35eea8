"""Forms of the civic-integration pages. Model validation runs in the services; the
forms give field-level errors and the values the services take."""

from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.forms import DATE_INPUT_FORMATS, date_field
from haven.integration import rules, services
from haven.integration.models import (
    ContractEndReason,
    ContractPause,
    ContractState,
    DiplomaDossier,
    DossierKind,
    DossierState,
    ExemptionTestResult,
    IntegrationFacts,
    NT2Level,
    Referral,
    ReferralOutcome,
)
from haven.integration.selectors import OUTSTANDING_CHOICES, counsellor_choices

SENSITIVE_FACT = "serious_illness_certificate"
KEEP = "keep"  # the health fact as recorded, for a reader who may not see it


def _today():
    return timezone.localdate()


class DateInputsMixin:
    """Belgian dates (27/11/2019) in every date field of a model form."""

    def _dates_belgian(self):
        for formfield in self.fields.values():
            if isinstance(formfield, forms.DateField):
                formfield.input_formats = DATE_INPUT_FORMATS
                formfield.widget = forms.DateInput(
                    format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}
                )


class FactsForm(DateInputsMixin, forms.ModelForm):
    """The integration facts; booleans are yes / no / unknown.

    ``health`` says how the health fact (special-category data) is offered:
    ``"edit"`` as any fact; ``"keep"`` for a reader who may not see the recorded value
    but must be able to give one (the registration form): "as recorded (confidential)"
    is the initial choice; ``"hidden"``: not in the form at all (the recorded value stays).
    """

    class Meta:
        model = IntegrationFacts
        fields = list(services.FACT_FIELDS)

    def __init__(
        self, *args, person, recorded: IntegrationFacts | None = None, asked_on=None, health: str = "edit", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.person, self.recorded, self.asked_on, self.health = person, recorded, asked_on, health
        self.decision = None
        self._dates_belgian()
        for name in ("register", "residence_title"):
            field = cast(forms.ChoiceField, self.fields[name])
            choices = [choice for choice in cast(list[tuple[str, Any]], field.choices) if choice[0] != ""]
            field.choices = [("", _("unknown")), *choices]
        self.fields["residence_title_months"].widget.attrs.update({"min": 0, "max": 120})
        if health == "hidden":
            del self.fields[SENSITIVE_FACT]
        elif health == "keep":
            self.fields[SENSITIVE_FACT] = forms.TypedChoiceField(
                label=cast(models.Field, IntegrationFacts._meta.get_field(SENSITIVE_FACT)).verbose_name,
                required=False,
                choices=[
                    (KEEP, _("as recorded (confidential)")),
                    ("unknown", _("Unknown")),
                    ("true", _("Yes")),
                    ("false", _("No")),
                ],
                coerce=lambda value: {"true": True, "false": False, "unknown": None}.get(value, KEEP),
                empty_value=KEEP,
                initial=KEEP,
            )
        self.order_fields(list(services.FACT_FIELDS))

    def _post_clean(self):
        # Model validation runs in the service (facts_save); here only the form's fields.
        pass

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.decision = facts_check(
                person=self.person,
                values=self.fact_values(),
                recorded=self.recorded,
                asked_on=data.get("registered_on") or self.asked_on or _today(),
            )
        return data

    def fact_values(self, *, partial: bool = False) -> dict:
        """The facts the user gave: the fields that validated (``partial``: while typing,
        the others count as unknown), without a health fact kept as recorded."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in services.FACT_FIELDS:
            if name not in self.fields:
                continue
            if name not in data:
                if partial:
                    values[name] = None
                continue
            values[name] = data[name]
        if values.get(SENSITIVE_FACT) == KEEP:
            del values[SENSITIVE_FACT]
        return values

    def health_kept(self) -> bool:
        """Is the health fact the recorded one (hidden or kept), not one the user gave?"""
        return SENSITIVE_FACT not in self.fields or self.cleaned_data.get(SENSITIVE_FACT) == KEEP


class RegistrationForm(FactsForm):
    """A registration (aanmelding): the facts and the date of registration."""

    registered_on = date_field(_("registered on"), initial=_today)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["registered_on", *services.FACT_FIELDS])


def facts_check(*, person, values: dict, asked_on, recorded: IntegrationFacts | None):
    """The decision for these facts, or a ValidationError the form can show: facts
    that contradict each other, or a date no rule set covers."""
    merged = {name: getattr(recorded, name) for name in services.FACT_FIELDS} if recorded else {}
    merged.update(values)
    try:
        return services.status_preview(person=person, facts=merged, asked_on=asked_on)
    except rules.InconsistentFacts:
        raise forms.ValidationError(
            _(
                "These facts contradict each other: only a Belgian has the residence title "
                "“Belgian”, and a Belgian has no other title."
            )
        ) from None
    except rules.NoRuleSet:
        raise forms.ValidationError(
            _("No rule set covers this date: civic-integration rules start on 1 January 2014.")
        ) from None


class CounsellorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ContractSignForm(forms.Form):
    """Sign a contract: components, date and (team coordinators only) the counsellor."""

    includes_civic_orientation = forms.BooleanField(label=_("Civic orientation (MO)"), required=False, initial=True)
    includes_dutch = forms.BooleanField(label=_("Dutch as a second language (NT2)"), required=False, initial=True)
    dutch_target_level = forms.ChoiceField(label=_("NT2 target level"), choices=NT2Level.choices, initial=NT2Level.A2)
    includes_career_orientation = forms.BooleanField(label=_("Career orientation"), required=False, initial=True)
    includes_counselling = forms.BooleanField(label=_("Trajectory counselling"), required=False, initial=True)
    childcare_needed = forms.BooleanField(label=_("Needs childcare during courses"), required=False)
    signed_on = date_field(_("signed on"), initial=_today)
    counsellor = CounsellorChoiceField(
        label=_("counsellor"), queryset=None, required=False, empty_label=_("chosen by Haven (language, caseload)")
    )
    override_reason = forms.CharField(label=_("why this counsellor"), required=False, max_length=250)

    COMPONENTS = (
        "includes_civic_orientation",
        "includes_dutch",
        "dutch_target_level",
        "includes_career_orientation",
        "includes_counselling",
        "childcare_needed",
    )

    def __init__(self, *args, may_assign: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if may_assign:
            cast(forms.ModelChoiceField, self.fields["counsellor"]).queryset = counsellor_choices()
        else:
            del self.fields["counsellor"], self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        if data.get("counsellor") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Give a reason when you choose the counsellor yourself."))
        return data

    def components(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.COMPONENTS}


class ContractProgressForm(DateInputsMixin, forms.Form):
    civic_orientation_passed_on = date_field(_("civic orientation passed on"), required=False)
    dutch_level_reached = forms.ChoiceField(
        label=_("NT2 level reached"), required=False, choices=[("", _("not yet")), *NT2Level.choices]
    )
    dutch_level_reached_on = date_field(_("NT2 level reached on"), required=False)
    career_orientation_done_on = date_field(_("career orientation done on"), required=False)
    childcare_needed = forms.BooleanField(label=_("Needs childcare during courses"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("dutch_level_reached") and not data.get("dutch_level_reached_on"):
            self.add_error("dutch_level_reached_on", _("Give the date the level was reached."))
        if data.get("dutch_level_reached_on") and not data.get("dutch_level_reached"):
            self.add_error("dutch_level_reached", _("Choose the level that was reached."))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.CONTRACT_PROGRESS_FIELDS}


class PauseForm(DateInputsMixin, forms.ModelForm):
    class Meta:
        model = ContractPause
        fields = ["kind", "reason", "starts_on", "expires_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._dates_belgian()
        self.fields["starts_on"].initial = _today

    def _post_clean(self):
        pass


class ReferralForm(DateInputsMixin, forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["service", "referred_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._dates_belgian()
        self.fields["referred_on"].initial = _today

    def _post_clean(self):
        pass


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[choice for choice in ReferralOutcome.choices if choice[0] != ReferralOutcome.PENDING],
    )
    outcome_on = date_field(_("outcome recorded on"), initial=_today)


class ExemptionTestRegisterForm(forms.Form):
    registered_on = date_field(_("registered for the test on"), initial=_today)


class ExemptionTestResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("result"),
        choices=[choice for choice in ExemptionTestResult.choices if choice[0] != ExemptionTestResult.PENDING],
    )
    taken_on = date_field(_("taken on"), required=False)


class CertificateForm(forms.Form):
    issued_on = date_field(_("issued on"), initial=_today)


class ContractEndForm(forms.Form):
    ended_on = date_field(_("ended on"), initial=_today)
    reason = forms.ChoiceField(label=_("why it ends"), choices=[("", "—"), *ContractEndReason.choices])
    note = forms.CharField(
        label=_("note"), max_length=250, required=False, help_text=_("Required when the reason is “other reason”.")
    )


class ReassignForm(forms.Form):
    counsellor = CounsellorChoiceField(label=_("new counsellor"), queryset=None)
    reason = forms.CharField(label=_("reason"), max_length=250)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = counsellor_choices()
        if current is not None:
            choices = choices.exclude(pk=current.pk)
        self.fields["counsellor"].queryset = choices

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason when you choose the counsellor yourself."))
        return reason


class CaseloadFilterForm(forms.Form):
    """Filters of the caseload; they travel in the URL (no personal data)."""

    state = forms.ChoiceField(label=_("state"), required=False, choices=[*ContractState.choices, ("all", _("all"))])
    outstanding = forms.ChoiceField(
        label=_("component not done"), required=False, choices=[("", _("any")), *OUTSTANDING_CHOICES]
    )
    pause_expiring = forms.BooleanField(label=_("Pause ends within 30 days"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DossierFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("any")), *DossierKind.choices])
    state = forms.ChoiceField(label=_("state"), required=False, choices=[("", _("any")), *DossierState.choices])
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def _documents(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DossierCreateForm(DateInputsMixin, forms.ModelForm):
    missing_documents_text = forms.CharField(
        label=_("documents still missing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One document a line."),
    )

    class Meta:
        model = DiplomaDossier
        fields = ["kind", "opened_on", "diploma"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._dates_belgian()
        self.fields["opened_on"].initial = _today

    def _post_clean(self):
        pass

    def missing_documents(self) -> list[str]:
        return _documents(self.cleaned_data.get("missing_documents_text"))


class DossierStartForm(forms.Form):
    """Open a dossier by file number (staff without the civic-integration panel, such as
    programme staff, start here). A file number is not personal data."""

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


class DossierUpdateForm(forms.Form):
    state = forms.ChoiceField(label=_("state"), choices=DossierState.choices)
    missing_documents_text = forms.CharField(
        label=_("documents still missing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One document a line."),
    )

    def missing_documents(self) -> list[str]:
        return _documents(self.cleaned_data.get("missing_documents_text"))
