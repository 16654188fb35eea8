"""The searchable picker: form fields for languages and countries, and their widget.

The widget is a native ``<select>`` (``<select multiple>`` for several), grouped and sorted
on the server, so the form works without script. ``static/core/picker.js`` turns it into a
search box with a list of matches (the ARIA combobox pattern: arrows, Enter, Escape) and the
chosen values as buttons that remove them, keeping the hidden ``<select>`` as the value the
form posts. Every option carries its search terms (names in Dutch and English, codes, folded),
so "Perzisch", "Persian" and "fa" all find Farsi.

The fields take their choices when a form is built (in the interface language, one query)
and refuse a value outside the list with words that say why: "Dutch is the language
interpreted into", "Avestan is not a living language".
"""

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from haven.core import reference
from haven.core.languages import Offer, interpreting_refusal, language_groups, offered_languages
from haven.core.models import Language


class PickerMixin:
    """Adds the picker's hooks to a Select: the wrapper the script enhances and each
    option's search terms."""

    search_terms: Callable[[str], str] | None = None

    def __init__(self, *args: Any, search_terms: Callable[[str], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if search_terms is not None:
            self.search_terms = search_terms

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)  # type: ignore[misc]
        # The script's words, in the interface language (it fills in the name and count).
        context["widget"]["texts"] = {
            "placeholder": _("Type to search"),
            "remove": _("Remove %(name)s"),
            "found": _("%(count)s found"),
            "none": _("Nothing found"),
            "chosen": _("Chosen"),
        }
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in ("", None) and self.search_terms is not None:
            option["attrs"]["data-search"] = self.search_terms(str(value))
        return option


PICKER_TEMPLATE = "core/widgets/picker.html"


class Picker(PickerMixin, forms.Select):
    """One value, searchable."""

    template_name = PICKER_TEMPLATE


class PickerMultiple(PickerMixin, forms.SelectMultiple):
    """Several values, searchable; without script a list of eight lines."""

    template_name = PICKER_TEMPLATE

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Iterable = (), **kwargs: Any) -> None:
        super().__init__({"size": 8, **(attrs or {})}, choices, **kwargs)


def _refusal(offer: Offer, code: str) -> str:
    """Why a posted code is not in the offer's list, in words (never repeating unknown input)."""
    if reference.language_by_code(code) is None:
        return _("Unknown language.")
    name = reference.language_name(code)
    if offer is Offer.INTERPRETING:
        return interpreting_refusal(code) or _("Choose one of the languages offered.")
    if not reference.is_living(code):
        return _("%(language)s is not a living language: choose the language the person speaks.") % {"language": name}
    return _("The agency does not work in %(language)s: choose one of the languages offered.") % {"language": name}


def _flat_if_one(groups: list) -> list:
    """One group needs no heading: its choices as they are."""
    return list(groups[0][1]) if len(groups) == 1 else groups


def language_picker() -> Picker:
    """A picker over a plain list of (code, name) languages (a ChoiceField's)."""
    return Picker(search_terms=reference.language_search_terms)


class _OfferedLanguages:
    """What the one- and the many-language field share: the languages of an offer, grouped
    and named when the widget renders (in the interface language of that request)."""

    widget: Any
    offer: Offer

    def __init__(self, offer: Offer, **kwargs: Any) -> None:
        self.offer = offer
        kwargs.setdefault("widget", self.widget)
        super().__init__(offered_languages(offer), **kwargs)  # type: ignore[call-arg]
        self.widget.search_terms = reference.language_search_terms

    def _grouped(self) -> list:
        return _flat_if_one(language_groups(self.offer))

    @property
    def choices(self) -> CallableChoiceIterator:
        return CallableChoiceIterator(self._grouped)

    @choices.setter
    def choices(self, value: Any) -> None:
        self.widget.choices = value

    def label_from_instance(self, obj: Language) -> str:
        return obj.name


class LanguageField(_OfferedLanguages, forms.ModelChoiceField):  # type: ignore[misc]  # lazy choices, as Django does
    """One language from an offer (``core.languages``), in a picker."""

    widget = Picker

    def _grouped(self) -> list:
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        return empty + super()._grouped()

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            raise ValidationError(_refusal(self.offer, str(value)), code="invalid_choice") from None


class LanguagesField(_OfferedLanguages, forms.ModelMultipleChoiceField):  # type: ignore[misc]
    """Several languages from an offer, in a picker."""

    widget = PickerMultiple

    def _grouped(self) -> list:
        return _flat_if_one(language_groups(self.offer))

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            known = {str(code) for code in self.queryset.filter(pk__in=value).values_list("pk", flat=True)}
            refused = next(str(code) for code in value if str(code) not in known)
            raise ValidationError(_refusal(self.offer, refused), code="invalid_choice") from None


class CountryField(forms.ChoiceField):
    """One ISO 3166-1 country (its alpha-2 code), named and sorted in the interface language,
    in a picker. ``empty_label`` names the empty choice ("unknown or stateless")."""

    widget = Picker
    default_error_messages = {"invalid_choice": _lazy("Unknown country.")}

    def __init__(self, *, empty_label: Any = None, **kwargs: Any) -> None:
        self.empty_label = empty_label
        kwargs.setdefault("widget", self.widget)
        super().__init__(choices=self._choices, **kwargs)
        self.widget.search_terms = reference.country_search_terms

    def _choices(self) -> list[tuple[str, Any]]:
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        return empty + reference.country_choices()

    def valid_value(self, value: str) -> bool:
        return reference.country_by_code(value) is not None and value == value.upper()
