"""solve(): pre-filter, decompose, warm-start, solve each batch, validate.

1. `eligibility` lists the options (who could serve what, when);
2. pins that break a rule on their own end the solve as `infeasible`;
3. a greedy plan (most constrained requests first), improved by single
   moves that make room for unfilled requests, is the warm start;
4. the eligibility graph splits into independent components, packed into
   batches; each batch gets a share of the time limit proportional to its
   size and is solved by `batch.solve_part` (CP-SAT, then LNS if needed);
5. a batch never ends worse than its warm start;
6. the combined plan is checked by `validate.violations` before returning.
"""

from __future__ import annotations

import time

from matching.batch import keep_current, solve_part
from matching.clock import moment_at
from matching.decompose import batches, components
from matching.ejection import fill_by_moves
from matching.eligibility import Eligibility, find_options
from matching.explain import explain_assignments, explain_unassigned
from matching.greedy import greedy_plan
from matching.objective import change_penalty_total, evaluate, unfilled_penalty
from matching.pins import describe_core, static_pin_conflicts
from matching.problem import Problem
from matching.solution import Assignment, Solution, Unassigned
from matching.validate import violations

Placement = tuple[int, int]


class InvalidPlanError(RuntimeError):
    """The engine produced a plan that breaks a hard rule (a bug, never expected)."""


def to_assignments(
    problem: Problem, eligibility: Eligibility, plan: list[Placement]
) -> tuple[Assignment, ...]:
    """Turn (option, start minute) placements into dated assignments."""
    rows = []
    for k, start in sorted(plan):
        o = eligibility.options[k]
        r = problem.requests[o.request]
        zone = r.window.start.tzinfo
        rows.append(
            Assignment(
                r.id, problem.volunteers[o.volunteer].id, moment_at(start, eligibility.origin, zone)
            )
        )
    return tuple(rows)


def infeasible(problem: Problem, conflicts: list[str], stats: dict[str, float | int]) -> Solution:
    """A result that names the pins that cannot hold; nothing is planned."""
    return Solution(
        "infeasible",
        (),
        tuple(
            Unassigned(r.id, ("not planned: the pins cannot all hold",)) for r in problem.requests
        ),
        None,
        None,
        stats,
        tuple(conflicts),
    )


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    explain: bool = True,
) -> Solution:
    """Plan the round: the best plan found within `time_limit` seconds."""
    began = time.perf_counter()
    eligibility = find_options(problem)
    stats: dict[str, float | int] = {
        "requests": len(problem.requests),
        "volunteers": len(problem.volunteers),
        "options": len(eligibility.options),
    }
    conflicts = static_pin_conflicts(problem, eligibility)
    if conflicts:
        stats["solve_seconds"] = round(time.perf_counter() - began, 3)
        return infeasible(problem, conflicts, stats)
    kept = keep_current(problem, eligibility.options, min(1.0, time_limit / 5), workers, seed)
    start_plan = fill_by_moves(
        problem,
        eligibility.options,
        greedy_plan(problem, eligibility.options, constrained_first=True, fixed=kept),
    )
    pieces = components(eligibility.options, len(problem.requests))
    parts = batches(pieces)
    stats["components"] = len(pieces)
    stats["models"] = len(parts)
    plan: list[Placement] = []
    statuses: set[str] = set()
    touched = {o.request for o in eligibility.options}
    bound: float | None = change_penalty_total(problem) + sum(
        unfilled_penalty(problem, r) for i, r in enumerate(problem.requests) if i not in touched
    )
    remaining = sum(len(b) for b in parts)
    # Leave room for validation and explanations after the last batch.
    time_limit = max(0.1, time_limit * 0.95 - 0.15)
    for part in parts:
        budget = time_limit * len(part) / max(remaining, 1)
        if workers > 1:
            left = time_limit - (time.perf_counter() - began)
            budget = left * len(part) / max(remaining, 1)
        remaining -= len(part)
        local = {k: pos for pos, k in enumerate(part)}
        warm = [(local[k], start) for k, start in start_plan if k in local]
        options = [eligibility.options[k] for k in part]
        result = solve_part(problem, options, warm, budget, workers, seed)
        statuses.add(result.status)
        if result.status == "infeasible":
            conflicts.append(describe_core(problem, result.pin_conflicts))
        elif result.status == "unknown":
            conflicts.append("pins could not be placed within the time limit")
        else:
            plan += [(part[pos], start) for pos, start in result.placements]
            if bound is not None and result.bound is not None:
                requests = {o.request for o in options}
                bound += result.bound + sum(
                    unfilled_penalty(problem, problem.requests[i]) for i in requests
                )
            else:
                bound = None
    stats["solve_seconds"] = round(time.perf_counter() - began, 3)
    if conflicts:
        return infeasible(problem, conflicts, stats)
    return finish(
        problem,
        eligibility,
        plan,
        "optimal" if statuses <= {"optimal"} else "feasible",
        bound,
        stats,
        explain,
    )


def finish(
    problem: Problem,
    eligibility: Eligibility,
    plan: list[Placement],
    status: str,
    bound: float | None,
    stats: dict[str, float | int],
    explain: bool,
) -> Solution:
    """Validate the plan, attach explanations and build the Solution."""
    assignments = to_assignments(problem, eligibility, plan)
    objective = evaluate(problem, assignments)
    filled = {a.request for a in assignments}
    stats["filled"] = len(filled)
    draft = Solution(
        status, assignments, tuple(Unassigned(r.id) for r in problem.requests if r.id not in filled)
    )
    broken = violations(problem, draft)
    if broken:
        raise InvalidPlanError("; ".join(broken[:10]))
    unassigned = draft.unassigned
    if explain:
        assignments = explain_assignments(problem, eligibility, plan, assignments)
        unassigned = explain_unassigned(problem, eligibility, plan)
    if bound is not None:
        # Rounding to integer coefficients can put the bound a hair above the plan.
        bound = min(round(bound, 6), objective)
        if objective - bound < 1e-6:
            status = "optimal"  # LNS may reach a bound the first solve proved
    return Solution(status, assignments, unassigned, round(objective, 6), bound, stats)
