"""The tariff rules, as pure functions: the Flemish social-interpreting scheme (on site €8
for the first hour then €2 per started quarter, €0.33/km up to 150 km, a late cancellation
€8 plus travel, video €8 per started hour)."""

from decimal import Decimal

import pytest

from haven.interpreting.billing import (
    FLEMISH_SCHEME,
    billed_minutes,
    interpreting_amount,
    late_cancellation_amount,
    translation_amount,
    travel_amount,
)


@pytest.mark.parametrize(
    ("minutes", "euros"),
    [
        (1, "8.00"),
        (30, "8.00"),
        (60, "8.00"),  # the first hour, also for a shorter job
        (61, "10.00"),
        (75, "10.00"),  # a started quarter is a whole quarter
        (76, "12.00"),
        (90, "12.00"),
        (91, "14.00"),
        (120, "16.00"),
        (121, "18.00"),
    ],
)
def test_on_site_is_the_first_hour_plus_every_started_quarter(minutes, euros):
    assert interpreting_amount(minutes, FLEMISH_SCHEME) == Decimal(euros)


def test_waiting_time_is_billed_with_the_job():
    # 55 minutes of conversation after 10 minutes of waiting: 65 minutes, one started quarter.
    assert billed_minutes(55, 10) == 65
    assert interpreting_amount(billed_minutes(55, 10), FLEMISH_SCHEME) == Decimal("10.00")


@pytest.mark.parametrize(
    ("minutes", "euros"), [(1, "8.00"), (45, "8.00"), (60, "8.00"), (61, "16.00"), (120, "16.00"), (121, "24.00")]
)
def test_video_is_billed_per_started_hour(minutes, euros):
    assert interpreting_amount(minutes, FLEMISH_SCHEME, video=True) == Decimal(euros)


def test_a_job_without_minutes_is_refused():
    with pytest.raises(ValueError, match="at least a minute"):
        interpreting_amount(0, FLEMISH_SCHEME)


@pytest.mark.parametrize(
    ("km", "euros"),
    [
        ("0", "0.00"),
        ("10", "3.30"),
        ("12.5", "4.13"),  # 4.125 rounds half up to the cent
        ("150", "49.50"),
        ("200", "49.50"),  # capped at 150 km: 150 × 0.33
    ],
)
def test_travel_is_paid_per_km_up_to_the_cap(km, euros):
    assert travel_amount(Decimal(km), FLEMISH_SCHEME) == Decimal(euros)


def test_negative_km_are_refused():
    with pytest.raises(ValueError, match="not negative"):
        travel_amount(Decimal("-1"), FLEMISH_SCHEME)


def test_a_late_cancellation_is_the_fee_plus_travel():
    assert late_cancellation_amount(0, FLEMISH_SCHEME) == Decimal("8.00")
    assert late_cancellation_amount(Decimal("20"), FLEMISH_SCHEME) == Decimal("14.60")
    assert late_cancellation_amount(Decimal("200"), FLEMISH_SCHEME) == Decimal("57.50")


def test_translations_are_paid_per_page_of_their_kind():
    assert translation_amount(3, "informative", FLEMISH_SCHEME) == Decimal("75.00")
    assert translation_amount(3, "official", FLEMISH_SCHEME) == Decimal("120.00")
    with pytest.raises(ValueError, match="Unknown kind of translation"):
        translation_amount(3, "poetry", FLEMISH_SCHEME)


def test_billing_imports_no_django():
    import ast
    import inspect

    from haven.interpreting import billing

    tree = ast.parse(inspect.getsource(billing))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.startswith("django") for name in modules)
