"""Writes of the Dutch-practice line, one function per act, by topic: the conversation
moments (``moments``), the directory (``directory``), the newsletter (``newsletter``)
and the Trefdag (``practice_days``). Every write checks its input and refuses with a
ValidationError naming the field; each runs in one transaction."""
