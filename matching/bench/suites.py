"""Benchmark cases: what to build, what is known about it, and how to measure it."""

from __future__ import annotations

import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from matching.bench.city import city_week
from matching.bench.gap import gap_problem, known_values, read_gap
from matching.bench.lower_bound import lower_bound
from matching.eligibility import find_options
from matching.greedy import greedy_plan
from matching.objective import evaluate
from matching.problem import CurrentAssignment, Problem
from matching.result import result_dict
from matching.solution import Solution
from matching.solver import solve, to_assignments

Row = dict[str, float | str | None]


@dataclass(frozen=True)
class Case:
    """One benchmark instance."""

    suite: str
    name: str
    size: str
    make: Callable[[], Problem]
    known: float | None = None
    maximise: bool = False
    time_limit: float | None = None
    measure: Callable[[Case, float, int, int], Row] = field(
        default=lambda c, t, w, s: standard(c, t, w, s)
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _gap(case: Case, value: float | None) -> float | None:
    if case.known is None or value is None:
        return None
    return 100 * (case.known - value if case.maximise else value - case.known) / abs(case.known)


def greedy_objective(problem: Problem) -> tuple[float, float]:
    """The nearest-available greedy baseline: objective and seconds."""
    began = time.perf_counter()
    eligibility = find_options(problem)
    plan = greedy_plan(problem, eligibility.options)
    value = evaluate(problem, to_assignments(problem, eligibility, plan))
    return value, time.perf_counter() - began


def standard(case: Case, time_limit: float, workers: int, seed: int) -> Row:
    """Solve once and run the greedy baseline on the same instance."""
    problem = case.make()
    began = time.perf_counter()
    solution = solve(problem, time_limit=time_limit, workers=workers, seed=seed, explain=False)
    seconds = time.perf_counter() - began
    peak = _peak_mb()
    sign = -1 if case.maximise else 1
    value = None if solution.objective is None else sign * solution.objective
    bound = None if solution.bound is None else sign * solution.bound
    greedy, greedy_seconds = greedy_objective(problem)
    return {
        "status": solution.status,
        "objective": value,
        "bound": bound,
        "gap": _gap(case, value),
        "seconds": seconds,
        "peak_mb": peak,
        "greedy": sign * greedy,
        "greedy_gap": _gap(case, sign * greedy),
        "greedy_seconds": greedy_seconds,
        "vs_greedy": None if value is None else 100 * (greedy - sign * value) / abs(greedy),
    }


def declined(problem: Problem, plan: Solution, seed: int) -> tuple[Problem, str, str]:
    """The plan in force, with one volunteer declining one single-volunteer request."""
    rng = random.Random(seed)
    singles = [
        a for a in plan.assignments if problem.request_by_id[a.request].volunteers_needed == 1
    ]
    gone = rng.choice(singles)
    requests = tuple(
        replace(r, excluded_volunteers=r.excluded_volunteers | {gone.volunteer})
        if r.id == gone.request
        else r
        for r in problem.requests
    )
    current = tuple(CurrentAssignment(a.request, a.volunteer) for a in plan.assignments)
    return (
        replace(problem, requests=requests, current_assignments=current),
        gone.request,
        gone.volunteer,
    )


def decline(case: Case, time_limit: float, workers: int, seed: int) -> Row:
    """Plan, let one volunteer decline, re-plan in 2 s; count other changes."""
    problem = case.make()
    plan = solve(problem, time_limit=time_limit, workers=workers, seed=seed, explain=False)
    again, request, _ = declined(problem, plan, seed)
    began = time.perf_counter()
    replan = solve(again, time_limit=2.0, workers=workers, seed=seed, explain=False)
    seconds = time.perf_counter() - began
    keep = tuple(a for a in plan.assignments if a.request != request)
    before = {(a.request, a.volunteer) for a in keep}
    after = {(a.request, a.volunteer) for a in replan.assignments if a.request != request}
    gain = evaluate(again, keep) - (replan.objective or 0.0)
    return {
        "status": replan.status,
        "objective": replan.objective,
        "bound": replan.bound,
        "gap": None,
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "greedy": None,
        "greedy_gap": None,
        "greedy_seconds": None,
        "vs_greedy": None,
        "note": f"other pairs dropped {len(before - after)}, added {len(after - before)}; "
        f"gain over keeping them all {gain:.1f}",
    }


def best_possible(case: Case, time_limit: float, workers: int, seed: int) -> Row:
    """A proven lower bound (bench/lower_bound.py) against the greedy baseline: how much
    better than greedy any plan can be at most."""
    problem = case.make()
    began = time.perf_counter()
    found = lower_bound(problem, time_limit)
    seconds = time.perf_counter() - began
    greedy, greedy_seconds = greedy_objective(problem)
    best = None if found is None else 100 * (greedy - found.value) / abs(greedy)
    proven = found is not None and found.proven
    return {
        "status": "bound" if proven else "unknown",
        "objective": None,
        "bound": None if found is None else found.value,
        "gap": None,
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "greedy": greedy,
        "greedy_gap": None,
        "greedy_seconds": greedy_seconds,
        "vs_greedy": best,
        "note": "vs.g% here: the most any plan can beat greedy by"
        + ("" if proven else " (SCIP did not finish: bound weaker)"),
    }


def determinism(case: Case, time_limit: float, workers: int, seed: int) -> Row:
    """Solve twice with one worker and the same seed; compare the results."""
    problem = case.make()
    runs = []
    for _ in range(2):
        began = time.perf_counter()
        solution = solve(problem, time_limit=time_limit, workers=1, seed=seed, explain=True)
        runs.append((result_dict(solution), time.perf_counter() - began))
    for data, _ in runs:
        data["stats"].pop("solve_seconds")
    same = runs[0][0] == runs[1][0]
    return {
        "status": runs[0][0]["status"],
        "objective": runs[0][0]["objective"],
        "bound": runs[0][0]["bound"],
        "gap": None,
        "seconds": max(s for _, s in runs),
        "peak_mb": _peak_mb(),
        "greedy": None,
        "greedy_gap": None,
        "greedy_seconds": None,
        "vs_greedy": None,
        "note": "identical" if same else "DIFFERENT",
    }


def gap_cases(suite: str, keep: Callable[[str], bool]) -> list[Case]:
    """GAP instances as cases, one per (instance, objective sense)."""
    cases = []
    for k in known_values():
        if keep(k.instance):
            instance = read_gap(k.path)
            cases.append(
                Case(
                    suite,
                    f"{k.instance}-{k.sense}",
                    instance.size,
                    partial(gap_problem, instance, k.sense == "max"),
                    k.value,
                    k.sense == "max",
                )
            )
    return cases


def all_suites() -> dict[str, Callable[[], list[Case]]]:
    """Suite name to a function listing its cases."""

    def city(
        n: int, m: int, cities: tuple[str, ...], seeds: range, limit: float | None
    ) -> list[Case]:
        name = "+".join(cities)
        return [
            Case(
                "city",
                f"{name}-s{s}",
                f"{n}x{m}",
                partial(city_week, n, m, s, cities),
                time_limit=limit,
            )
            for s in seeds
        ]

    return {
        "gap-orlib": lambda: gap_cases("gap-orlib", lambda n: n.startswith("gap")),
        "gap-ab": lambda: gap_cases("gap-ab", lambda n: n[0] in "ab" and not n.startswith("gap")),
        "gap-cde": lambda: gap_cases("gap-cde", lambda n: n[0] in "cde"),
        "city": lambda: city(1000, 300, ("antwerp",), range(1, 4), 10.0),
        "region": lambda: city(5000, 1500, ("antwerp", "brussels"), range(1, 2), 60.0),
        "decline": lambda: [
            replace(c, suite="decline", measure=decline)
            for c in city(1000, 300, ("antwerp",), range(1, 4), 10.0)
        ],
        "city-bound": lambda: [
            replace(c, suite="city-bound", measure=best_possible, time_limit=600.0)
            for c in city(1000, 300, ("antwerp",), range(1, 4), 10.0)
        ],
        "determinism": lambda: [
            replace(c, suite="determinism", measure=determinism)
            for c in city(1000, 300, ("antwerp",), range(1, 2), 10.0)
            + gap_cases("determinism", lambda n: n == "d10100")
        ],
    }
