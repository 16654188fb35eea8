from django.urls import path

from haven.casework import views, views_appointments, views_day, views_documents

app_name = "casework"

urlpatterns = [
    path("people/<int:person_id>/notes/", views.person_notes, name="notes"),
    path("people/<int:person_id>/notes/new/", views.note_create, name="note_create"),
    path("notes/<int:note_id>/correction/", views.note_correct, name="note_correct"),
    path("people/<int:person_id>/documents/", views_documents.person_documents, name="documents"),
    path("people/<int:person_id>/documents/new/", views_documents.document_add, name="document_add"),
    path("documents/<int:document_id>/file/", views_documents.document_file, name="document_file"),
    path("documents/expiring/", views_documents.documents_expiring, name="documents_expiring"),
    path("day/", views_day.my_day, name="day"),
    path("calendar/", views_appointments.calendar, name="calendar"),
    path("calendar/feed/<str:token>.ics", views_appointments.calendar_feed, name="calendar_feed"),
    path("calendar/feed/renew/", views_appointments.calendar_feed_renew, name="calendar_feed_renew"),
    path("people/<int:person_id>/appointments/new/", views_appointments.appointment_add, name="appointment_add"),
    path("appointments/<int:appointment_id>/move/", views_appointments.appointment_move, name="appointment_move"),
    path("appointments/<int:appointment_id>/cancel/", views_appointments.appointment_cancel, name="appointment_cancel"),
    path(
        "appointments/<int:appointment_id>/outcome/", views_appointments.appointment_outcome, name="appointment_outcome"
    ),
    path("tasks/<int:task_id>/done/", views_day.task_done, name="task_done"),
    path("people/<int:person_id>/tasks/new/", views_day.task_add, name="task_add"),
]
