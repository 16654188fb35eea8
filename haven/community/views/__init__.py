"""The community pages, by area: ``programmes`` (groups, newcomers, buddies), ``duos``,
``matching`` (a group's proposal), ``culture`` (Samen naar cultuur and the events).
Access is decided in ``haven.community.access``; every page that shows people traces them."""
