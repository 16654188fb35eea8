from django.contrib import admin

from haven.orientation.models import ClosingPeriod, Room, Teacher


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin):
    list_display = ("name", "active")
    list_filter = ("active", "languages")
    search_fields = ("name",)
    filter_horizontal = ("languages",)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "capacity", "active")
    list_filter = ("active",)
    search_fields = ("name",)


@admin.register(ClosingPeriod)
class ClosingPeriodAdmin(admin.ModelAdmin):
    """The agency's closing days: no course session is planned on them."""

    list_display = ("reason", "first_day", "last_day")
    search_fields = ("reason",)
    date_hierarchy = "first_day"
