from django.contrib import admin

from haven.nt2.models import Module, Provider, ScholarshipFund


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "short_name")


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "level", "pace", "hours", "starts_on", "places")
    list_filter = ("provider", "level", "pace")
    search_fields = ("title",)
    date_hierarchy = "starts_on"
    list_select_related = ("provider",)


@admin.register(ScholarshipFund)
class ScholarshipFundAdmin(admin.ModelAdmin):
    list_display = ("name", "funder", "year", "budget", "active")
    list_filter = ("funder", "year", "active")
