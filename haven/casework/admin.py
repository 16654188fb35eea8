from django.contrib import admin

from haven.casework.models import ReminderText


@admin.register(ReminderText)
class ReminderTextAdmin(admin.ModelAdmin):
    """The agency's reminder texts per language: reference data of the functional administrator."""

    list_display = ("language", "text")
    search_fields = ("language__name", "text")
