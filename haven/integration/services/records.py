"""What every write of the civic-integration line shares: the relations model validation
skips. (The access-log entry of a change is ``people.access.change_logged``.)"""

# Relations the services receive as saved instances: model validation would look
# each of them up again (one query per relation), so it skips them.
RELATIONS_IN_HAND = ["person", "registration", "contract", "created_by", "issued_by"]
