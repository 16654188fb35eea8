"""E-invoices: every interpreting invoice is also a Peppol BIS Billing 3.0 document (UBL 2.1
Invoice, EN 16931 compliant), sent through a configurable Peppol access point. Belgian
VAT-registered organisations must receive structured e-invoices since 1 January 2026, and
public bodies (schools, OCMW/CPAS) asked for them before; the PDF stays the human-readable
copy of the same invoice.

- ``ubl.py`` — the pure builder: dataclasses in, UBL XML bytes out (standard library only,
  like the engines: testable without a database).
- ``build.py`` — an ``Invoice`` with its agency, organisation and lines read into those
  dataclasses (a fixed number of queries), and the XML.
- ``access_points.py`` — the adapter interface to a Peppol access point, the file-drop
  adapter (the demo's; also for an access point that collects a folder), and the loader of
  the configured one (``settings.HAVEN_PEPPOL_ACCESS_POINT``).
- ``services.py`` — sending an invoice's e-invoice and recording that it went.

The package lives inside ``interpreting`` because the interpreting invoices are the only
invoices Haven issues; should another service line bill, ``ubl.py`` and
``access_points.py`` move to an app of their own unchanged (they know no interpreting model).
"""
