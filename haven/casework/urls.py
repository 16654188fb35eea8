from django.urls import path

from haven.casework import views

app_name = "casework"

urlpatterns = [
    path("people/<int:person_id>/notes/", views.person_notes, name="notes"),
    path("people/<int:person_id>/notes/new/", views.note_create, name="note_create"),
    path("notes/<int:note_id>/correction/", views.note_correct, name="note_correct"),
]
