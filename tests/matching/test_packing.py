"""Set packing over patterns: the same optimum as the interval model, valid plans, valid bounds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from matching import Problem, Solution, Unassigned, packing, solve, violations
from matching import batch as batch_module
from matching.bench.city import city_week
from matching.eligibility import find_options
from matching.greedy import greedy_plan
from matching.lns import scaled_objective
from matching.model import build, solve_batch
from matching.pins import static_pin_conflicts
from matching.solver import to_assignments

from .builders import problem, request, slot, volunteer
from .test_properties import problems, problems_with_pins_and_overrides


def packed(p: Problem, budget: float = 5.0) -> tuple[packing.Packing | None, list, object]:
    eligibility = find_options(p)
    options = list(eligibility.options)
    columns = packing.batch_columns(p, options)
    assert columns is not None
    warm = greedy_plan(p, options)
    return (
        packing.solve_packing(p, options, columns, warm, budget, seed=1, deterministic=False),
        options,
        eligibility,
    )


def plan_of(p: Problem, eligibility: object, placements: list) -> Solution:
    assignments = to_assignments(p, eligibility, placements)  # type: ignore[arg-type]
    filled = {a.request for a in assignments}
    return Solution(
        "feasible", assignments, tuple(Unassigned(r.id) for r in p.requests if r.id not in filled)
    )


def interval_optimum(p: Problem, options: list) -> float | None:
    result = solve_batch(build(p, options), 10.0, 1, 1)
    if result.status != "optimal":
        return None
    return scaled_objective(p, options, result.placements)


SLOW_OK = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@settings(SLOW_OK, max_examples=40)
@given(problems_with_pins_and_overrides())
def test_packing_finds_the_interval_models_optimum(p: Problem) -> None:
    if static_pin_conflicts(p, find_options(p)):
        return  # solve() reports these before any model is built
    found, options, eligibility = packed(p)
    if not options:
        return
    best = interval_optimum(p, options)
    if found is None:
        # No plan keeps every pin: the interval model agrees.
        assert best is None
        return
    assert violations(p, plan_of(p, eligibility, found.placements)) == []
    assert scaled_objective(p, options, found.placements) == pytest.approx(found.objective)
    if best is not None:
        assert found.objective == pytest.approx(best)
        assert found.bound is not None and found.bound <= best + 1e-6


@settings(SLOW_OK, max_examples=25)
@given(problems())
def test_bound_stays_valid_when_patterns_are_filtered_by_reduced_cost(p: Problem) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(packing, "LP_FILTER_MIN", 0)
        patch.setattr(packing, "MIP_COLUMNS", 2)
        found, options, eligibility = packed(p)
    if not options:
        return
    assert found is not None
    assert violations(p, plan_of(p, eligibility, found.placements)) == []
    best = interval_optimum(p, options)
    assert best is not None and found.bound is not None
    assert found.bound <= best + 1e-6 <= found.objective + 2e-6


def test_duo_partners_start_together_inside_their_patterns() -> None:
    # v1 is busy 10:00-11:00 with r1 unless r1 moves; the duo fits 11:00-12:00 for both.
    vols = [volunteer("v1"), volunteer("v2")]
    reqs = [
        request("r1", window=slot(10, 12)),
        request("duo", volunteers_needed=2, window=slot(10.5, 12.5), priority=5),
    ]
    p = problem(vols, reqs)
    found, options, eligibility = packed(p)
    assert found is not None
    plan = plan_of(p, eligibility, found.placements)
    assert violations(p, plan) == []
    duo = [a for a in plan.assignments if a.request == "duo"]
    assert {a.volunteer for a in duo} == {"v1", "v2"} and len({a.start for a in duo}) == 1
    assert {a.request for a in plan.assignments} == {"r1", "duo"}


def test_capacity_max_tasks_and_pins_hold() -> None:
    vols = [
        volunteer("v1", capacity_minutes=200, availability=(slot(9, 12), slot(13, 17))),
        volunteer("v2", max_tasks=1, availability=(slot(9, 17),)),
    ]
    reqs = [request(f"r{k}", window=slot(9 + 2 * k, 11 + 2 * k)) for k in range(4)]
    reqs[3] = request("r3", window=slot(15, 17), pinned_volunteers=("v2",))
    p = problem(vols, reqs)
    found, options, eligibility = packed(p)
    assert found is not None
    plan = plan_of(p, eligibility, found.placements)
    assert violations(p, plan) == []
    assert ("r3", "v2") in {(a.request, a.volunteer) for a in plan.assignments}
    assert sum(a.volunteer == "v2" for a in plan.assignments) == 1


def test_small_city_week_is_packed_to_optimality() -> None:
    week = city_week(400, 120, seed=8)
    plan = solve(week, time_limit=6, workers=1, seed=1, explain=False)
    assert violations(week, plan) == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch_module, "PACKING_MAX_OPTIONS", 0)
        lns_only = solve(week, time_limit=2, workers=1, seed=1, explain=False)
    assert plan.objective is not None and lns_only.objective is not None
    assert plan.objective <= lns_only.objective
    assert plan.status == "optimal"
    assert plan.bound is not None and plan.bound <= plan.objective
