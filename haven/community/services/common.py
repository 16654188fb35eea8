"""What the community services share: the field name their changes carry in the access log."""

RECORDS_FIELD = "community"
