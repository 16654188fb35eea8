"""Course formation for civic orientation: which new courses to open for the waiting list.

Pure engines over dataclasses (no Django): `propose` (CP-SAT) and `propose_greedy` (baseline).
"""

from .data import Learner, Limits, Proposal, ProposedCourse, Room, Teacher
from .engine import propose
from .greedy import propose_greedy
from .validation import proposal_problems

__all__ = [
    "Learner",
    "Limits",
    "Proposal",
    "ProposedCourse",
    "Room",
    "Teacher",
    "proposal_problems",
    "propose",
    "propose_greedy",
]
