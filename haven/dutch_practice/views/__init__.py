"""The Dutch-practice pages, by topic: the conversation moments (``moments``), the
directory kept by the staff (``directory``), the newsletter's staff pages (``newsletter``),
the Trefdag (``practice_days``) and the public pages without login (``public``)."""
