"""A proven lower bound on a city week's objective, to judge targets against.

Each request that needs k volunteers is split into k single requests, each
with 1/k of its unfilled penalty: every plan of the week maps to a plan of
the split week of the same objective (a served duo serves all its copies, an
unfilled one leaves them all), while the split week also allows half-served
duos and unsynchronised starts, so its optimum is a lower bound. It is solved
to optimality as set packing over every pattern (complete enumeration, no
reduced-cost filter, pins dropped from the copies), a model that is exact for
single-volunteer requests. Pairs of the plan in force that belong to a duo
are left out (dropping one only adds to the week's objective). Scores are
rounded to 1/SCALE; the bound gives back the most that rounding can gain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from matching.decompose import batches, components
from matching.eligibility import find_options
from matching.greedy import greedy_plan
from matching.model import SCALE
from matching.objective import change_penalty_total, unfilled_penalty
from matching.packing import batch_columns, solve_packing
from matching.problem import HelpRequest, Problem

# Enumeration is exact only without a cap; a city week has tens of thousands.
NO_CAP = 10**7


@dataclass(frozen=True)
class LowerBound:
    """A value no plan beats; `proven` when SCIP closed every part within its time."""

    value: float
    proven: bool


def split(problem: Problem) -> Problem:
    """The week with every k-volunteer request split into k single copies."""
    requests: list[HelpRequest] = []
    needed = {r.id: r.volunteers_needed for r in problem.requests}
    for r in problem.requests:
        if r.volunteers_needed == 1:
            requests.append(r)
            continue
        # A fractional priority gives each copy its share of the penalty.
        share: float = r.priority / r.volunteers_needed
        copy = replace(r, volunteers_needed=1, pinned_volunteers=(), priority=share)  # type: ignore[arg-type]
        requests += [replace(copy, id=f"{r.id}#{k}") for k in range(r.volunteers_needed)]
    # A dropped duo pair adds `change`, a kept one nothing: leaving them out of the
    # plan in force keeps the split week's objective at or below the week's.
    current = tuple(c for c in problem.current_assignments if needed.get(c.request) == 1)
    return replace(problem, requests=tuple(requests), current_assignments=current)


def lower_bound(problem: Problem, seconds: float) -> LowerBound | None:
    """A lower bound on every plan's objective; None if a part is too large to enumerate."""
    singles = split(problem)
    eligibility = find_options(singles)
    touched = {o.request for o in eligibility.options}
    # Each assignment's score is rounded by at most half a model unit.
    value = -0.5 / SCALE * len(singles.requests)
    value += change_penalty_total(singles) + sum(
        unfilled_penalty(singles, r) for i, r in enumerate(singles.requests) if i not in touched
    )
    proven = True
    parts = batches(components(eligibility.options, len(singles.requests)))
    total = sum(len(part) for part in parts)
    for part in parts:
        options = [eligibility.options[k] for k in part]
        columns = batch_columns(singles, options, limit=NO_CAP, cap=NO_CAP)
        if columns is None or not columns.complete:
            return None
        warm = greedy_plan(singles, options)
        share = seconds * len(part) / total
        packing = solve_packing(singles, options, columns, warm, share, 0, False, filtered=False)
        if packing is None or packing.bound is None:
            return None
        proven &= packing.optimal
        requests = {o.request for o in options}
        value += packing.bound / SCALE + sum(
            unfilled_penalty(singles, singles.requests[i]) for i in requests
        )
    return LowerBound(value, proven)
