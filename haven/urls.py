from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language

from haven.api import api
from haven.core import views as core_views

admin.site.site_header = _("Haven administration")
admin.site.site_title = _("Haven")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("people/", include("haven.people.urls")),
    path("integration/", include("haven.integration.urls")),
    path("orientation/", include("haven.orientation.urls")),
    path("interpreting/", include("haven.interpreting.urls")),
    path("nt2/", include("haven.nt2.urls")),
    path("reports/", include("haven.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
