from django.urls import path

from haven.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/edit/", views.person_update, name="update"),
    path("<int:person_id>/household/", views.household_link_add, name="household_add"),
    path("<int:person_id>/household/<int:link_id>/remove/", views.household_link_remove, name="household_remove"),
    path("<int:person_id>/break-glass/", views.break_glass, name="break_glass"),
    path("<int:person_id>/access-history/", views.person_access_history, name="access_history"),
]
