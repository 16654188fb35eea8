from django.contrib import admin

from haven.core.models import AccessLogEntry, District, Language


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "active")
    list_filter = ("active",)
    search_fields = ("code",)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: people refer to languages


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "postal_codes")
    search_fields = ("name", "postal_codes")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only for everybody, administrators included."""

    list_display = ("at", "user", "person_id", "action", "purpose", "channel")
    list_filter = ("action", "purpose", "channel")
    search_fields = ("=person_id", "user__username")
    list_select_related = ("user",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
