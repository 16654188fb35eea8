"""The portal, dispatch and interpreter pages: who reaches them, every form's success and
refusal (400 with the form), the booking journey through dispatch, the "why" in words,
and lists that run a fixed number of queries whatever their rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in_client
from haven.interpreting import explanation, planning
from haven.interpreting.models import (
    Agreement,
    Assignment,
    AssignmentStatus,
    DispatchRun,
    InterpretingRequest,
    RequestKind,
    RequestStatus,
)
from haven.interpreting.services import requests as requests_service
from haven.interpreting.tests.factories import InterpreterFactory, InterpretingRequestFactory
from haven.interpreting.tests.requests_data import at, bookable_day, make_request
from haven.interpreting.workdays import BRUSSELS, free_cancellation_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    """The pages in English: the tests read the English source texts."""
    settings.LANGUAGE_CODE = "en"
    settings.HAVEN_DISPATCH_SECONDS = 5


def _form(starts_at, site, **extra) -> dict:
    data = {
        "kind": RequestKind.ON_SITE,
        "language": "ara",
        "dialect": "",
        "starts_at": starts_at,
        "duration_minutes": "90",
        "site": site.pk if site else "",
        "video_link": "",
        "subject_sector": "health",
        "required_sex": "",
        "preferred_sex": "",
        "preferred_interpreter": "",
        "notes": "",
    }
    data.update(extra)
    return data


def _week(day):
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


# Routing by role -----------------------------------------------------------------------------


def test_home_sends_each_role_to_its_pages(partner_a, dispatcher_user, samira, outsider, partner_user):
    home = reverse("interpreting:home")
    assert logged_in_client(dispatcher_user).get(home).url == reverse("interpreting:dispatch")
    assert logged_in_client(partner_a).get(home).url == reverse("interpreting:portal")
    assert logged_in_client(samira.user).get(home).url == reverse("interpreting:jobs")
    assert logged_in_client(outsider).get(home).status_code == 403
    assert logged_in_client(partner_user).get(home).status_code == 403  # a partner role without an organisation


def test_partners_and_interpreters_never_reach_the_dispatcher_pages(partner_a, samira):
    run = DispatchRun.objects.create(
        period_start=timezone.localdate(), period_end=timezone.localdate(), method="greedy", created_by=partner_a
    )
    for user in (partner_a, samira.user):
        client = logged_in_client(user)
        for name, args in (("dispatch", []), ("requests", []), ("unmet", []), ("run", [run.pk])):
            assert client.get(reverse(f"interpreting:{name}", args=args)).status_code == 403
        assert client.post(reverse("interpreting:dispatch"), {"monday": "", "method": "greedy"}).status_code == 403
        assert client.post(reverse("interpreting:run_confirm", args=[run.pk])).status_code == 403


def test_the_dispatcher_and_interpreter_have_no_portal(dispatcher_user, samira):
    for user in (dispatcher_user, samira.user):
        assert logged_in_client(user).get(reverse("interpreting:portal")).status_code == 403
        assert logged_in_client(user).get(reverse("interpreting:request_new")).status_code == 403


# The portal ----------------------------------------------------------------------------------


def test_a_partner_books_an_interpreter_in_brussels_time(partner_a, organisation_a):
    day = bookable_day()
    client = logged_in_client(partner_a)
    assert client.get(reverse("interpreting:request_new")).status_code == 200
    response = client.post(
        reverse("interpreting:request_new"),
        _form(f"{day:%d/%m/%Y} 14:30", organisation_a.sites.first(), dialect="Levantine"),
    )
    job = InterpretingRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("interpreting:request", args=[job.pk])
    assert job.starts_at.astimezone(BRUSSELS) == at(day, 14, 30)
    assert (job.organisation, job.requested_by, job.status, job.dialect) == (
        organisation_a,
        partner_a,
        RequestStatus.OPEN,
        "Levantine",
    )
    page = client.get(response.url)
    assert page.status_code == 200
    assert "No interpreter is booked yet" in page.content.decode()


def test_a_request_less_than_two_working_days_ahead_needs_urgency(partner_a, organisation_a):
    client = logged_in_client(partner_a)
    tomorrow = (timezone.now() + timedelta(days=1)).astimezone(BRUSSELS)
    response = client.post(
        reverse("interpreting:request_new"), _form(f"{tomorrow:%d/%m/%Y} 23:30", organisation_a.sites.first())
    )
    assert response.status_code == 400
    assert "Book at least two working days ahead" in response.content.decode()
    assert not InterpretingRequest.objects.exists()
    response = client.post(
        reverse("interpreting:request_new"),
        _form(f"{tomorrow:%d/%m/%Y} 23:30", organisation_a.sites.first(), urgent="on"),
    )
    assert response.status_code == 302
    assert InterpretingRequest.objects.get().urgent


def test_without_an_agreement_in_force_the_form_says_so(partner_a, organisation_a):
    Agreement.objects.filter(organisation=organisation_a).update(ends_on=timezone.localdate())
    response = logged_in_client(partner_a).post(
        reverse("interpreting:request_new"), _form(f"{bookable_day():%d/%m/%Y} 10:00", organisation_a.sites.first())
    )
    assert response.status_code == 400
    assert "no cooperation agreement in force" in response.content.decode()
    assert not InterpretingRequest.objects.exists()


def test_the_place_is_one_of_the_organisations_addresses(partner_a, organisation_a, organisation_b):
    client = logged_in_client(partner_a)
    when = f"{bookable_day():%d/%m/%Y} 10:00"
    missing = client.post(reverse("interpreting:request_new"), _form(when, None))
    assert missing.status_code == 400 and "Choose the place of the conversation." in missing.content.decode()
    other = client.post(reverse("interpreting:request_new"), _form(when, organisation_b.sites.first()))
    assert other.status_code == 400
    assert organisation_b.sites.first().name not in client.get(reverse("interpreting:request_new")).content.decode()
    video = client.post(
        reverse("interpreting:request_new"),
        _form(when, None, kind=RequestKind.VIDEO, video_link="https://meet.example.org/x"),
    )
    assert video.status_code == 302
    assert InterpretingRequest.objects.get().kind == RequestKind.VIDEO


def test_a_malformed_date_is_refused_on_the_form(partner_a, organisation_a):
    response = logged_in_client(partner_a).post(
        reverse("interpreting:request_new"), _form("2026-31-12 10:00", organisation_a.sites.first())
    )
    assert response.status_code == 400
    assert "has-error" in response.content.decode()


def test_my_requests_lists_only_my_organisation_and_filters(partner_a, partner_b, organisation_a, organisation_b):
    day = bookable_day()
    mine = make_request(organisation_a, partner_a, at(day, 9))
    cancelled = make_request(organisation_a, partner_a, at(day, 11))
    requests_service.request_cancel(request=cancelled, by=partner_a)
    theirs = make_request(organisation_b, partner_b, at(day, 10))
    client = logged_in_client(partner_a)
    url = reverse("interpreting:portal")

    listed = client.get(url).context["page"].object_list
    assert {job.pk for job in listed} == {mine.pk, cancelled.pk}
    assert theirs.pk not in {job.pk for job in listed}
    assert [job.pk for job in client.get(url, {"status": "open"}).context["page"].object_list] == [mine.pk]
    assert len(client.get(url, {"month": f"{day:%m/%Y}"}).context["page"].object_list) == 2
    next_month = day.replace(day=1) + timedelta(days=32)
    assert not client.get(url, {"month": f"{next_month:%m/%Y}"}).context["page"].object_list


def test_the_portal_is_paginated(partner_a, organisation_a):
    day = bookable_day()
    for index in range(27):
        make_request(organisation_a, partner_a, at(day, 7, 0) + timedelta(minutes=20 * index), duration_minutes=15)
    client = logged_in_client(partner_a)
    first = client.get(reverse("interpreting:portal"), {"status": "open"})
    assert len(first.context["page"].object_list) == 25
    assert "status=open" in first.context["next_query"]
    assert (
        len(client.get(reverse("interpreting:portal") + "?" + first.context["next_query"]).context["page"].object_list)
        == 2
    )


def test_the_detail_shows_the_booked_interpreter_and_the_free_cancellation_deadline(
    partner_a, organisation_a, samira, dispatcher_user
):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    client = logged_in_client(partner_a)
    page = client.get(reverse("interpreting:request", args=[job.pk])).content.decode()
    deadline = free_cancellation_deadline(job.starts_at).astimezone(BRUSSELS)
    assert f"Cancelling is free until {deadline:%A} {deadline.day} {deadline:%B %Y} at 10:00." in page
    assert "Haddad" not in page
    requests_service.booking_create(request=job, interpreter=samira, by=dispatcher_user)
    page = client.get(reverse("interpreting:request", args=[job.pk])).content.decode()
    assert "Samira Haddad" in page and "+32 470 12 34 56" in page


def test_the_partner_sees_no_proposed_interpreter_before_confirmation(
    partner_a, organisation_a, samira, dispatcher_user
):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    monday, sunday = _week(bookable_day())
    planning.dispatch_run(period_start=monday, period_end=sunday, by=dispatcher_user, method="greedy")
    assert Assignment.objects.get(request=job).status == AssignmentStatus.PROPOSED
    assert (
        "Haddad" not in logged_in_client(partner_a).get(reverse("interpreting:request", args=[job.pk])).content.decode()
    )
    assert (
        "Proposed: Samira Haddad"
        in logged_in_client(dispatcher_user).get(reverse("interpreting:request", args=[job.pk])).content.decode()
    )


def test_cancelling_before_the_deadline_is_free(partner_a, organisation_a, samira, dispatcher_user):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    requests_service.booking_create(request=job, interpreter=samira, by=dispatcher_user)
    response = logged_in_client(partner_a).post(
        reverse("interpreting:request_cancel", args=[job.pk]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == RequestStatus.CANCELLED and not job.cancellation_billable
    messages = [str(m) for m in logged_in_client(partner_a).get(response.url).context["messages"]]
    assert messages == [] or "free of charge" in messages[0]


def _soon_on_one_day():
    """A start within hours that keeps a one-hour job on one day, whatever the clock says
    (past 22:00 it is tomorrow 09:00): its free cancellation ended at 10:00 on the working
    day before, so cancelling it now is always billed."""
    now = timezone.localtime(timezone.now(), BRUSSELS)
    start = now + timedelta(hours=1)
    if start.date() != now.date() or start.hour >= 22:
        start = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return start


def test_cancelling_a_booked_job_after_the_deadline_warns_and_is_billed(partner_a, organisation_a, dispatcher_user):
    # An interpreter free at any hour (Samira works 07:00-21:00), so the test holds at any time of day.
    anytime = InterpreterFactory(username="nadia", given_names="Nadia", family_name="Amrani")
    job = make_request(organisation_a, partner_a, _soon_on_one_day(), urgent=True)
    requests_service.booking_create(request=job, interpreter=anytime, by=dispatcher_user)
    client = logged_in_client(partner_a)
    page = client.get(reverse("interpreting:request", args=[job.pk])).content.decode()
    assert "cancelling now will be billed" in page
    assert "Cancel the request (billed)" in page
    response = client.post(reverse("interpreting:request_cancel", args=[job.pk]), {"confirm": "yes"}, follow=True)
    job.refresh_from_db()
    assert job.status == RequestStatus.CANCELLED and job.cancellation_billable
    assert "it will be billed" in response.content.decode()


def test_a_request_cancelled_twice_gives_a_message(partner_a, organisation_a):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    client = logged_in_client(partner_a)
    client.post(reverse("interpreting:request_cancel", args=[job.pk]), {"confirm": "yes"})
    response = client.post(reverse("interpreting:request_cancel", args=[job.pk]), {"confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert "can no longer be cancelled" in response.content.decode()


def test_an_interpreter_cannot_cancel(partner_a, organisation_a, samira, dispatcher_user):
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    requests_service.booking_create(request=job, interpreter=samira, by=dispatcher_user)
    assert (
        logged_in_client(samira.user)
        .post(reverse("interpreting:request_cancel", args=[job.pk]), {"confirm": "yes"})
        .status_code
        == 403
    )
    job.refresh_from_db()
    assert job.status == RequestStatus.CONFIRMED


# Dispatch ------------------------------------------------------------------------------------


def test_dispatch_runs_proposes_explains_and_confirms(partner_a, organisation_a, samira, dispatcher_user):
    day = bookable_day()
    job = make_request(organisation_a, partner_a, at(day, 10))
    nobody = make_request(organisation_a, partner_a, at(day, 12), code="tir")
    monday, _sunday = _week(day)
    client = logged_in_client(dispatcher_user)
    overview = client.get(reverse("interpreting:dispatch"))
    assert overview.status_code == 200

    response = client.post(reverse("interpreting:dispatch"), {"monday": f"{monday:%d/%m/%Y}", "method": "greedy"})
    run = DispatchRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("interpreting:run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Samira Haddad" in page
    assert "First come, first served" in page or "The only interpreter" in page
    assert "No interpreter works in this language." in page  # Tigrinya: nobody

    response = client.post(reverse("interpreting:run_confirm", args=[run.pk]), follow=True)
    assert "1 assignments confirmed." in response.content.decode()
    job.refresh_from_db()
    nobody.refresh_from_db()
    assert job.status == RequestStatus.CONFIRMED
    assert (nobody.status, nobody.unmet_reason) == (RequestStatus.UNFILLED, "no_language")
    assert (
        "Samira Haddad"
        in logged_in_client(partner_a).get(reverse("interpreting:request", args=[job.pk])).content.decode()
    )


def test_dispatch_needs_a_monday(dispatcher_user):
    response = logged_in_client(dispatcher_user).post(
        reverse("interpreting:dispatch"),
        {"monday": f"{bookable_day() + timedelta(days=1):%d/%m/%Y}", "method": "cp-sat"},
    )
    if response.status_code != 400:  # the day after a working day may be a Monday
        response = logged_in_client(dispatcher_user).post(
            reverse("interpreting:dispatch"),
            {"monday": f"{bookable_day() + timedelta(days=2):%d/%m/%Y}", "method": "cp-sat"},
        )
    assert response.status_code == 400
    assert "Choose a Monday." in response.content.decode()
    bad_method = logged_in_client(dispatcher_user).post(reverse("interpreting:dispatch"), {"monday": "", "method": "x"})
    assert bad_method.status_code == 400
    assert not DispatchRun.objects.exists()


def test_the_overview_counts_the_weeks(partner_a, organisation_a, dispatcher_user):
    day = bookable_day()
    make_request(organisation_a, partner_a, at(day, 10))
    make_request(organisation_a, partner_a, at(day, 12))
    weeks = logged_in_client(dispatcher_user).get(reverse("interpreting:dispatch")).context["weeks"]
    monday, _sunday = _week(day)
    row = next(week for week in weeks if week["monday"] == monday)
    assert row["open"] == 2 and row["confirmed"] == 0


def test_the_dispatcher_changes_a_proposed_interpreter(partner_a, organisation_a, samira, dispatcher_user):
    other = InterpreterFactory(
        username="yusuf", given_names="Samira", family_name="Yilmaz", phone="+32 470 12 34 56", available=True
    )
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    monday, sunday = _week(bookable_day())
    run = planning.dispatch_run(period_start=monday, period_end=sunday, by=dispatcher_user, method="greedy")
    assignment = Assignment.objects.get(request=job, status=AssignmentStatus.PROPOSED)
    replacement = other if assignment.interpreter_id == samira.pk else samira
    response = logged_in_client(dispatcher_user).post(
        reverse("interpreting:assignment_change", args=[assignment.pk]), {"interpreter": replacement.pk}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("interpreting:run", args=[run.pk]))
    assignment.refresh_from_db()
    assert assignment.interpreter == replacement
    assert assignment.why["code"] == "dispatcher_choice"
    assert "Chosen by the dispatcher (Dora Dispatch)." in response.content.decode()


def test_a_manual_booking_conflict_is_a_message_not_a_500(partner_a, organisation_a, samira, dispatcher_user):
    first = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    second = make_request(organisation_a, partner_a, at(bookable_day(), 10, 30))
    client = logged_in_client(dispatcher_user)
    assert (
        client.post(reverse("interpreting:request_book", args=[first.pk]), {"interpreter": samira.pk}).status_code
        == 302
    )
    response = client.post(
        reverse("interpreting:request_book", args=[second.pk]), {"interpreter": samira.pk}, follow=True
    )
    assert response.status_code == 200
    assert "This interpreter is already booked at that time." in response.content.decode()
    second.refresh_from_db()
    assert second.status == RequestStatus.OPEN


def test_a_manual_booking_offers_only_interpreters_of_the_language(partner_a, organisation_a, samira, dispatcher_user):
    turkish = InterpreterFactory(
        username="tarik",
        given_names="Samira",
        family_name="Tan",
        languages=["tur"],
        phone="+32 470 12 34 56",
        available=True,
    )
    job = make_request(organisation_a, partner_a, at(bookable_day(), 10))
    client = logged_in_client(dispatcher_user)
    page = client.get(reverse("interpreting:request", args=[job.pk])).content.decode()
    assert "Samira Haddad" in page and "Samira Tan" not in page
    response = client.post(reverse("interpreting:request_book", args=[job.pk]), {"interpreter": turkish.pk})
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_the_requests_list_filters(partner_a, partner_b, organisation_a, organisation_b, dispatcher_user):
    day = bookable_day()
    a = make_request(organisation_a, partner_a, at(day, 10))
    b = make_request(organisation_b, partner_b, at(day, 11), code="tur")
    client = logged_in_client(dispatcher_user)
    url = reverse("interpreting:requests")
    assert {job.pk for job in client.get(url).context["page"].object_list} == {a.pk, b.pk}
    # The organisation by part of its name (any case) or by its enterprise number, dots allowed.
    assert [job.pk for job in client.get(url, {"organisation": "gent"}).context["page"].object_list] == [b.pk]
    number = organisation_b.enterprise_number
    dotted = f"{number[:4]}.{number[4:7]}.{number[7:]}"
    assert [job.pk for job in client.get(url, {"organisation": dotted}).context["page"].object_list] == [b.pk]
    assert not client.get(url, {"organisation": "nobody"}).context["page"].object_list
    assert [job.pk for job in client.get(url, {"language": "ara"}).context["page"].object_list] == [a.pk]
    assert len(client.get(url, {"week": f"{day:%d/%m/%Y}"}).context["page"].object_list) == 2
    assert not client.get(url, {"week": f"{day + timedelta(days=7):%d/%m/%Y}"}).context["page"].object_list


def test_the_dispatcher_sees_who_could_do_an_unfilled_request_by_video(
    partner_a, organisation_a, samira, dispatcher_user
):
    other = InterpreterFactory(
        username="yusuf", given_names="Samira", family_name="Yilmaz", phone="+32 470 12 34 56", available=True
    )
    day = bookable_day()
    job = make_request(organisation_a, partner_a, at(day, 10), code="tir")
    monday, sunday = _week(day)
    run = planning.dispatch_run(period_start=monday, period_end=sunday, by=dispatcher_user, method="greedy")
    InterpretingRequest.objects.filter(pk=job.pk).update(  # as dispatch leaves a "suggest_video" request
        status=RequestStatus.UNFILLED,
        unmet_reason="suggest_video",
        video_suggested=True,
        video_interpreter_ids=[other.pk, samira.pk, 999999],
    )
    note = "Samira Haddad, Samira Yilmaz could do it by video; ask the partner to switch to a video conversation."
    client = logged_in_client(dispatcher_user)
    assert note in client.get(reverse("interpreting:run", args=[run.pk])).content.decode()
    assert note in client.get(reverse("interpreting:request", args=[job.pk])).content.decode()
    partner_page = logged_in_client(partner_a).get(reverse("interpreting:request", args=[job.pk])).content.decode()
    assert "could do it by video" not in partner_page and "Yilmaz" not in partner_page
    assert "The dispatcher may propose a video call instead." in partner_page


def test_unmet_demand_counts_per_language(partner_a, organisation_a, samira, dispatcher_user):
    day = bookable_day()
    for hour in (9, 11, 13):
        make_request(organisation_a, partner_a, at(day, hour), code="tir")
    make_request(organisation_a, partner_a, at(day, 15))
    monday, sunday = _week(day)
    planning.dispatch_run(period_start=monday, period_end=sunday, by=dispatcher_user, method="greedy")
    response = logged_in_client(dispatcher_user).get(
        reverse("interpreting:unmet"), {"start": f"{monday:%d/%m/%Y}", "end": f"{sunday:%d/%m/%Y}"}
    )
    rows = response.context["rows"]
    assert [(row["language"], row["total"], row["still_unfilled"], row["hours"]) for row in rows] == [
        ("Tigrinya", 3, 3, 3.0)
    ]
    assert "nobody speaks it" in response.content.decode()
    bad = logged_in_client(dispatcher_user).get(
        reverse("interpreting:unmet"), {"start": "02/01/2026", "end": "01/01/2026"}
    )
    assert bad.status_code == 400


# The interpreter -----------------------------------------------------------------------------


def test_my_jobs_lists_own_confirmed_and_proposed_upcoming_first(partner_a, organisation_a, samira, dispatcher_user):
    other = InterpreterFactory(
        username="yusuf", given_names="Samira", family_name="Yilmaz", phone="+32 470 12 34 56", available=True
    )
    day = bookable_day()
    mine = make_request(organisation_a, partner_a, at(day, 10))
    theirs = make_request(organisation_a, partner_a, at(day, 10, 30))
    requests_service.booking_create(request=mine, interpreter=samira, by=dispatcher_user)
    requests_service.booking_create(request=theirs, interpreter=other, by=dispatcher_user)
    old = InterpretingRequestFactory(
        organisation=organisation_a, requested_by=partner_a, starts_at=timezone.now() - timedelta(days=3)
    )
    Assignment.objects.create(
        request=old, interpreter=samira, starts_at=old.starts_at, ends_at=old.ends_at, status=AssignmentStatus.CONFIRMED
    )
    response = logged_in_client(samira.user).get(reverse("interpreting:jobs"))
    assert [a.request_id for a in response.context["page"].object_list] == [mine.pk]
    assert [a.request_id for a in response.context["past_page"].object_list] == [old.pk]


# The sub-navigation --------------------------------------------------------------------------


def _subnav_links(response) -> list[str]:
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('<ul class="subnav">') == 1, "one sub-navigation row"
    nav = content.split('<ul class="subnav">', 1)[1].split("</ul>", 1)[0]
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_the_subnav_links_every_page_of_the_line_per_role(partner_a, samira, dispatcher_user):
    partner_pages = ["portal", "request_new", "sheets", "invoices", "translations", "library"]
    dispatcher_pages = ["dispatch", "requests", "unmet", "sheets", "invoices", "translations", "library"]
    interpreter_pages = ["jobs", "sheets", "translations", "library", "calendar_settings"]
    for user, names in (
        (partner_a, partner_pages),
        (dispatcher_user, dispatcher_pages),
        (samira.user, interpreter_pages),
    ):
        client = logged_in_client(user)
        expected = [reverse(f"interpreting:{name}") for name in names]
        for url in expected:  # every page of the role shows the same row, its own link current
            response = client.get(url)
            assert _subnav_links(response) == expected, (user, url)
            assert f'href="{url}" aria-current="page"' in response.content.decode(), (user, url)


# Query counts --------------------------------------------------------------------------------


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_lists_run_a_fixed_number_of_queries(
    partner_a, organisation_a, samira, dispatcher_user, django_assert_num_queries
):
    day = bookable_day()
    monday, sunday = _week(day)
    partner_client, dispatcher_client = logged_in_client(partner_a), logged_in_client(dispatcher_user)
    samira_client = logged_in_client(samira.user)

    def add(count, start):
        for index in range(count):
            job = make_request(
                organisation_a, partner_a, at(day, 7) + timedelta(minutes=40 * (start + index)), duration_minutes=30
            )
            requests_service.booking_create(request=job, interpreter=samira, by=dispatcher_user)
            make_request(
                organisation_a,
                partner_a,
                at(day, 7) + timedelta(minutes=40 * (start + index) + 5),
                duration_minutes=15,
                code="tir",
            )  # unfilled after dispatch

    add(2, 0)
    run = planning.dispatch_run(period_start=monday, period_end=sunday, by=dispatcher_user, method="greedy")
    yusuf = InterpreterFactory(
        username="yusuf",
        given_names="Samira",
        family_name="Yilmaz",
        languages=["fas"],
        phone="+32 470 12 34 56",
        available=True,
    )
    # The unfilled ones could be done by video (one query for the names of the whole page).
    InterpretingRequest.objects.filter(status=RequestStatus.UNFILLED).update(video_interpreter_ids=[samira.pk])
    unfilled = InterpretingRequest.objects.filter(status=RequestStatus.UNFILLED).first()
    detail_small = _count(dispatcher_client, reverse("interpreting:request", args=[unfilled.pk]))
    pages = [
        (partner_client, reverse("interpreting:portal"), None),
        (dispatcher_client, reverse("interpreting:requests"), {"week": f"{day:%d/%m/%Y}"}),
        (samira_client, reverse("interpreting:jobs"), None),
        (
            dispatcher_client,
            reverse("interpreting:unmet"),
            {"start": f"{monday:%d/%m/%Y}", "end": f"{sunday:%d/%m/%Y}"},
        ),
        (dispatcher_client, reverse("interpreting:dispatch"), None),
    ]
    small = [_count(client, url, params) for client, url, params in pages]
    # The run page with two proposals (the unfilled Tigrinya ones are its other list).
    Assignment.objects.filter(status=AssignmentStatus.CONFIRMED).update(run=run, status=AssignmentStatus.PROPOSED)
    run_small = _count(dispatcher_client, reverse("interpreting:run", args=[run.pk]))
    Assignment.objects.filter(run=run).update(status=AssignmentStatus.CONFIRMED)

    add(8, 2)
    planning.dispatch_run(period_start=monday, period_end=sunday, by=dispatcher_user, method="greedy")
    assert InterpretingRequest.objects.filter(status=RequestStatus.UNFILLED).count() == 10
    InterpretingRequest.objects.filter(status=RequestStatus.UNFILLED).update(
        video_interpreter_ids=[samira.pk, yusuf.pk]
    )
    with django_assert_num_queries(detail_small):
        page = dispatcher_client.get(reverse("interpreting:request", args=[unfilled.pk])).content.decode()
    assert "Samira Haddad" in page and "Samira Yilmaz" in page
    for (client, url, params), expected in zip(pages, small, strict=False):
        with django_assert_num_queries(expected):
            client.get(url, params or {})
    Assignment.objects.filter(status=AssignmentStatus.CONFIRMED).update(run=run, status=AssignmentStatus.PROPOSED)
    assert Assignment.objects.filter(run=run).count() == 10
    with django_assert_num_queries(run_small):
        page = dispatcher_client.get(reverse("interpreting:run", args=[run.pk])).content.decode()
    assert page.count("could do it by video") == 10


# The why in words ------------------------------------------------------------------------------


def test_every_why_code_and_unmet_reason_has_a_sentence():
    facts = {
        "language": "ara",
        "dialect": None,
        "modality": "on_site",
        "certified": True,
        "sworn": False,
        "travel_minutes": 12,
        "travel_from": "home",
        "week_minutes": 150,
        "candidates": 3,
        "preferences_met": ["certified", "preferred_sex"],
    }
    for code in ("only_candidate", "preferred_interpreter", "fewest_hours", "best_plan"):
        sentences = explanation.why_sentences({"code": code, "facts": facts})
        assert sentences[0] == str(explanation.WHY_TEXTS[code])
        assert "12 minutes of travel from home." in sentences
        assert "2:30 hours of work this week with this job." in sentences
        assert "Preferences met: certified, the preferred sex." in sentences
    assert explanation.why_sentences({"code": "dispatcher_choice", "facts": {}}) == ["Chosen by the dispatcher."]
    video = explanation.why_sentences(
        {"code": "best_plan", "facts": {**facts, "modality": "video", "travel_from": None, "candidates": 1}}
    )
    assert "By video: no travel." in video and "1 interpreter could take this job." in video
    for reason in (
        "no_language",
        "no_dialect",
        "no_qualified",
        "not_available",
        "all_at_cap",
        "all_busy",
        "suggest_video",
    ):
        assert explanation.unmet_sentence(reason) == str(explanation.UNMET_TEXTS[reason])
    assert explanation.why_sentences({}) == []


def test_the_pages_speak_dutch_by_default(settings, partner_a):
    settings.LANGUAGE_CODE = "nl"
    response = logged_in_client(partner_a).get(reverse("interpreting:portal"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()


def test_the_requests_list_pages_without_counting(partner_a, organisation_a, dispatcher_user, settings):
    settings.HAVEN_PAGE_SIZE = 2
    day = bookable_day()
    jobs = [make_request(organisation_a, partner_a, at(day, hour)) for hour in (9, 10, 11, 12, 13)]
    client = logged_in_client(dispatcher_user)
    url = reverse("interpreting:requests")
    first = client.get(url, {"status": "open"})
    assert [job.pk for job in first.context["page"].object_list] == [jobs[0].pk, jobs[1].pk]
    assert "more than 2 requests" in first.content.decode()
    assert first.context["next_query"] == "status=open&page=2"
    last = client.get(url, {"status": "open", "page": 3})
    assert [job.pk for job in last.context["page"].object_list] == [jobs[4].pk]
    assert "5 requests" in last.content.decode() and "page 3" in last.content.decode()
    assert last.context["previous_query"] == "status=open&page=2" and not last.context["next_query"]


def test_the_requests_list_runs_a_fixed_number_of_queries(
    partner_a, organisation_a, organisation_b, partner_b, samira, dispatcher_user, django_assert_num_queries
):
    day = bookable_day()
    client = logged_in_client(dispatcher_user)
    url = reverse("interpreting:requests")

    def requests_with_interpreters(organisation, partner, hours):
        for hour in hours:
            job = make_request(organisation, partner, at(day, hour))
            requests_service.booking_create(request=job, interpreter=samira, by=dispatcher_user)

    requests_with_interpreters(organisation_a, partner_a, (9, 11))  # time to travel between sites
    client.get(url)
    with CaptureQueriesContext(connection) as two_rows:
        client.get(url)
    requests_with_interpreters(organisation_b, partner_b, (7, 13, 15, 17, 19))
    with django_assert_num_queries(len(two_rows)):
        page = client.get(url)
    assert len(page.context["rows"]) == 7 and all(assignment for _, assignment in page.context["rows"])
