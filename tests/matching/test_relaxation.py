"""Capacity-only batches: the workload relaxation's bound, fixing and search."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import solve, violations
from matching.batch import relax_then_search
from matching.bench.gap import GapInstance, gap_problem, known_values, read_gap
from matching.eligibility import find_options
from matching.greedy import greedy_plan
from matching.lns import scaled_objective
from matching.model import SCALE, build, solve_batch
from matching.problem import Problem
from matching.relaxation import capacity_only, fix_by_prices, relax

from .test_packing import interval_optimum


def slow_ok(examples: int) -> settings:
    return settings(
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        max_examples=examples,
    )


@st.composite
def gap_instances(draw: st.DrawFn) -> GapInstance:
    """Small GAPs, some too tight to give every job an agent."""
    agents = draw(st.integers(2, 4))
    jobs = draw(st.integers(3, 9))
    table = st.lists(st.lists(st.integers(1, 30), min_size=jobs, max_size=jobs), min_size=agents)
    costs = draw(table.filter(lambda rows: len(rows) == agents))
    use = [draw(st.lists(st.integers(1, 15), min_size=jobs, max_size=jobs)) for _ in costs]
    capacities = [draw(st.integers(5, 40)) for _ in costs]
    return GapInstance("drawn", costs, use, capacities)


def optimum_and_options(p: Problem) -> tuple[float, list]:
    options = list(find_options(p).options)
    best = interval_optimum(p, options)
    assert best is not None
    return best, options


def test_only_pure_capacity_batches_count_as_gap() -> None:
    gap = gap_problem(read_gap(known_values()[0].path))
    options = list(find_options(gap).options)
    assert capacity_only(gap, options)
    fair = replace(gap, weights=replace(gap.weights, fairness=1.0))
    assert not capacity_only(fair, options)
    duo = replace(gap, requests=(replace(gap.requests[0], volunteers_needed=2), *gap.requests[1:]))
    assert not capacity_only(duo, list(find_options(duo).options))
    pinned = replace(
        gap, requests=(replace(gap.requests[0], pinned_volunteers=("a0",)), *gap.requests[1:])
    )
    assert not capacity_only(pinned, list(find_options(pinned).options))


@slow_ok(40)
@given(gap_instances(), st.booleans())
def test_bound_never_exceeds_the_optimum(instance: GapInstance, maximise: bool) -> None:
    p = gap_problem(instance, maximise)
    best, options = optimum_and_options(p)
    for rounds in (0, 2, 50):
        relaxation = relax(p, options, [], 5.0, rounds)
        assert relaxation.bound * SCALE <= best + 1e-6
        assert set(relaxation.support) <= set(range(len(options)))


@slow_ok(40)
@given(gap_instances(), st.booleans())
def test_fixing_keeps_every_optimal_plan(instance: GapInstance, maximise: bool) -> None:
    p = gap_problem(instance, maximise)
    best, options = optimum_and_options(p)
    relaxation = relax(p, options, [], 5.0, 3)
    # Against an incumbent one step worse, every optimal plan counts as better.
    fixing = fix_by_prices(p, options, relaxation, best + relaxation.step)
    optimal = solve_batch(build(p, options), 10.0, 1, 1)
    used = {k for k, _ in optimal.placements}
    assert used <= set(fixing.allowed)
    assert set(fixing.required) <= used


@slow_ok(25)
@given(gap_instances(), st.booleans())
def test_relax_then_search_reaches_the_optimum(instance: GapInstance, maximise: bool) -> None:
    p = gap_problem(instance, maximise)
    best, options = optimum_and_options(p)
    result = relax_then_search(p, options, greedy_plan(p, options), 2.0, 1, 1)
    assert scaled_objective(p, options, result.placements) == best
    assert result.bound is not None and result.bound * SCALE <= best + 1e-6


def test_a_published_gap_is_solved_and_proven_in_the_engine() -> None:
    known = next(k for k in known_values() if k.instance == "gap12-1" and k.sense == "min")
    p = gap_problem(read_gap(known.path))
    plan = solve(p, workers=1, seed=1, explain=False)
    assert violations(p, plan) == []
    assert plan.status == "optimal"
    assert plan.objective == known.value
