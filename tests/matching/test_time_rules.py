"""Hard rules 2-5: windows, availability slots, no overlap with travel, capacity, max tasks."""

from __future__ import annotations

from matching import PairOverride, solve, violations

from .builders import near, problem, request, slot, volunteer


def _filled(*args: object, **kwargs: object) -> int:
    p = problem(*args, **kwargs)  # type: ignore[arg-type]
    plan = solve(p, time_limit=2, workers=1)
    assert violations(p, plan) == []
    return len({a.request for a in plan.assignments})


def test_window_and_travel_fit_inside_the_slot() -> None:
    # 9 minutes' walk each way: busy 9:51-11:09 fits a 9:45-11:15 slot.
    assert _filled([volunteer(availability=(slot(9.75, 11.25),))], [request()]) == 1


def test_travel_time_must_fit_inside_the_slot() -> None:
    # Starting at 10:00 needs the volunteer from 9:51; the slot only starts at 10:00
    # and the window forces the end by 12:00, so a slot ending 11:05 cannot hold it.
    assert _filled([volunteer(availability=(slot(10, 11.08),))], [request()]) == 0


def test_start_respects_the_window() -> None:
    p = problem([volunteer()], [request(window=slot(14, 15.5))])
    plan = solve(p, workers=1)
    start = plan.assignments[0].start
    assert p.requests[0].window.start <= start
    assert start.hour * 60 + start.minute + 60 <= 15.5 * 60


def test_no_slot_overlaps_the_window() -> None:
    assert _filled([volunteer(availability=(slot(13, 17),))], [request()]) == 0


def test_second_slot_is_used_when_the_first_is_too_short() -> None:
    slots = (slot(9, 9.5), slot(9.5, 13))
    assert _filled([volunteer(availability=slots)], [request()]) == 1


def test_two_requests_fit_back_to_back_with_travel() -> None:
    wide = slot(9, 13)
    reqs = [request("r1", window=wide), request("r2", window=wide)]
    assert _filled([volunteer(availability=(slot(8, 14),))], reqs) == 2


def test_busy_intervals_do_not_overlap() -> None:
    # Each task keeps the volunteer busy 78 minutes; two cannot fit in 2 hours.
    reqs = [request("r1"), request("r2")]
    assert _filled([volunteer(availability=(slot(9.85, 12.15),))], reqs) == 1


def test_capacity_minutes_allows_one_task() -> None:
    reqs = [request("r1", window=slot(9, 17)), request("r2", window=slot(9, 17))]
    assert _filled([volunteer(capacity_minutes=100)], reqs) == 1
    assert _filled([volunteer(capacity_minutes=156)], reqs) == 2


def test_max_tasks_caps_the_number_of_tasks() -> None:
    reqs = [request(f"r{k}", window=slot(9, 17)) for k in range(3)]
    assert _filled([volunteer(max_tasks=2)], reqs) == 2
    assert _filled([volunteer(max_tasks=0)], reqs) == 0


def test_busy_minutes_override_replaces_travel() -> None:
    override = (PairOverride("r1", "v1", busy_minutes=120, cost=5.0),)
    p = problem(
        [volunteer(availability=(slot(10, 12),))], [request(location=near(5000))], pairs=override
    )
    plan = solve(p, workers=1)
    assert plan.assignments[0].start == slot(10, 12).start
    assert plan.objective == 5.0


def test_busy_minutes_override_must_fit_the_slot() -> None:
    override = (PairOverride("r1", "v1", busy_minutes=121),)
    assert _filled([volunteer(availability=(slot(10, 12),))], [request()], pairs=override) == 0
