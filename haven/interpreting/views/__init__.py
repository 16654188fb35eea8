"""Pages of social interpreting and translation, one module per topic (``urls.py`` routes
to them): ``requests`` (the partner portal and the requests), ``dispatching``
(the dispatcher's overview, runs and unmet demand), ``jobs`` (the interpreter's), ``sheets`` and
``invoices`` (billing), ``translations`` (orders and the library) and ``calendar`` (the
interpreter's feed). ``common`` holds what several of them share.

Every view gets its records through ``interpreting.access`` (a partner never sees another
organisation's record: 404) and writes through ``interpreting.services`` or
``interpreting.planning``. Lists are paginated with ``core.pagination`` and run a fixed
number of queries.
"""
