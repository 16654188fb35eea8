from django.urls import path

from haven.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual_latest, name="annual_latest"),
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>/render/", views.annual_render, name="annual_render"),
    path("annual/<int:year>/recalculate/", views.annual_recalculate, name="annual_recalculate"),
]
