"""The buddy-matching engine: proposes the duos of a group by maximising the total match score.

Pure: plain facts in (``Candidate``), a plain answer out (``Matching``), no Django. The
community app loads the group's newcomers and the available buddies, passes the
coordinator's fixed and excluded pairs, and shows every duo with its reasons in words.

How a pair scores (``scoring.pair_score``; every part is a ``Reason``):

- hard rules make a pair impossible: ``mother_tongue_missing`` (TANDEM: the buddy must speak
  the newcomer's mother tongue), ``too_far`` (different districts and neither travels),
  ``no_common_time`` (both gave their free moments and none is shared),
  ``sex_preference_refused`` (a preference stated as a must is not met);
- soft parts add points: a base for every allowed pair, ``mother_tongue``,
  ``shared_languages`` (or ``no_shared_language``), ``interests``, ``same_district`` (or
  ``travels``), ``common_time``, ``age_close`` (or ``age_far``), ``sex_preference_met`` (or
  ``sex_preference_unmet``).

What is optimal (``engine.propose``): first as many newcomers matched as the hard rules
allow, then the highest total score among those matchings. It is solved exactly as a
minimum-cost flow (OR-Tools), so it is never worse than taking the best remaining pair
first (``engine.propose_greedy``, the baseline ``bench/matching.py`` compares it with).
"""

from haven.community.matching.engine import Duo, Matching, NotAllowed, propose, propose_greedy
from haven.community.matching.scoring import (
    SAMEN_GENTENAAR,
    TANDEM,
    Candidate,
    Reason,
    Rules,
    Weights,
    pair_score,
)

__all__ = [
    "SAMEN_GENTENAAR",
    "TANDEM",
    "Candidate",
    "Duo",
    "Matching",
    "NotAllowed",
    "Reason",
    "Rules",
    "Weights",
    "pair_score",
    "propose",
    "propose_greedy",
]
