"""The privacy officer's forms on a person's request: restrict or lift, erase early."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.forms import date_field
from haven.privacy.requests import REASON_MAX


class SubjectDecisionForm(forms.Form):
    """A decision on a request: why the law allows it, and when the request came in."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the law allows it (the article, the request). Name no one: the file is known."),
    )
    received_on = date_field(_("Request received on"))

    def clean_received_on(self) -> datetime.date:
        received_on: datetime.date = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The request cannot be received in the future."))
        return received_on


class ErasureForm(SubjectDecisionForm):
    """Early erasure: the decision and an explicit confirmation that it cannot be undone."""

    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."),
        error_messages={"required": _("Confirm that the erasure cannot be undone.")},
    )
