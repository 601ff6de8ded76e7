"""A proven lower bound on a city week's objective, to judge targets against.

The week without its duo requests is solved to optimality as set packing over
every pattern (complete enumeration, no reduced-cost filter): that model is
exact for single-volunteer requests. Each duo then adds the least it could
contribute: its unfilled penalty or the scores of its cheapest volunteers,
whichever is lower. Taking a duo's tasks out of a plan frees time and never
raises another term (fairness grows with a volunteer's task count), so every
plan of the full week costs at least the sum. The packing model's scores are
rounded to 1/SCALE; the bound gives back the most that rounding can gain.
"""

from __future__ import annotations

from collections import defaultdict
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


def duo_floor(problem: Problem, duo: HelpRequest) -> float:
    """The least a duo request can add: its penalty or its cheapest volunteers' scores."""
    cheapest: dict[int, float] = defaultdict(lambda: float("inf"))
    for o in find_options(replace(problem, requests=(duo,))).options:
        cheapest[o.volunteer] = min(cheapest[o.volunteer], o.score)
    scores = sorted(cheapest.values())[: duo.volunteers_needed]
    served = sum(scores) if len(scores) == duo.volunteers_needed else float("inf")
    return min(unfilled_penalty(problem, duo), served)


def lower_bound(problem: Problem, seconds: float) -> LowerBound | None:
    """A lower bound on every plan's objective; None if a part is too large to enumerate."""
    singles = replace(
        problem, requests=tuple(r for r in problem.requests if r.volunteers_needed == 1)
    )
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
    value += sum(duo_floor(problem, r) for r in problem.requests if r.volunteers_needed > 1)
    return LowerBound(value, proven)
