# English as used in Belgium: the Belgian dates and times of the Dutch formats
# (27/11/2026, 14:30), with the English number separators (4,742 and 19.5).
from haven.formats.nl.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
