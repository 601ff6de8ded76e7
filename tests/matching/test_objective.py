"""Objective terms of SCENARIO.md, each with a case where it decides and the exact value."""

from __future__ import annotations

import pytest

from matching import CurrentAssignment, PairOverride, Weights, solve

from .builders import near, problem, request, slot, volunteer

NO_BONUS = Weights(continuity=0, language=0, change=0, fairness=0)


def test_unfilled_penalty_scales_with_priority() -> None:
    # One volunteer, two overlapping requests: the higher priority wins.
    reqs = [request("low", priority=2), request("high", priority=5)]
    plan = solve(problem([volunteer()], reqs, weights=NO_BONUS), workers=1)
    assert [a.request for a in plan.assignments] == ["high"]
    assert plan.objective == pytest.approx(2 * 1000 + 10 * 0.65, abs=0.01)


def test_travel_cost_prefers_the_nearer_volunteer() -> None:
    near_one = volunteer("near", location=near(400))
    plan = solve(problem([volunteer("v1"), near_one], [request()], weights=NO_BONUS), workers=1)
    assert plan.assignments[0].volunteer == "near"
    assert plan.objective == pytest.approx(10 * 0.1 * 1.3, abs=0.01)


def test_pair_cost_override_replaces_distance_cost() -> None:
    pairs = (PairOverride("r1", "v1", cost=123.0),)
    plan = solve(problem([volunteer()], [request()], pairs=pairs, weights=NO_BONUS), workers=1)
    assert plan.objective == 123.0


def test_unfilled_beats_a_costlier_fill() -> None:
    pairs = (PairOverride("r1", "v1", cost=5000.0),)
    plan = solve(problem([volunteer()], [request(priority=1)], pairs=pairs), workers=1)
    assert plan.assignments == ()
    assert plan.objective == 1000.0
    assert "more than leaving it" in plan.unassigned[0].reasons[0]


def test_continuity_prefers_the_previous_volunteer() -> None:
    weights = Weights(continuity=50, language=0, change=0, fairness=0)
    near_one = volunteer("near", location=near(400))
    r = request(previous_volunteers=frozenset({"v1"}))
    plan = solve(problem([volunteer("v1"), near_one], [r], weights=weights), workers=1)
    assert plan.assignments[0].volunteer == "v1"
    assert plan.objective == pytest.approx(6.5 - 50, abs=0.01)


def test_shared_language_bonus() -> None:
    weights = Weights(continuity=0, language=30, change=0, fairness=0)
    near_fr = volunteer("near", location=near(400), languages=frozenset({"fr"}))
    r = request(languages=frozenset({"nl"}))
    plan = solve(problem([volunteer("v1"), near_fr], [r], weights=weights), workers=1)
    assert plan.assignments[0].volunteer == "v1"
    assert plan.objective == pytest.approx(6.5 - 30, abs=0.01)


def test_stability_keeps_the_current_pair_unless_the_gain_is_larger() -> None:
    current = (CurrentAssignment("r1", "v1"),)
    near_one = volunteer("near", location=near(400))
    for change, expected in ((200, "v1"), (1, "near")):
        weights = Weights(continuity=0, language=0, change=change, fairness=0)
        p = problem(
            [volunteer("v1"), near_one], [request()], weights=weights, current_assignments=current
        )
        assert solve(p, workers=1).assignments[0].volunteer == expected


def test_dropping_a_current_pair_costs_the_change_weight() -> None:
    current = (CurrentAssignment("r1", "v1"),)
    weights = Weights(continuity=0, language=0, change=200, fairness=0)
    p = problem(
        [volunteer()],
        [request(excluded_volunteers=frozenset({"v1"}))],
        weights=weights,
        current_assignments=current,
    )
    assert solve(p, workers=1).objective == 3000 + 200


def test_fairness_spreads_tasks_over_volunteers() -> None:
    wide = slot(9, 17)
    reqs = [request(f"r{k}", window=wide) for k in range(4)]
    nearer = volunteer("v1", location=near(450))
    spread = Weights(continuity=0, language=0, change=0, fairness=10)
    plan = solve(problem([nearer, volunteer("v2")], reqs, weights=spread), workers=1)
    loads = sorted([a.volunteer for a in plan.assignments].count(v) for v in ("v1", "v2"))
    assert loads == [2, 2]
    plan = solve(problem([nearer, volunteer("v2")], reqs, weights=NO_BONUS), workers=1)
    assert [a.volunteer for a in plan.assignments].count("v1") == 4
