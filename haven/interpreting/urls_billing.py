"""Performance sheets and invoices (the app namespace is "interpreting")."""

from django.urls import path

from haven.interpreting import views_billing as views

urlpatterns = [
    path("sheets/", views.sheet_list, name="sheets"),
    path("sheets/approve/", views.sheet_approve_bulk, name="sheet_approve_bulk"),
    path("sheets/<int:sheet_id>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:sheet_id>/confirm/", views.sheet_confirm, name="sheet_confirm"),
    path("sheets/<int:sheet_id>/approve/", views.sheet_approve, name="sheet_approve"),
    path("sheets/<int:sheet_id>/reject/", views.sheet_reject, name="sheet_reject"),
    path("assignments/<int:assignment_id>/sheet/", views.sheet_form, name="sheet_form"),
    path("invoices/cancellations/", views.cancellations, name="cancellations"),
    path("invoices/", views.invoice_list, name="invoices"),
    path("invoices/create/", views.invoice_month_create, name="invoice_month_create"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
]
