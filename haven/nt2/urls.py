from django.urls import path

from haven.nt2 import views

app_name = "nt2"
urlpatterns = [
    path("", views.home, name="home"),
    path("providers/", views.providers, name="providers"),
    path("funds/", views.funds, name="funds"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/conversations/", views.conversation_add, name="conversation_add"),
    path("people/<int:person_id>/tests/", views.test_add, name="test_add"),
    path("people/<int:person_id>/routings/", views.routing_propose, name="routing_propose"),
    path("people/<int:person_id>/enrolments/", views.enrolment_add, name="enrolment_add"),
    path("people/<int:person_id>/scholarships/", views.scholarship_add, name="scholarship_add"),
    path("people/<int:person_id>/certifications/", views.certification_add, name="certification_add"),
    path("routings/<int:routing_id>/decide/", views.routing_decide, name="routing_decide"),
    path("enrolments/<int:enrolment_id>/status/", views.enrolment_status, name="enrolment_status"),
    path("scholarships/<int:scholarship_id>/letter/", views.scholarship_letter, name="scholarship_letter"),
    path("certifications/<int:test_id>/certificate/", views.certificate, name="certificate"),
]
