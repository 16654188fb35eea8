"""What a job costs: pure functions over a small tariff dataclass, in ``Decimal`` euros.
No Django import, so the rules are tested (and read) on their own; ``invoice_lines`` turns
a ``Tariff`` row into :class:`Rates` and stores what these functions return.

The defaults are the Flemish social-interpreting scheme (sociaal tolken, as the agency
applied it in 2019):

=========================  ======================================  ======================
rule                       quantity it uses                        default
=========================  ======================================  ======================
interpreting on site       billed minutes (below)                  €8 for the first hour
                                                                   (also for a shorter
                                                                   job), then €2 per
                                                                   *started* quarter
interpreting by video      billed minutes, in *started* hours      €8 per started hour
travel                     km recorded on the performance sheet,   €0.33 per km
                           at most ``km_cap`` per job              (at most 150 km)
late cancellation          a fixed fee plus the travel above       €8 + travel
translation                pages, per kind (informative or         €25 / €40 per page
                           official, i.e. a sworn translation)     (the agency's own
                                                                   default: the scheme
                                                                   sets no page price)
=========================  ======================================  ======================

**Billed minutes** = actual end − actual start + waiting time (the minutes the interpreter
waited on site before the conversation could start are work time: the partner kept them
waiting). Group and group-conversation jobs are on site and billed the same way.

The video price is a choice of ours, written down here: €8 per started hour (the price of
an on-site first hour, without the quarters, since a video conversation has no travel or
waiting on site). The agency changes it with a new tariff row, not with code.

Amounts are rounded to the cent, half up (the way an invoice rounds), once per line.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
FIRST_HOUR_MINUTES = 60
QUARTER_MINUTES = 15
INFORMATIVE = "informative"
OFFICIAL = "official"


@dataclass(frozen=True)
class Rates:
    """The prices of one tariff, in euros (km_cap in whole km)."""

    first_hour: Decimal
    per_quarter: Decimal
    per_km: Decimal
    km_cap: int
    late_cancellation: Decimal
    video_per_hour: Decimal
    page_informative: Decimal
    page_official: Decimal


FLEMISH_SCHEME = Rates(
    first_hour=Decimal("8.00"),
    per_quarter=Decimal("2.00"),
    per_km=Decimal("0.33"),
    km_cap=150,
    late_cancellation=Decimal("8.00"),
    video_per_hour=Decimal("8.00"),
    page_informative=Decimal("25.00"),
    page_official=Decimal("40.00"),
)


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _started(minutes: int, block: int) -> int:
    """How many blocks of ``block`` minutes were started (ceil, for whole minutes)."""
    return -(-minutes // block)


def billed_minutes(actual_minutes: int, waiting_minutes: int = 0) -> int:
    """The minutes a job is billed for: its length plus the waiting time."""
    if actual_minutes <= 0:
        raise ValueError("A job lasts at least a minute.")
    if waiting_minutes < 0:
        raise ValueError("Waiting time is not negative.")
    return actual_minutes + waiting_minutes


def extra_quarters(minutes: int) -> int:
    """On site: the started quarters after the first hour (0 for a job of an hour or less)."""
    return _started(max(minutes - FIRST_HOUR_MINUTES, 0), QUARTER_MINUTES)


def started_hours(minutes: int) -> int:
    return _started(minutes, 60)


def interpreting_amount(minutes: int, tariff: Rates, *, video: bool = False) -> Decimal:
    """On site: the first hour (also for a shorter job) plus each started quarter after it.
    By video: each started hour. ``minutes`` are the billed minutes."""
    if minutes <= 0:
        raise ValueError("A job lasts at least a minute.")
    if video:
        return money(started_hours(minutes) * tariff.video_per_hour)
    return money(tariff.first_hour + extra_quarters(minutes) * tariff.per_quarter)


def billed_km(km, tariff: Rates) -> Decimal:
    """The km paid: those recorded, at most the cap."""
    km = Decimal(km)
    if km < 0:
        raise ValueError("Kilometres are not negative.")
    return min(km, Decimal(tariff.km_cap))


def travel_amount(km, tariff: Rates) -> Decimal:
    """Travel: the km recorded, capped at ``km_cap``, times the price per km."""
    return money(billed_km(km, tariff) * tariff.per_km)


def late_cancellation_amount(km, tariff: Rates) -> Decimal:
    """A late cancellation: the fixed fee plus the travel the interpreter made (if any)."""
    return money(tariff.late_cancellation + travel_amount(km, tariff))


def translation_amount(pages: int, kind: str, tariff: Rates) -> Decimal:
    """A translation: pages times the price per page of its kind."""
    if pages <= 0:
        raise ValueError("A translation has at least one page.")
    prices = {INFORMATIVE: tariff.page_informative, OFFICIAL: tariff.page_official}
    if kind not in prices:
        raise ValueError(f"Unknown kind of translation: {kind}")
    return money(pages * prices[kind])
