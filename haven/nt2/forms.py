"""Forms of the NT2 pages. Model validation runs in the services; the forms give
field-level errors and the values the services take.

The choice lists of the intake page (modules, providers, the person's conversations and
routings) are built once per page from lists the view already loaded, so the page runs
a fixed number of queries however many forms it shows.
"""

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haven.core.forms import DATE_INPUT_FORMATS, date_field
from haven.core.languages import Offer
from haven.core.limits import FREE_TEXT_MAX_LENGTH
from haven.core.pickers import LanguagesField
from haven.nt2.models import (
    CEFR_LEVELS,
    Aptitude,
    CertificationPurpose,
    Conversation,
    Level,
    Pace,
    Skill,
    TestKind,
)
from haven.nt2.services import CONVERSATION_FIELDS

UNKNOWN_YES_NO = [("unknown", _("unknown")), ("true", _("yes")), ("false", _("no"))]


def _today():
    return timezone.localdate()


def _short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def module_label(module) -> str:
    """A module in a choice list: provider, level, pace, start and places left."""
    left = module.places - module.taken
    places = ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}
    return f"{module.provider} · {module.level} · {module.get_pace_display()} · {_short(module.starts_on)} ({places})"


class PickedChoiceField(forms.TypedChoiceField):
    """A choice of one of the objects the view passed (by id): no query to validate."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


class _Picks:
    """Turns the chosen id of a PickedChoiceField into the object."""

    picks: dict[str, dict] = {}
    cleaned_data: dict[str, Any]  # a form's, which this mixes into

    def picked(self, name: str):
        value = self.cleaned_data.get(name)
        return None if value is None else self.picks[name].get(value)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("Name, national number or date of birth")}
        ),
    )


def _yes_no_unknown(value: str):
    return {"true": True, "false": False}.get(value)


class ConversationForm(forms.ModelForm):
    """An intake conversation; the literacy questions are yes / no / unknown."""

    literate = forms.TypedChoiceField(
        label=_("reads and writes in some script"),
        choices=UNKNOWN_YES_NO,
        coerce=_yes_no_unknown,
        empty_value=None,
        initial="unknown",
        required=False,
    )
    latin_script = forms.TypedChoiceField(
        label=_("reads and writes in the Latin script"),
        choices=UNKNOWN_YES_NO,
        coerce=_yes_no_unknown,
        empty_value=None,
        initial="unknown",
        required=False,
    )
    languages = LanguagesField(Offer.SPOKEN, required=False, label=_("languages known"))

    class Meta:
        model = Conversation
        fields = list(CONVERSATION_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].validators.append(MaxLengthValidator(FREE_TEXT_MAX_LENGTH))
        self.fields["notes"].widget.attrs["maxlength"] = FREE_TEXT_MAX_LENGTH
        held_on = self.fields["held_on"]
        held_on.input_formats = DATE_INPUT_FORMATS
        held_on.widget = forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}
        )
        held_on.initial = _today
        # Order of the fields as the conversation goes: the languages after the schooling.
        order = [
            "held_on",
            "kind",
            "learning_goal",
            "years_of_schooling",
            "highest_diploma",
            "languages",
            "literate",
            "latin_script",
            "learning_pace",
            "work_follow_up",
            "outcome",
            "notes",
        ]
        self.order_fields(order)

    def _post_clean(self):
        # Model validation runs in the service (conversation_create).
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONVERSATION_FIELDS}


class TestForm(_Picks, forms.Form):
    """An aptitude test (the pace) or a level test of one skill."""

    taken_on = date_field(_("date"), initial=_today)
    kind = forms.ChoiceField(label=_("kind"), choices=TestKind.choices)
    skill = forms.ChoiceField(label=_("skill (level test)"), choices=[("", "—"), *Skill.choices], required=False)
    level = forms.ChoiceField(label=_("level found (level test)"), choices=[("", "—"), *Level.choices], required=False)
    aptitude = forms.ChoiceField(
        label=_("learning pace found (aptitude test)"), choices=[("", "—"), *Aptitude.choices], required=False
    )
    conversation = PickedChoiceField(label=_("intake conversation"), required=False)

    def __init__(self, *args, conversations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.picks = {"conversation": {conversation.pk: conversation for conversation in conversations}}
        self.fields["conversation"].choices = [("", "—")] + [
            (conversation.pk, f"{_short(conversation.held_on)} · {conversation.get_kind_display()}")
            for conversation in conversations
        ]
        if conversations:
            self.fields["conversation"].initial = conversations[0].pk

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "taken_on": data["taken_on"],
            "kind": data["kind"],
            "skill": data["skill"],
            "level": data["level"],
            "aptitude": data["aptitude"],
            "conversation": self.picked("conversation"),
        }


class RoutingDecideForm(_Picks, forms.Form):
    """Another provider or module than the proposal, with the reason. (Following a
    proposed module is a button of its own.)"""

    provider = PickedChoiceField(label=_("provider"), required=False)
    module = PickedChoiceField(
        label=_("module"), required=False, help_text=_("A module of the chosen provider, or leave empty.")
    )
    reason = forms.CharField(
        label=_("reason for another choice than the proposal"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, providers=(), modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.picks = {
            "provider": {provider.pk: provider for provider in providers},
            "module": {module.pk: module for module in modules},
        }
        self.fields["provider"].choices = [("", "—")] + [
            (provider.pk, f"{provider} ({provider.get_kind_display()})") for provider in providers
        ]
        self.fields["module"].choices = [("", "—")] + [(module.pk, module_label(module)) for module in modules]

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("provider") is None and data.get("module") is None:
            raise forms.ValidationError(_("Choose a provider or a module."))
        return data


class ModuleIdField(forms.IntegerField):
    """A module offered in a select; validated against every open module (not only those
    with places), so that a module filled meanwhile gets the service's message."""

    widget = forms.Select


