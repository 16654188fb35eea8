"""Translations and the translation library (namespace "interpreting", included by urls.py)."""

from django.urls import path

from haven.interpreting import views_translations as views

urlpatterns = [
    path("translations/", views.translation_list, name="translations"),
    path("translations/new/", views.translation_new, name="translation_new"),
    path("translations/<int:order_id>/", views.translation_detail, name="translation"),
    path("translations/<int:order_id>/assign/", views.translation_assign, name="translation_assign"),
    path("translations/<int:order_id>/deliver/", views.translation_deliver, name="translation_deliver"),
    path("translations/<int:order_id>/cancel/", views.translation_cancel, name="translation_cancel"),
    path("translations/<int:order_id>/file/", views.translation_file, name="translation_file"),
    path("library/", views.library, name="library"),
    path("library/add/", views.library_add, name="library_add"),
    path("library/<int:document_id>/file/", views.library_file, name="library_file"),
]
