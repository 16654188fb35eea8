"""Forms of the translation pages and the library. The services validate; these forms give
field errors and the values the services take. Choice lists are built from lists the view
already loaded (no query per field)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.core import reference
from haven.interpreting.models import TranslationKind
from haven.interpreting.translations import UPLOAD_EXTENSIONS

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
ACCEPT = ",".join(f".{extension}" for extension in UPLOAD_EXTENSIONS)


def _date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}),
    )


def language_choices(codes) -> list[tuple[str, str]]:
    return reference.language_choices(codes)


class OrderForm(forms.Form):
    title = forms.CharField(
        label=_("Document"),
        max_length=200,
        help_text=_('What the document is, e.g. "school rules 2019". No client\'s name.'),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TranslationKind.choices)
    source_language = forms.ChoiceField(label=_("From"))
    target_language = forms.ChoiceField(label=_("Into"))
    pages = forms.IntegerField(label=_("Pages"), min_value=1, max_value=999)
    deadline = _date_field(_("Deadline"))

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *language_choices(languages)]
        self.fields["source_language"].choices = choices
        self.fields["target_language"].choices = choices
        self.initial.setdefault("source_language", "nld")


class AssignForm(forms.Form):
    translator = forms.TypedChoiceField(label=_("Translator"), coerce=int, empty_value=None)

    def __init__(self, *args, translators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["translator"].choices = [("", "—")] + [
            (translator.pk, str(translator)) for translator in translators
        ]


class DeliverForm(forms.Form):
    file = forms.FileField(
        label=_("Translation"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, docx, odt or txt, at most 20 MB."),
    )
    pages = forms.IntegerField(
        label=_("Pages translated"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Leave empty to keep the ordered number."),
    )
    delivered_on = _date_field(_("Delivered on"), required=False)


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, topics=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("all topics"))] + [(topic, topic) for topic in topics]
        self.fields["language"].choices = [("", _("all languages")), *language_choices(languages)]


class LibraryAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=100)
    language = forms.ChoiceField(label=_("Language"))
    original = forms.TypedChoiceField(
        label=_("Translation of"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Leave empty for a new original document."),
    )
    file = forms.FileField(
        label=pgettext_lazy("an uploaded document", "File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, docx, odt or txt, at most 20 MB."),
    )

    def __init__(self, *args, languages=(), originals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices(languages)]
        self.fields["original"].choices = [("", "—")] + [
            (document.pk, f"{document.topic} · {document.title}") for document in originals
        ]
