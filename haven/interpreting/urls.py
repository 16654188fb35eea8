"""The interpreting pages, one URL module per part: the portal and dispatch pages, the
performance sheets and invoices, translations and the library, the interpreters' calendars."""

from haven.interpreting import urls_billing, urls_calendar, urls_pages, urls_translations

app_name = "interpreting"
urlpatterns = [
    *urls_pages.urlpatterns,
    *urls_billing.urlpatterns,
    *urls_translations.urlpatterns,
    *urls_calendar.urlpatterns,
]
