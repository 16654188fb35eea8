"""The staff's pages under /dutch-practice/ and the public ones (no login) under /oefenkansen/."""

from django.urls import path

from haven.dutch_practice.views import directory, moments, newsletter, practice_days, public

app_name = "dutch_practice"

urlpatterns = [
    path("dutch-practice/", moments.home, name="home"),
    path("dutch-practice/log/", moments.session_log, name="session_log"),
    path("dutch-practice/sessions/", moments.session_list, name="sessions"),
    path("dutch-practice/sessions/<int:practice_session_id>/", moments.session_detail, name="session"),
    path("dutch-practice/series/new/", moments.series_create, name="series_create"),
    path("dutch-practice/series/<int:series_id>/", moments.series_edit, name="series"),
    path("dutch-practice/volunteers/", moments.volunteer_list, name="volunteers"),
    path("dutch-practice/volunteers/people/<int:person_id>/new/", moments.volunteer_create, name="volunteer_create"),
    path("dutch-practice/volunteers/<int:volunteer_id>/", moments.volunteer_edit, name="volunteer"),
    path("dutch-practice/opportunities/", directory.opportunity_list, name="opportunities"),
    path("dutch-practice/opportunities/new/", directory.opportunity_create, name="opportunity_create"),
    path("dutch-practice/opportunities/<int:opportunity_id>/", directory.opportunity_edit, name="opportunity"),
    path("dutch-practice/subscribers/", newsletter.subscriber_list, name="subscribers"),
    path(
        "dutch-practice/subscribers/<int:subscriber_id>/unsubscribe/",
        newsletter.subscriber_unsubscribe,
        name="subscriber_unsubscribe",
    ),
    path("dutch-practice/newsletter/", newsletter.newsletter_send, name="newsletter_send"),
    path("dutch-practice/trefdag/", practice_days.practice_day_list, name="practice_days"),
    path("dutch-practice/trefdag/new/", practice_days.practice_day_create, name="practice_day_create"),
    path("dutch-practice/trefdag/<int:practice_day_id>/", practice_days.practice_day_detail, name="practice_day"),
    path(
        "dutch-practice/trefdag/<int:practice_day_id>/edit/", practice_days.practice_day_edit, name="practice_day_edit"
    ),
    # Public, without login.
    path("oefenkansen/", public.directory, name="directory"),
    path("oefenkansen/nieuwsbrief/", public.subscribe, name="subscribe"),
    path("oefenkansen/nieuwsbrief/bevestigen/<str:newsletter_token>/", public.confirm, name="confirm"),
    path("oefenkansen/nieuwsbrief/uitschrijven/<str:newsletter_token>/", public.unsubscribe, name="unsubscribe"),
]
