"""Interpreting and translation endpoints under /api/interpreting/: requests (partner-scoped),
assignments and bookings, performance sheets, translations and the library, invoices.

Every endpoint reads through ``interpreting.access`` (the library included) and writes
through ``interpreting.services``, as the pages do:

- the dispatcher sees every organisation's records; a partner user only their own
  organisation's — another organisation's id is 404, never 403, so ids reveal nothing;
  an interpreter their own assignments, sheets and translations;
- roles without the line (managers, counsellors, outsiders) get 403;
- a refused write (a service's ValidationError) is 422 with the messages; a body that does
  not fit the schema is 422 from django-ninja; a double booking is 409 with the message.

The requests hold no personal data of newcomers (a partner describes the job, not the
client), so reads are not written to the person access log.

The operations live in topic modules (``requests``, ``sheets``, ``translations``,
``invoices``), each adding its own to the one ``router`` of ``api.common``; they are
imported here, so the URL patterns and the schema list them in this order.
"""

from haven.interpreting.api import invoices, requests, sheets, translations
from haven.interpreting.api.common import router

__all__ = ["invoices", "requests", "router", "sheets", "translations"]
