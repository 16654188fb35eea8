from django.urls import path

from haven.transit_site import views

app_name = "transit_site"
urlpatterns = [
    path("", views.stay_list, name="stays"),
    path("stays/new/", views.stay_create, name="stay_create"),
    path("stays/<int:stay_id>/", views.stay_detail, name="stay"),
    path("stays/<int:stay_id>/edit/", views.stay_edit, name="stay_edit"),
    path("people/<int:person_id>/stay/", views.stay_create_for, name="stay_create_for"),
    path("occupancy/", views.occupancy, name="occupancy"),
    path("attendance/", views.attendance, name="attendance"),
    path("lesson-days/", views.lesson_days, name="lesson_days"),
    path("places/", views.places, name="places"),
    path("arrivals/", views.notices, name="notices"),
    path("arrivals/<int:notice_id>/cancel/", views.notice_cancel, name="notice_cancel"),
]
