"""Hard rules 6-7: duos are all-or-nothing with one start; pins hold or the result is infeasible."""

from __future__ import annotations

from matching import solve, violations

from .builders import problem, request, slot, volunteer


def test_duo_gets_two_distinct_volunteers_at_one_start() -> None:
    p = problem([volunteer("v1"), volunteer("v2")], [request(volunteers_needed=2)])
    plan = solve(p, workers=1)
    assert {a.volunteer for a in plan.assignments} == {"v1", "v2"}
    assert len({a.start for a in plan.assignments}) == 1
    assert violations(p, plan) == []


def test_duo_with_one_volunteer_stays_unfilled() -> None:
    plan = solve(problem([volunteer("v1")], [request(volunteers_needed=2)]), workers=1)
    assert plan.assignments == ()
    assert "2 volunteers" in plan.unassigned[0].reasons[0]


def test_duo_needs_a_common_start() -> None:
    # v1 can only start at 10:00, v2 only at 11:00: no common start.
    v1 = volunteer("v1", availability=(slot(9.8, 11.2),))
    v2 = volunteer("v2", availability=(slot(10.8, 12.2),))
    assert solve(problem([v1, v2], [request(volunteers_needed=2)]), workers=1).assignments == ()
    v2 = volunteer("v2", availability=(slot(9.8, 12.2),))
    assert len(solve(problem([v1, v2], [request(volunteers_needed=2)]), workers=1).assignments) == 2


def test_pin_overrides_a_cheaper_volunteer() -> None:
    far = volunteer("far", location=request().location)
    p = problem([volunteer("v1"), far], [request(pinned_volunteers=("v1",))])
    plan = solve(p, workers=1)
    assert [a.volunteer for a in plan.assignments] == ["v1"]


def test_pin_breaking_a_pair_rule_is_infeasible_and_named() -> None:
    p = problem([volunteer("v1", skills=frozenset({"pets"}))], [request(pinned_volunteers=("v1",))])
    plan = solve(p, workers=1)
    assert plan.status == "infeasible"
    assert plan.assignments == ()
    assert any("r1→v1" in c and "skill 'shopping'" in c for c in plan.conflicts)


def test_pin_outside_availability_is_infeasible_and_named() -> None:
    p = problem([volunteer(availability=(slot(14, 16),))], [request(pinned_volunteers=("v1",))])
    plan = solve(p, workers=1)
    assert plan.status == "infeasible"
    assert "rules 2-3" in plan.conflicts[0]


def test_two_pins_that_overlap_are_infeasible_and_named() -> None:
    reqs = [request("r1", pinned_volunteers=("v1",)), request("r2", pinned_volunteers=("v1",))]
    plan = solve(problem([volunteer()], reqs), workers=1)
    assert plan.status == "infeasible"
    assert "r1→v1" in plan.conflicts[0] and "r2→v1" in plan.conflicts[0]


def test_pins_that_fit_together_are_kept() -> None:
    wide = slot(9, 16)
    reqs = [
        request("r1", window=wide, pinned_volunteers=("v1",)),
        request("r2", window=wide, pinned_volunteers=("v1",)),
    ]
    plan = solve(problem([volunteer(), volunteer("v2")], reqs), workers=1)
    assert plan.status == "optimal"
    assert {a.volunteer for a in plan.assignments} == {"v1"}


def test_too_many_pins_for_the_request_is_infeasible() -> None:
    p = problem([volunteer("v1"), volunteer("v2")], [request(pinned_volunteers=("v1", "v2"))])
    plan = solve(p, workers=1)
    assert plan.status == "infeasible"
    assert "volunteers_needed" in plan.conflicts[0]
