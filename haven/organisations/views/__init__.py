"""The organisations pages, by topic: trainings and coaching (``trainings``), ambassadors
(``ambassadors``), testimony requests with their proposals (``testimonies``),
associations, support contacts and network events (``associations``). Access is decided
in ``haven.organisations.access``; every page that shows an ambassador traces them."""
