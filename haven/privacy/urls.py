from django.urls import path

from haven.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.review, name="review"),
    path("reviews/<int:entry_id>/", views.review_mark, name="review_mark"),
    path("history/", views.history_lookup, name="history_lookup"),
]
