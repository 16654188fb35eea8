"""The admin app with Haven's audited site as ``admin.site`` (INSTALLED_APPS names this
class instead of "django.contrib.admin"). Kept apart from admin_site.py: this module is
imported while the apps load, before any model may be."""

from django.contrib.admin.apps import AdminConfig


class HavenAdminConfig(AdminConfig):
    default_site = "haven.accounts.admin_site.HavenAdminSite"
