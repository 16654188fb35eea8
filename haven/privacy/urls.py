from django.urls import path

from haven.privacy import views, views_copy, views_requests, views_retention

app_name = "privacy"
urlpatterns = [
    path("", views.review, name="review"),
    path("reviews/<int:entry_id>/", views.review_mark, name="review_mark"),
    path("history/", views.history_lookup, name="history_lookup"),
    path("people/<int:person_id>/", views_requests.person_requests, name="person"),
    path("people/<int:person_id>/restriction/", views_requests.person_restriction, name="person_restriction"),
    path("people/<int:person_id>/erasure/", views_requests.person_erasure, name="person_erasure"),
    path("requests/", views_requests.request_list, name="requests"),
    path("restrictions/", views_requests.restriction_list, name="restrictions"),
    path("retention/", views_retention.retention, name="retention"),
    path("people/<int:person_id>/copy/", views_copy.copy_start, name="copy_start"),
    path("copies/<int:job_id>/", views_copy.copy_download, name="copy_download"),
]
