from django.urls import path

from haven.education import views, views_manage, views_study

app_name = "education"
urlpatterns = [
    path("", views.referral_list, name="referrals"),
    path("waiting/", views.waiting, name="waiting"),
    path("people/<int:person_id>/referral/", views.referral_create, name="referral_create"),
    path("referrals/<int:school_referral_id>/", views.referral_detail, name="referral"),
    path("schools/", views.school_list, name="schools"),
    path("schools/new/", views_manage.school_create, name="school_create"),
    path("schools/<int:school_id>/", views_manage.school_detail, name="school"),
    path("toekomstdagen/", views.future_days_list, name="future_days"),
    path("toekomstdagen/new/", views_manage.future_days_create, name="future_days_create"),
    path("toekomstdagen/<int:future_days_id>/", views.future_days_detail, name="future_days_event"),
    path("study-choice/", views_study.dossier_list, name="dossiers"),
    path("people/<int:person_id>/study-choice/", views_study.dossier_create, name="dossier_create"),
    path("study-choice/<int:study_dossier_id>/", views_study.dossier_detail, name="dossier"),
    path("pre-track/", views_study.cohort_list, name="cohorts"),
    path("pre-track/new/", views_manage.cohort_create, name="cohort_create"),
    path("pre-track/<int:cohort_id>/", views_study.cohort_detail, name="cohort"),
    path(
        "pre-track/<int:cohort_id>/people/<int:person_id>/",
        views_manage.participant_create,
        name="participant_create",
    ),
    path("pre-track/participants/<int:participant_id>/", views_manage.participant_detail, name="participant"),
]
