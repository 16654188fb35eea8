"""The owner's page for API tokens (/account/tokens/): list, issue (the key is shown once,
in the response to the POST that issued it) and revoke. A user only ever sees and
revokes their own tokens here; the administrator revokes any token in the admin."""

import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from haven.accounts import access, services
from haven.accounts.models import token_days
from haven.core.http import AuthenticatedHttpRequest


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the program that uses it."),
    )
    days = forms.IntegerField(label=gettext_lazy("Valid for (days)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = cast(forms.IntegerField, self.fields["days"])
        days.max_value, days.initial = token_days(), token_days()
        days.validators.append(MaxValueValidator(token_days()))
        days.widget.attrs.update({"min": 1, "max": token_days()})
        days.help_text = _("At most %(days)s days.") % {"days": token_days()}


def _page(
    request: AuthenticatedHttpRequest, form: TokenForm, new_key: str | None = None, status: int = 200
) -> HttpResponse:
    tokens = access.tokens_of(request.user).select_related("revoked_by")
    return render(request, "accounts/tokens.html", {"tokens": tokens, "form": form, "new_key": new_key}, status=status)


@never_cache
@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    expires_at = timezone.now() + datetime.timedelta(days=form.cleaned_data["days"])
    _token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"], expires_at=expires_at)
    # Rendered, not redirected: the key is in this one response and nowhere else.
    return _page(request, TokenForm(), new_key=key)


@require_POST
@login_required
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = access.token_of(request.user, token_id)
    if services.api_token_revoke(token=token, actor=request.user):
        messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("account_tokens:list")
