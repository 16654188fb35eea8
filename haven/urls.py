from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog, set_language

from haven.accounts import views_password as accounts_password
from haven.api import api
from haven.core import audit_views
from haven.core import views as core_views

admin.site.site_header = _("Haven administration")
admin.site.site_title = _("Haven")

handler403 = "haven.people.views.permission_denied"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("ready/", core_views.ready, name="ready"),
    path("audit/", audit_views.audit_trail, name="audit"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Own password, and the reset link an administrator sends (nobody sets another's password).
    path("account/password/", accounts_password.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "reset/<uidb64>/<token>/", accounts_password.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/tokens/", include("haven.accounts.urls_tokens")),
    # The two-step login: enrolment, the code after the password, recovery codes.
    path("account/", include("haven.accounts.urls")),
    path("language/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("people/", include("haven.people.urls")),
    path("integration/", include("haven.integration.urls")),
    path("casework/", include("haven.casework.urls")),
    path("orientation/", include("haven.orientation.urls")),
    path("interpreting/", include("haven.interpreting.urls")),
    path("nt2/", include("haven.nt2.urls")),
    path("transit-site/", include("haven.transit_site.urls")),
    path("education/", include("haven.education.urls")),
    path("leisure/", include("haven.leisure.urls")),
    path("community/", include("haven.community.urls")),
    # Dutch practice: the staff's pages under dutch-practice/, the public ones under oefenkansen/.
    path("", include("haven.dutch_practice.urls")),
    path("organisations/", include("haven.organisations.urls")),
    path("reports/", include("haven.reports.urls")),
    path("privacy/", include("haven.privacy.urls")),
    path("jobs/", include("haven.jobs.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
