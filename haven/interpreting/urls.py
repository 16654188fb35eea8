"""The interpreting pages (namespace "interpreting"): the portal and the requests, dispatch,
the interpreter's jobs, performance sheets and invoices, translations and the library, the
interpreters' calendars."""

from django.urls import path

from haven.interpreting.views import calendar, dispatching, invoices, jobs, requests, sheets, translations

app_name = "interpreting"
urlpatterns = [
    # The portal and the requests
    path("", requests.home, name="home"),
    path("portal/", requests.portal, name="portal"),
    path("portal/new/", requests.request_new, name="request_new"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<int:request_id>/", requests.request_detail, name="request"),
    path("requests/<int:request_id>/cancel/", requests.request_cancel, name="request_cancel"),
    path("requests/<int:request_id>/book/", requests.request_book, name="request_book"),
    # Dispatch
    path("dispatch/", dispatching.dispatch_overview, name="dispatch"),
    path("dispatch/runs/<int:run_id>/", dispatching.run_detail, name="run"),
    path("dispatch/runs/<int:run_id>/confirm/", dispatching.run_confirm, name="run_confirm"),
    path("assignments/<int:assignment_id>/change/", dispatching.assignment_change, name="assignment_change"),
    path("unmet/", dispatching.unmet_demand, name="unmet"),
    # The interpreter's jobs
    path("jobs/", jobs.jobs, name="jobs"),
    path("jobs/<int:assignment_id>/", jobs.job, name="job"),
    # Performance sheets
    path("sheets/", sheets.sheet_list, name="sheets"),
    path("sheets/approve/", sheets.sheet_approve_bulk, name="sheet_approve_bulk"),
    path("sheets/<int:sheet_id>/", sheets.sheet_detail, name="sheet"),
    path("sheets/<int:sheet_id>/confirm/", sheets.sheet_confirm, name="sheet_confirm"),
    path("sheets/<int:sheet_id>/approve/", sheets.sheet_approve, name="sheet_approve"),
    path("sheets/<int:sheet_id>/reject/", sheets.sheet_reject, name="sheet_reject"),
    path("assignments/<int:assignment_id>/sheet/", sheets.sheet_form, name="sheet_form"),
    # Invoices
    path("invoices/cancellations/", invoices.cancellations, name="cancellations"),
    path("invoices/", invoices.invoice_list, name="invoices"),
    path("invoices/confirm/", invoices.invoice_month_confirm, name="invoice_month_confirm"),
    path("invoices/create/", invoices.invoice_month_create, name="invoice_month_create"),
    path("invoices/<int:invoice_id>/", invoices.invoice_detail, name="invoice"),
    path("invoices/<int:invoice_id>/pdf/", invoices.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:invoice_id>/ubl/", invoices.invoice_ubl, name="invoice_ubl"),
    path("invoices/<int:invoice_id>/send/", invoices.invoice_einvoice_send, name="invoice_einvoice_send"),
    # Translations and the library
    path("translations/", translations.translation_list, name="translations"),
    path("translations/new/", translations.translation_new, name="translation_new"),
    path("translations/<int:order_id>/", translations.translation_detail, name="translation"),
    path("translations/<int:order_id>/assign/", translations.translation_assign, name="translation_assign"),
    path("translations/<int:order_id>/deliver/", translations.translation_deliver, name="translation_deliver"),
    path("translations/<int:order_id>/cancel/", translations.translation_cancel, name="translation_cancel"),
    path("translations/<int:order_id>/file/", translations.translation_file, name="translation_file"),
    path("library/", translations.library, name="library"),
    path("library/add/", translations.library_add, name="library_add"),
    path("library/<int:document_id>/file/", translations.library_file, name="library_file"),
    # The interpreters' calendar feed
    path("calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("calendar/rotate/", calendar.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar"),
]
