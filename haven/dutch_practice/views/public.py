"""The public pages, without login: the directory of practice opportunities (searchable,
paginated, cached) and the newsletter's subscription, confirmation and unsubscribe.
They show no person and change nothing on GET.

The directory's results are rendered once per query (the valid filter values and the page),
language, day and directory version, and kept in Django's cache (``RESULTS_TIMEOUT``); any
change of an opportunity moves the version on (``services.directory``), so a cached page
never outlives the data it shows. The page shell (language switch, CSRF token) is rendered
per request and never cached. Queries of the page for an anonymous visitor: none when the
results and the districts are cached, three at most otherwise (the districts, the count,
the page) — whatever the number of opportunities.

A bad filter value (an unknown district, day 9, a price "abc") is answered with 400 and
the message on its field. The subscription form is throttled per address
(``HAVEN_NEWSLETTER_RATE``, default 10 an hour)."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.core.forms import service_error_to_form
from haven.core.models import District
from haven.core.pagination import page_number
from haven.dutch_practice import selectors
from haven.dutch_practice.forms import DirectoryFilterForm, SubscribeForm
from haven.dutch_practice.models import Subscriber
from haven.dutch_practice.services import directory as directory_services
from haven.dutch_practice.services import newsletter as services

RESULTS_TIMEOUT = 600  # seconds; a change of an opportunity drops the results at once
DISTRICTS_TIMEOUT = 300  # the districts are the administrator's (no version of ours moves for them)
PUBLIC_PAGE_SIZE = 20


def _districts(version: int) -> list[tuple[int, str]]:
    key = f"dutch_practice:districts:{version}"
    districts = cache.get(key)
    if districts is None:
        districts = list(District.objects.order_by("name").values_list("pk", "name"))
        cache.set(key, districts, DISTRICTS_TIMEOUT)
    return districts


def _results_key(version: int, filters: dict, number: int) -> str:
    query = urlencode(sorted((name, str(value)) for name, value in filters.items() if value not in (None, "", False)))
    digest = hashlib.sha256(f"{query}&page={number}".encode()).hexdigest()[:32]
    return f"dutch_practice:directory:{version}:{translation.get_language()}:{timezone.localdate()}:{digest}"


def _results(filters: dict, number: int) -> str:
    rows = selectors.public_opportunities(
        today=timezone.localdate(),
        district_id=filters.get("district"),
        weekday=filters.get("day"),
        level=filters.get("level") or "",
        free_only=bool(filters.get("free")),
        max_price=filters.get("max_price"),
    )
    page = Paginator(rows, PUBLIC_PAGE_SIZE).get_page(number)
    query = {name: value for name, value in filters.items() if value not in (None, "", False)}
    return render_to_string(
        "dutch_practice/public/_results.html",
        {
            "page": page,
            "previous_query": urlencode({**query, "page": page.previous_page_number()}) if page.has_previous() else "",
            "next_query": urlencode({**query, "page": page.next_page_number()}) if page.has_next() else "",
        },
    )


def directory(request) -> HttpResponse:
    """The public directory: search by district, day, level and price; no login."""
    version = directory_services.directory_cache_version()
    form = DirectoryFilterForm(request.GET or None, districts=_districts(version))
    if form.is_bound and not form.is_valid():
        return render(request, "dutch_practice/public/directory.html", {"form": form, "results": ""}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    number = page_number(request)
    key = _results_key(version, filters, number)
    results = cache.get(key)
    if results is None:
        results = _results(filters, number)
        cache.set(key, results, RESULTS_TIMEOUT)
    return render(request, "dutch_practice/public/directory.html", {"form": form, "results": mark_safe(results)})


# The newsletter -------------------------------------------------------------------------------


def _rate() -> tuple[int, int]:
    """The subscription form's limit per address: (requests, seconds)."""
    rate = getattr(settings, "HAVEN_NEWSLETTER_RATE", "10/h") or ""
    if not rate:
        return 0, 0
    count, _slash, period = rate.partition("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[:1] or "h"]


def subscribe_allowed(request) -> bool:
    """Whether this address may send the form again now (counted in the cache)."""
    limit, seconds = _rate()
    if not limit:
        return True
    address = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")
    key = "dutch_practice:subscribe:" + hashlib.sha256(str(address).encode()).hexdigest()
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between the two calls
        cache.set(key, 1, seconds)
        return True


@require_http_methods(["GET", "POST"])
def subscribe(request) -> HttpResponse:
    """The public subscription form. The answer is the same whether the address is new,
    waiting for its confirmation or subscribed already ("check your mailbox"): the address
    receives either the confirmation link or a note that it is subscribed, so the page tells
    a visitor nothing about someone else's address."""
    form = SubscribeForm(request.POST or None, initial={"language": translation.get_language() or "nl"})
    if request.method == "POST":
        if not subscribe_allowed(request):
            form.add_error(None, _("Too many subscriptions from your connection; try again in an hour."))
            return render(request, "dutch_practice/public/subscribe.html", {"form": form}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            already = False
            try:
                subscriber = services.subscriber_subscribe(
                    email=data["email"], name=data["name"], language=data["language"]
                )
            except ValidationError as error:
                codes = [item.code for item in getattr(error, "error_dict", {}).get("email", [])]
                if services.ALREADY_SUBSCRIBED not in codes:
                    service_error_to_form(form, error)
                    return render(request, "dutch_practice/public/subscribe.html", {"form": form}, status=400)
                already = True
                subscriber = Subscriber.objects.get(
                    email=services.email_normalised(data["email"]), unsubscribed_on__isnull=True
                )
            services.confirmation_send(subscriber=subscriber, absolute=request.build_absolute_uri, already=already)
            messages.success(
                request,
                _("Thank you. Check your mailbox: we sent an e-mail to the address you gave, with a link to confirm."),
            )
            return redirect("dutch_practice:subscribe")
        return render(request, "dutch_practice/public/subscribe.html", {"form": form}, status=400)
    return render(request, "dutch_practice/public/subscribe.html", {"form": form})


def _token_page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    response = render(request, f"dutch_practice/public/{template}", context, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return response


@require_http_methods(["GET", "POST"])
def confirm(request, newsletter_token: str) -> HttpResponse:
    """The confirmation link: the page asks to confirm with one button (GET changes
    nothing: a mail scanner opening links confirms nobody); POST confirms."""
    try:
        subscriber = services.subscriber_from_confirm_token(newsletter_token)
        if request.method == "POST":
            subscriber = services.subscriber_confirm(subscriber=subscriber)
        elif subscriber.unsubscribed_on is not None:
            raise ValidationError({"token": _("This subscription was ended; subscribe again.")})
    except ValidationError as error:
        return _token_page(request, "token_invalid.html", {"message": " ".join(error.messages)}, status=400)
    unsubscribe_url = request.build_absolute_uri(
        reverse("dutch_practice:unsubscribe", args=[services.unsubscribe_token(subscriber)])
    )
    return _token_page(
        request,
        "confirm.html",
        {"confirmed": subscriber.confirmed_on is not None, "unsubscribe_url": unsubscribe_url},
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, newsletter_token: str) -> HttpResponse:
    """The unsubscribe link (in every newsletter and on the confirmation page): one button
    on the page (GET changes nothing), POST unsubscribes. No login."""
    try:
        subscriber = services.subscriber_from_unsubscribe_token(newsletter_token)
    except ValidationError as error:
        return _token_page(request, "token_invalid.html", {"message": " ".join(error.messages)}, status=400)
    if request.method == "POST":
        subscriber = services.subscriber_unsubscribe(subscriber=subscriber)
    return _token_page(request, "unsubscribe.html", {"unsubscribed": subscriber.unsubscribed_on is not None})
