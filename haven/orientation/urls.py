from django.urls import path

from haven.orientation import views

app_name = "orientation"
urlpatterns = [
    path("", views.course_list, name="courses"),
    path("courses/<int:course_id>/", views.course_detail, name="course"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/sessions/", views.sessions, name="sessions"),
    path("sessions/<int:session_id>/move/", views.session_move, name="session_move"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:enrolment_id>/complete/", views.complete, name="complete"),
    path("offers/<int:offer_id>/answer/", views.offer_answer, name="offer_answer"),
    path("people/<int:person_id>/waiting/", views.waiting_create, name="waiting_create"),
    path("demand/", views.demand, name="demand"),
    path("formation/", views.formation, name="formation"),
    path("courses/new/", views.course_create, name="course_create"),
]
