"""The privacy officer's form asking for a person's own copy: why (the request), when it
was received, and the language of the PDF."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from haven.core.forms import date_field
from haven.privacy.subject_copy_tasks import COPY_LANGUAGES

# Each language named in itself: whoever reads the form picks the person's language.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


class SubjectCopyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The request as received (letter, e-mail, at the desk). Name no one else."),
    )
    received_on = date_field(_("Received on"))
    language = forms.ChoiceField(
        label=_("Language of the copy"), choices=[(code, LANGUAGE_NAMES[code]) for code in COPY_LANGUAGES]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        language = (translation.get_language() or "").split("-")[0]
        kwargs.setdefault(
            "initial",
            {"received_on": timezone.localdate(), "language": language if language in COPY_LANGUAGES else "nl"},
        )
        super().__init__(*args, **kwargs)

    def clean_received_on(self) -> datetime.date:
        received_on: datetime.date = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return received_on