class EnrolmentForm(_Picks, forms.Form):
    """An enrolment at a module. It opens on the latest decided routing and, when the staff
    chose a module there that the person is not enrolled at yet and that still has a place,
    on that module (``carried`` is then True): choosing a module in the routing advice carries
    it into the enrolment."""

    module = ModuleIdField(label=_("module"))
    requested_on = date_field(_("requested on"), initial=_today)
    routing = PickedChoiceField(label=_("routing"), required=False)

    def __init__(self, *args, modules=(), open_modules=(), routings=(), enrolled_modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.picks = {
            "module": {module.pk: module for module in open_modules},
            "routing": {routing.pk: routing for routing in routings},
        }
        self.fields["module"].widget.choices = [("", "—")] + [(module.pk, module_label(module)) for module in modules]
        self.fields["routing"].choices = [("", "—")] + [
            (routing.pk, _("proposed on %(date)s") % {"date": _short(routing.proposed_on)}) for routing in routings
        ]
        self.carried = False
        decided = [routing for routing in routings if routing.decided]
        if decided:
            latest = decided[0]
            self.fields["routing"].initial = latest.pk
            offered = {module.pk for module in modules}
            chosen = latest.chosen_module_id
            if not self.is_bound and chosen in offered and chosen not in set(enrolled_modules):
                self.fields["module"].initial = chosen
                self.carried = True

    def clean_module(self):
        value = self.cleaned_data["module"]
        if value not in self.picks["module"]:
            raise forms.ValidationError(_("Choose a module from the list."))
        return value


class EnrolmentStatusForm(forms.Form):
    status = forms.CharField()
    on = date_field(_("date"), initial=_today)


class ScholarshipForm(_Picks, forms.Form):
    fund = PickedChoiceField(label=_("fund"))
    module = PickedChoiceField(label=_("module of the university language centre"))

    def __init__(self, *args, funds=(), modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.picks = {"fund": {fund.pk: fund for fund in funds}, "module": {module.pk: module for module in modules}}
        self.fields["fund"].choices = [("", "—")] + [
            (fund.pk, f"{fund} · {fund.get_funder_display()}") for fund in funds
        ]
        self.fields["module"].choices = [("", "—")] + [(module.pk, module_label(module)) for module in modules]


class CertificationForm(forms.Form):
    taken_on = date_field(_("date"), initial=_today)
    purpose = forms.ChoiceField(label=_("purpose"), choices=CertificationPurpose.choices)
    level_tested = forms.ChoiceField(label=_("level tested"), choices=[(v, v) for v in CEFR_LEVELS])
    level_reached = forms.ChoiceField(
        label=_("level reached"), required=False, choices=[("", _("not reached"))] + [(v, v) for v in CEFR_LEVELS]
    )


class ModuleFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("level"), required=False, choices=[("", _("all levels"))] + [(v, v) for v in CEFR_LEVELS]
    )
    pace = forms.ChoiceField(label=_("pace"), required=False, choices=[("", _("all paces")), *Pace.choices])
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class FundYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("year"), required=False, min_value=2000, max_value=2100, widget=forms.NumberInput(attrs={"step": 1})
    )
