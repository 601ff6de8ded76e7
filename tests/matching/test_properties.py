"""Property: on random small scenarios the plan always validates and never loses to greedy."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import (
    CurrentAssignment,
    HelpRequest,
    PairOverride,
    Problem,
    Solution,
    Unassigned,
    Volunteer,
    Weights,
    solve,
    violations,
)
from matching.eligibility import find_options
from matching.greedy import greedy_plan
from matching.objective import evaluate
from matching.solver import to_assignments

from .builders import near, slot

SKILLS = ("shopping", "company", "transport")


@st.composite
def volunteers(draw: st.DrawFn, vid: str) -> Volunteer:
    start = draw(st.integers(8, 14))
    return Volunteer(
        id=vid,
        location=near(draw(st.integers(0, 3000))),
        mode=draw(st.sampled_from(("walk", "bike", "car"))),
        skills=frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1))),
        languages=frozenset(draw(st.sets(st.sampled_from(("nl", "fr")), min_size=1))),
        gender=draw(st.sampled_from(("f", "m"))),
        availability=(slot(start, start + draw(st.integers(1, 6))),),
        max_tasks=draw(st.none() | st.integers(1, 3)),
        capacity_minutes=draw(st.none() | st.integers(30, 300)),
    )


@st.composite
def requests(draw: st.DrawFn, rid: str, vids: list[str]) -> HelpRequest:
    start = draw(st.integers(8, 16))
    return HelpRequest(
        id=rid,
        resident=f"res{draw(st.integers(0, 3))}",
        location=near(draw(st.integers(0, 3000))),
        skill=draw(st.sampled_from(SKILLS)),
        duration_minutes=draw(st.sampled_from((30, 45, 60, 90))),
        window=slot(start, start + draw(st.integers(1, 4))),
        priority=draw(st.integers(1, 5)),
        volunteers_needed=draw(st.sampled_from((1, 1, 1, 2))),
        languages=frozenset(draw(st.sets(st.sampled_from(("nl", "fr", "ar"))))),
        language_strict=draw(st.booleans()),
        gender_preference=draw(st.sampled_from((None, None, "f"))),
        previous_volunteers=frozenset(draw(st.sets(st.sampled_from(vids), max_size=1))),
    )


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    vids = [f"v{k}" for k in range(draw(st.integers(1, 5)))]
    return Problem(
        volunteers=tuple(draw(volunteers(v)) for v in vids),
        requests=tuple(draw(requests(f"r{k}", vids)) for k in range(draw(st.integers(1, 7)))),
        weights=Weights(fairness=draw(st.sampled_from((0.0, 1.0, 25.0)))),
    )


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems())
def test_plan_validates_and_beats_greedy(problem: Problem) -> None:
    plan = solve(problem, time_limit=5, workers=1, seed=1)
    assert violations(problem, plan) == []
    eligibility = find_options(problem)
    greedy = to_assignments(problem, eligibility, greedy_plan(problem, eligibility.options))
    unfilled = {r.id for r in problem.requests} - {a.request for a in greedy}
    greedy_solution = Solution("feasible", greedy, tuple(Unassigned(r) for r in sorted(unfilled)))
    assert violations(problem, greedy_solution) == []
    assert plan.objective is not None
    assert plan.objective <= evaluate(problem, greedy) + 1e-6
    if plan.status == "optimal":
        assert plan.bound is not None and plan.bound <= plan.objective + 1e-6


@st.composite
def problems_with_pins_and_overrides(draw: st.DrawFn) -> Problem:
    """Random problems plus pins, a plan in force and pair overrides."""
    problem = draw(problems())
    vids = [v.id for v in problem.volunteers]
    requests = tuple(
        replace(r, pinned_volunteers=(draw(st.sampled_from(vids)),))
        if draw(st.integers(0, 5)) == 0
        else r
        for r in problem.requests
    )
    current = tuple(
        CurrentAssignment(r.id, draw(st.sampled_from(vids)))
        for r in problem.requests
        if draw(st.booleans())
    )
    pairs = tuple(
        PairOverride(
            r.id,
            v,
            allowed=draw(st.sampled_from((None, False, True))),
            busy_minutes=draw(st.sampled_from((None, 30, 200))),
            cost=draw(st.sampled_from((None, 5.0, 3000.0))),
        )
        for r in problem.requests
        for v in vids
        if draw(st.integers(0, 6)) == 0
    )
    return replace(problem, requests=requests, current_assignments=current, pairs=pairs)


@settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(problems_with_pins_and_overrides())
def test_pins_and_overrides_validate_or_name_a_conflict(problem: Problem) -> None:
    plan = solve(problem, time_limit=3, workers=1, seed=1)
    if plan.status == "infeasible":
        assert plan.conflicts and plan.assignments == ()
    else:
        assert violations(problem, plan) == []
