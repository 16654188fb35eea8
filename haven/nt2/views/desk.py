"""The NT2 intake desk: the search and the work waiting."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.nt2 import access
from haven.nt2.forms import SearchForm
from haven.nt2.models import Conversation, Enrolment, EnrolmentStatus, Routing
from haven.people import access as people_access
from haven.people import selectors as people_selectors
from haven.people.models import file_reference

SEARCH_LIMIT = 25
DESK_LIST = 10


@login_required
@require_http_methods(["GET", "POST"])
def home(request) -> HttpResponse:
    """The NT2 desk: find a person (POSTed, names never in the URL), today's figures and
    the work waiting: routings not decided and enrolments awaiting the provider's
    confirmation (by file number only; opening one is a logged read)."""
    access.nt2_for_user(request.user)
    today = timezone.localdate()
    form = SearchForm(request.POST if request.method == "POST" else None)
    results, more = None, False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        people_access.people_for_user(request.user)
        people = people_access.people_visible(people_selectors.person_list(query=form.cleaned_data["q"]), request.user)
        page = people_selectors.person_page(people, 1, SEARCH_LIMIT)  # read as the people page reads
        results, more = page.object_list, page.has_next()
        people_access.people_shown(request.user, [person.pk for person in results])
    undecided = Routing.objects.filter(decided_on__isnull=True, superseded=False)
    requested = Enrolment.objects.filter(status=EnrolmentStatus.REQUESTED)
    context = {
        "form": form,
        "results": results,
        "more": more,
        "today": today,
        "conversations_today": Conversation.objects.filter(held_on=today).count(),
        "undecided_count": undecided.count(),
        "requested_count": requested.count(),
        "undecided": [
            (routing, file_reference(routing.person_id))
            for routing in undecided.order_by("proposed_on", "id")[:DESK_LIST]
        ],
        "requested": [
            (enrolment, file_reference(enrolment.person_id))
            for enrolment in requested.select_related("module__provider").order_by("requested_on", "id")[:DESK_LIST]
        ],
    }
    if request.htmx and not request.htmx.boosted and form.is_bound:
        return render(request, "nt2/_search_results.html", context)
    return render(request, "nt2/home.html", context)
