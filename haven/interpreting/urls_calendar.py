"""The interpreters' calendar feed and the page to find and renew its address."""

from django.urls import path

from haven.interpreting import views_calendar

urlpatterns = [
    path("calendar/", views_calendar.calendar_settings, name="calendar_settings"),
    path("calendar/rotate/", views_calendar.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar"),
]
