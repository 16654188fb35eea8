from django.contrib import admin

from haven.orientation.models import Room, Teacher


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
