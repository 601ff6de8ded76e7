"""violations() finds every broken hard rule in a hand-written plan, without the solver."""

from __future__ import annotations

from matching import Assignment, Solution, Unassigned, violations

from .builders import at, problem, request, slot, volunteer


def _plan(*rows: tuple[str, str, float], unassigned: tuple[str, ...] = ()) -> Solution:
    return Solution(
        "feasible",
        tuple(Assignment(r, v, at(hour)) for r, v, hour in rows),
        tuple(Unassigned(r) for r in unassigned),
    )


def test_a_good_plan_has_no_violations() -> None:
    assert violations(problem([volunteer()], [request()]), _plan(("r1", "v1", 10))) == []


def test_missing_request_is_reported() -> None:
    assert "listed 0 times" in violations(problem([volunteer()], [request()]), _plan())[0]


def test_request_listed_twice_is_reported() -> None:
    found = violations(
        problem([volunteer()], [request()]), _plan(("r1", "v1", 10), unassigned=("r1",))
    )
    assert "listed 2 times" in found[0]


def test_skill_violation_is_reported() -> None:
    p = problem([volunteer(skills=frozenset({"pets"}))], [request()])
    assert any("rule 1" in line for line in violations(p, _plan(("r1", "v1", 10))))


def test_start_outside_window_is_reported() -> None:
    p = problem([volunteer()], [request()])
    assert any("rule 2" in line for line in violations(p, _plan(("r1", "v1", 11.5))))


def test_busy_time_outside_slot_is_reported() -> None:
    # Travel makes the volunteer busy from 9:51, before the 10:00 slot.
    p = problem([volunteer(availability=(slot(10, 17),))], [request()])
    assert any("rule 3" in line for line in violations(p, _plan(("r1", "v1", 10))))


def test_overlap_is_reported() -> None:
    p = problem([volunteer()], [request("r1"), request("r2")])
    found = violations(p, _plan(("r1", "v1", 10), ("r2", "v1", 11)))
    assert any("rule 4" in line for line in found)


def test_capacity_and_max_tasks_are_reported() -> None:
    p = problem(
        [volunteer(capacity_minutes=100, max_tasks=1)],
        [request("r1", window=slot(9, 17)), request("r2", window=slot(9, 17))],
    )
    found = violations(p, _plan(("r1", "v1", 10), ("r2", "v1", 12)))
    assert sum("rule 5" in line for line in found) == 2


def test_half_a_duo_and_split_starts_are_reported() -> None:
    p = problem([volunteer("v1"), volunteer("v2")], [request(volunteers_needed=2)])
    assert any("needs 2" in line for line in violations(p, _plan(("r1", "v1", 10))))
    found = violations(p, _plan(("r1", "v1", 10), ("r1", "v2", 10.5)))
    assert any("different times" in line for line in found)


def test_missing_pin_is_reported() -> None:
    p = problem([volunteer("v1"), volunteer("v2")], [request(pinned_volunteers=("v2",))])
    assert any("rule 7" in line for line in violations(p, _plan(("r1", "v1", 10))))
