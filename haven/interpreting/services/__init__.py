"""Every write of social interpreting and translation, one module per domain area. Pages,
API, dispatch and the demo call these; none of them writes a model itself.

- ``requests``: a partner's request, its cancellation, bookings and assignments (confirm,
  change, confirm a dispatch run).
- ``sheets``: the performance sheet (submit, confirm, approve, send back).
- ``invoices``: the monthly invoices and the km of a late cancellation.
- ``translations``: translation orders (order, assign, deliver, cancel).
- ``library``: adding a document or a translation of one to the translation library.
- ``interpreters``: an interpreter's own settings (the calendar feed's secret address).

Each service checks who acts where the rule is the service's (``PermissionDenied``) and
refuses a write that breaks a rule with a ``ValidationError`` carrying translated messages,
per field where there is one. Dispatch runs are written by ``interpreting.planning``.
"""
