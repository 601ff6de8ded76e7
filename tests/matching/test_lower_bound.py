"""The benchmark's lower bound: never above a plan, and exact without duos."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from matching import solve
from matching.bench.city import city_week
from matching.bench.lower_bound import lower_bound
from matching.problem import Problem

from .test_properties import problems

SLOW_OK = settings(
    max_examples=50, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SLOW_OK
@given(problems())
def test_bound_is_never_above_the_optimum(problem: Problem) -> None:
    found = lower_bound(problem, 5.0)
    plan = solve(problem, time_limit=5, workers=1, seed=1, explain=False)
    assert found is not None and plan.objective is not None
    assert found.value <= plan.objective + 1e-6
    if plan.status == "optimal" and all(r.volunteers_needed == 1 for r in problem.requests):
        assert found.proven
        # Exact up to the rounding of scores to 0.01 and the half unit per request
        # that the bound gives back for it.
        assert plan.objective - found.value <= 0.01 * len(problem.requests) + 1e-6


def test_a_small_city_week_has_a_proven_bound_below_its_plan() -> None:
    week = city_week(80, 30, seed=2)
    found = lower_bound(week, 20.0)
    plan = solve(week, time_limit=3, workers=1, seed=1, explain=False)
    assert found is not None and found.proven
    assert plan.objective is not None and found.value <= plan.objective + 1e-6
