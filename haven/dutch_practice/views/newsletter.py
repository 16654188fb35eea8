"""The newsletter's staff pages: the subscribers (counts, search by address or name; the
address, language and dates shown, nothing more) and an issue sent to every subscriber,
each e-mail with its own unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.dutch_practice import access, selectors
from haven.dutch_practice.forms import NewsletterForm, SubscriberFilterForm
from haven.dutch_practice.models import Subscriber
from haven.dutch_practice.services import newsletter as services


@login_required
def subscriber_list(request) -> HttpResponse:
    """Queries: the counts, the page's count and rows."""
    access.practice_for_user(request.user, "dutch_practice.view_subscriber")
    today = timezone.localdate()
    form = SubscriberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.subscribers(query=filters.get("q") or "", state=filters.get("state") or "", today=today)
    return render(
        request,
        "dutch_practice/subscriber_list.html",
        {
            "form": form,
            **paginate(request, rows, form),
            "counts": selectors.subscriber_counts(today),
            "may_send": access.may(request.user, "dutch_practice.change_subscriber"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_send(request) -> HttpResponse:
    access.practice_for_user(request.user, "dutch_practice.change_subscriber")
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.newsletter_send(
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                absolute=request.build_absolute_uri,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The newsletter is sent to %(count)d subscriber.",
                    "The newsletter is sent to %(count)d subscribers.",
                    sent,
                )
                % {"count": sent},
            )
            return redirect("dutch_practice:subscribers")
    return render(request, "dutch_practice/newsletter_form.html", {"form": form})


@login_required
@require_POST
def subscriber_unsubscribe(request, subscriber_id: int) -> HttpResponse:
    """The staff end a subscription for someone who asked by phone or letter (audited)."""
    access.practice_for_user(request.user, "dutch_practice.change_subscriber")
    subscriber = get_object_or_404(Subscriber, pk=subscriber_id)
    services.subscriber_unsubscribe(subscriber=subscriber, by=request.user)
    messages.success(request, _("The subscription is ended."))
    return redirect("dutch_practice:subscribers")
