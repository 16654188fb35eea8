"""The portal, dispatch and interpreter pages (the app namespace is "interpreting")."""

from django.urls import path

from haven.interpreting import views_pages as views

urlpatterns = [
    path("", views.home, name="home"),
    path("portal/", views.portal, name="portal"),
    path("portal/new/", views.request_new, name="request_new"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/cancel/", views.request_cancel, name="request_cancel"),
    path("requests/<int:request_id>/book/", views.request_book, name="request_book"),
    path("dispatch/", views.dispatch_overview, name="dispatch"),
    path("dispatch/runs/<int:run_id>/", views.run_detail, name="run"),
    path("dispatch/runs/<int:run_id>/confirm/", views.run_confirm, name="run_confirm"),
    path("assignments/<int:assignment_id>/change/", views.assignment_change, name="assignment_change"),
    path("unmet/", views.unmet_demand, name="unmet"),
    path("jobs/", views.jobs, name="jobs"),
]
