from django.urls import path

from haven.integration import views

app_name = "integration"
urlpatterns = [
    path("", views.integration_home, name="home"),
    path("people/<int:person_id>/register/", views.registration_create, name="register"),
    path(
        "people/<int:person_id>/register/preview/",
        views.decision_preview,
        {"mode": "registration"},
        name="register_preview",
    ),
    path("people/<int:person_id>/facts/", views.facts_edit, name="facts"),
    path("people/<int:person_id>/facts/preview/", views.decision_preview, {"mode": "facts"}, name="facts_preview"),
    path("people/<int:person_id>/dossiers/new/", views.dossier_create, name="dossier_create"),
    path("registrations/<int:registration_id>/", views.registration_detail, name="registration"),
    path("contracts/<int:contract_id>/", views.contract_detail, name="contract"),
    path("contracts/<int:contract_id>/progress/", views.contract_progress, name="contract_progress"),
    path("contracts/<int:contract_id>/pauses/", views.pause_add, name="pause_add"),
    path("contracts/<int:contract_id>/referrals/", views.referral_add, name="referral_add"),
    path(
        "contracts/<int:contract_id>/referrals/<int:referral_id>/outcome/",
        views.referral_outcome,
        name="referral_outcome",
    ),
    path("contracts/<int:contract_id>/exemption-tests/", views.exemption_test_add, name="exemption_test_add"),
    path(
        "contracts/<int:contract_id>/exemption-tests/<int:test_id>/result/",
        views.exemption_test_result,
        name="exemption_test_result",
    ),
    path("contracts/<int:contract_id>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("contracts/<int:contract_id>/end/", views.contract_end, name="contract_end"),
    path("contracts/<int:contract_id>/counsellor/", views.contract_reassign, name="contract_reassign"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/<int:user_id>/", views.caseload, name="caseload_of"),
    path("team/", views.team, name="team"),
    path("pauses/expiring/", views.pauses_expiring, name="pauses_expiring"),
    path("dossiers/", views.dossier_list, name="dossiers"),
    path("dossiers/<int:dossier_id>/", views.dossier_detail, name="dossier"),
]
