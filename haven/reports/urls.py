from django.urls import path

from haven.reports import views, views_drill, views_editions, views_exports, views_narrative

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual_latest, name="annual_latest"),
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>/render/", views.annual_render, name="annual_render"),
    path("annual/<int:year>/recalculate/", views.annual_recalculate, name="annual_recalculate"),
    path("annual/<int:year>/<slug:key>/records/", views_drill.figure_records, name="figure_records"),
    path("annual/<int:year>/editions/", views_editions.editions, name="editions"),
    path("annual/<int:year>/editions/<int:number>/", views_editions.edition, name="edition"),
    path("annual/<int:year>/editions/<int:number>/export/", views_editions.edition_export, name="edition_export"),
    path("annual/<int:year>/texts/<slug:section>/", views_narrative.narrative_edit, name="narrative"),
    path(
        "annual/<int:year>/texts/<slug:section>/<int:version>/",
        views_narrative.narrative_version_page,
        name="narrative_version",
    ),
    path("annual/<int:year>/export/", views_exports.annual_export, name="annual_export"),
    path("annual/exports/<int:job_id>/", views_exports.annual_export_download, name="annual_export_download"),
]
