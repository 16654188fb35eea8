from django.urls import path

from haven.nt2.views import changes, desk, documents, intake, reference

app_name = "nt2"
urlpatterns = [
    path("", desk.home, name="home"),
    path("providers/", reference.providers, name="providers"),
    path("funds/", reference.funds, name="funds"),
    path("people/<int:person_id>/", intake.person, name="person"),
    path("people/<int:person_id>/conversations/", changes.conversation_add, name="conversation_add"),
    path("people/<int:person_id>/tests/", changes.test_add, name="test_add"),
    path("people/<int:person_id>/routings/", changes.routing_propose, name="routing_propose"),
    path("people/<int:person_id>/enrolments/", changes.enrolment_add, name="enrolment_add"),
    path("people/<int:person_id>/scholarships/", changes.scholarship_add, name="scholarship_add"),
    path("people/<int:person_id>/certifications/", changes.certification_add, name="certification_add"),
    path("routings/<int:routing_id>/decide/", changes.routing_decide, name="routing_decide"),
    path("enrolments/<int:enrolment_id>/status/", changes.enrolment_status, name="enrolment_status"),
    path("scholarships/<int:scholarship_id>/letter/", documents.scholarship_letter, name="scholarship_letter"),
    path("certifications/<int:test_id>/certificate/", documents.certificate, name="certificate"),
]
