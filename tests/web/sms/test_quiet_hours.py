"""Quiet hours in local time, across midnight and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from web.services.errors import InvalidInput
from web.services.quiet_hours import parse_quiet_hours


def test_quiet_hours_run_past_midnight_in_local_time() -> None:
    quiet = parse_quiet_hours("21:00-08:00")
    assert quiet is not None
    # Brussels is UTC+1 in winter: 19:59 UTC is 20:59 local.
    assert not quiet.is_quiet(datetime(2026, 11, 24, 19, 59, tzinfo=UTC))
    assert quiet.is_quiet(datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    assert quiet.is_quiet(datetime(2026, 11, 25, 6, 59, tzinfo=UTC))
    assert not quiet.is_quiet(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    assert quiet.next_allowed(datetime(2026, 11, 24, 20, 0, tzinfo=UTC)) == datetime(
        2026, 11, 25, 7, 0, tzinfo=UTC
    )
    assert quiet.next_allowed(datetime(2026, 11, 25, 1, 0, tzinfo=UTC)) == datetime(
        2026, 11, 25, 7, 0, tzinfo=UTC
    )


def test_the_end_follows_summer_time() -> None:
    quiet = parse_quiet_hours("21:00-08:00")
    assert quiet is not None
    # The night of 28 to 29 March 2026 the clocks go forward: 08:00 local is 06:00 UTC.
    assert quiet.next_allowed(datetime(2026, 3, 28, 23, 0, tzinfo=UTC)) == datetime(
        2026, 3, 29, 6, 0, tzinfo=UTC
    )


def test_a_window_inside_one_day_and_no_window_at_all() -> None:
    siesta = parse_quiet_hours("12:00-14:00", "Europe/Brussels")
    assert siesta is not None
    assert siesta.is_quiet(datetime(2026, 11, 24, 11, 30, tzinfo=UTC))
    assert not siesta.is_quiet(datetime(2026, 11, 24, 13, 0, tzinfo=UTC))
    assert parse_quiet_hours("") is None and parse_quiet_hours("  ") is None


@pytest.mark.parametrize("text", ["21-08", "21:00", "25:00-08:00", "08:00-08:00"])
def test_unreadable_quiet_hours_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_quiet_hours(text)
    assert "QUIET_HOURS" in refused.value.errors
