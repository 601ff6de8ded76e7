"""Solve one batch: a first CP-SAT solve, then large-neighbourhood search if needed."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

from matching.eligibility import Option, scores_by_request
from matching.lns import improve, scaled_objective
from matching.model import (
    SCALE,
    BatchResult,
    Placement,
    add_hint,
    build,
    extract,
    parameters,
    solve_batch,
)
from matching.objective import serving_dominates
from matching.packing import batch_columns, packing_result, solve_packing
from matching.problem import Problem
from matching.relaxation import Relaxation, capacity_only, fix_by_prices, relax

# Batches this large get a first solve with part of their time, then LNS.
LNS_MIN_OPTIONS = 300
FIRST_SHARE = 0.7
# With many interval variables CP-SAT needs seconds just to presolve (2.7 s on
# a 1,000 x 300 city week) and then barely improves on its start, so LNS gets
# the whole budget there and no bound is reported. Pure capacity models (GAP)
# have no intervals and keep the first solve.
LARGE_BATCH = 2000
LARGE_FIRST_SHARE = 0.0


def timed_options(options: Sequence[Option]) -> int:
    """Options of volunteers whose options differ in time: these need interval variables."""
    regions: dict[int, set[tuple[int, int]]] = defaultdict(set)
    counts: dict[int, int] = defaultdict(int)
    for o in options:
        regions[o.volunteer].add(o.region)
        counts[o.volunteer] += 1
    return sum(counts[j] for j, found in regions.items() if len(found) > 1)


def keeps_pins(problem: Problem, options: Sequence[Option], plan: Sequence[Placement]) -> bool:
    """Whether every pinned volunteer of the batch's requests is placed."""
    placed = {(options[p].request, options[p].volunteer) for p, _ in plan}
    index = {v.id: j for j, v in enumerate(problem.volunteers)}
    return all(
        (i, index[vid]) in placed
        for i in {o.request for o in options}
        for vid in problem.requests[i].pinned_volunteers
    )


def packable(options: Sequence[Option], budget: float) -> bool:
    """Whether set packing is worth a try: a timed batch, neither too small nor too large."""
    return (
        LNS_MIN_OPTIONS <= len(options) <= PACKING_MAX_OPTIONS
        and budget >= PACKING_MIN_SECONDS
        and timed_options(options) * 2 >= len(options)
    )


def used(planned: float, workers: int, started: float) -> float:
    """Seconds a batch has used since `started`: with one worker the planned seconds,
    so that what follows does not depend on the clock; otherwise the clock's."""
    return planned if workers == 1 else time.perf_counter() - started


def solve_part(
    problem: Problem,
    options: Sequence[Option],
    warm: list[Placement],
    budget: float,
    workers: int,
    seed: int,
) -> BatchResult:
    """The best plan for one batch within `budget` seconds, starting from `warm`."""
    started = time.perf_counter()
    searching = len(options) >= LNS_MIN_OPTIONS
    if packable(options, budget):
        packed = pack_then_search(problem, options, warm, budget, workers, seed)
        if packed is not None:
            return packed
        budget -= used(0.0, workers, started)
        started = time.perf_counter()
    if searching and capacity_only(problem, options):
        return relax_then_search(problem, options, warm, budget, workers, seed)
    share = FIRST_SHARE if timed_options(options) < LARGE_BATCH else LARGE_FIRST_SHARE
    first = budget * share if searching else budget
    if first > 0:
        bm = build(problem, options)
        if problem.current_assignments:
            # A hint pulls the search towards it: right for keeping a plan in force,
            # harmful from a greedy start (measured on GAP type D: 0.8 % vs 18 % gap).
            add_hint(bm, warm)
        result = solve_batch(bm, first, workers, seed)
    else:
        # CP-SAT overruns tiny limits while presolving a large model: skip it.
        result = BatchResult("unknown", [], None, [])
    if result.status in ("optimal", "infeasible"):
        return result
    starts = [plan for plan in (result.placements, warm) if plan or not options]
    starts = [plan for plan in starts if keeps_pins(problem, options, plan)]
    if not starts:
        return result
    best = min(starts, key=lambda plan: scaled_objective(problem, options, plan))
    if searching:
        left = budget - used(first, workers, started)
        best = improve(problem, options, best, left, workers, seed)
    return BatchResult("feasible", best, result.bound, [])


def keep_current(
    problem: Problem, options: Sequence[Option], budget: float, workers: int, seed: int
) -> list[Placement]:
    """As much of the plan in force as still fits, with start times (it has none)."""
    ids = [(problem.requests[o.request].id, problem.volunteers[o.volunteer].id) for o in options]
    mine = [p for p, pair in enumerate(ids) if pair in problem.current_pairs]
    if not mine:
        return []
    bm = build(problem, [options[p] for p in mine], enforce_pins=False)
    solver = parameters(budget, 1, seed)
    if workers > 1:
        # Not deterministic anyway: hold the wall clock to the budget.
        solver.parameters.max_time_in_seconds = budget
    if solver.status_name(solver.solve(bm.model)) not in ("OPTIMAL", "FEASIBLE"):
        return []
    return [(mine[k], start) for k, start in extract(bm, solver)]


PACKING_SHARE = 0.7
PACKING_MIN_SECONDS = 4.0
PACKING_MAX_OPTIONS = 12000


def pack_then_search(
    problem: Problem,
    options: Sequence[Option],
    warm: list[Placement],
    budget: float,
    workers: int,
    seed: int,
) -> BatchResult | None:
    """Set packing over patterns (SCIP) for most of the budget, then LNS from its plan.

    None when the batch has too many patterns for it.
    """
    started = time.perf_counter()
    columns = batch_columns(problem, options)
    if columns is None:
        return None
    packing = solve_packing(
        problem, options, columns, warm, budget * PACKING_SHARE, seed, deterministic=workers == 1
    )
    best, bound = warm, None
    if packing is not None and keeps_pins(problem, options, packing.placements):
        if packing.optimal:
            return packing_result(packing)
        bound = packing_result(packing).bound
        if scaled_objective(problem, options, packing.placements) < scaled_objective(
            problem, options, warm
        ):
            best = packing.placements
    if not keeps_pins(problem, options, best):
        return BatchResult("unknown", [], None, [])
    left = budget - used(budget * PACKING_SHARE, workers, started)
    best = improve(problem, options, best, left, workers, seed)
    return BatchResult("feasible", best, bound, [])


PROOF_SHARE = 0.12
# Reduced-cost fixing solves one knapsack per option: worth it on smaller batches.
FIXING_MAX_OPTIONS = 1500
RELAX_SHARE = 0.3
RENS_SHARE = 0.33
SEARCH_SHARE = 0.05
# Deterministic runs bound column generation by LP solves per second of budget.
RELAX_ROUNDS_PER_SECOND = 25


def relax_then_search(
    problem: Problem,
    options: Sequence[Option],
    warm: list[Placement],
    budget: float,
    workers: int,
    seed: int,
) -> BatchResult:
    """Column generation; CP-SAT on the pairs its LP uses; a short LNS; on smaller
    batches a proof after reduced-cost fixing; then LNS on the whole batch.

    Stops as soon as a plan meets the proven bound.
    """
    started = time.perf_counter()
    share = budget * RELAX_SHARE
    rounds = int(RELAX_ROUNDS_PER_SECOND * share) if workers == 1 else None
    relaxation = relax(problem, options, warm, share, rounds)
    bound = relaxation.bound
    found = rens(problem, options, relaxation, budget * RENS_SHARE, workers, seed)
    starts = [plan for plan in (found, warm) if plan]
    best = min(starts, key=lambda plan: scaled_objective(problem, options, plan), default=warm)
    # A short LNS to the bound first: where the bound is tight it ends the batch, and
    # the proof's run time is heavy-tailed (gap8-1: 0.2 s or 1.1 s for the same model).
    best = improve(problem, options, best, budget * SEARCH_SHARE, workers, seed, bound)
    if scaled_objective(problem, options, best) <= bound * SCALE + 1e-6:
        return BatchResult("optimal", best, bound, [])
    planned = RELAX_SHARE + RENS_SHARE + SEARCH_SHARE
    if len(options) <= FIXING_MAX_OPTIONS:
        planned += PROOF_SHARE
        proof = budget * PROOF_SHARE
        best, proven = prove(problem, options, relaxation, best, proof, workers, seed)
        if proven:
            value = scaled_objective(problem, options, best) / SCALE
            return BatchResult("optimal", best, value, [])
    left = budget - used(budget * planned, workers, started)
    best = improve(problem, options, best, left, workers, seed, bound)
    return BatchResult("feasible", best, bound, [])


def prove(
    problem: Problem,
    options: Sequence[Option],
    relaxation: Relaxation,
    plan: list[Placement],
    seconds: float,
    workers: int,
    seed: int,
) -> tuple[list[Placement], bool]:
    """The best of `plan` and what CP-SAT finds within `seconds` among the options
    reduced-cost fixing leaves, and whether it is proven optimal."""
    value = scaled_objective(problem, options, plan)
    fixing = fix_by_prices(problem, options, relaxation, value)
    allowed = fixing.allowed
    local = {p: k for k, p in enumerate(allowed)}
    requests = {o.request for o in options}
    # As in rens(): where serving dominates, a plan that serves everyone is only
    # beaten by plans that do too, and CP-SAT proves much faster told so.
    keep_all = len({options[p].request for p, _ in plan}) == len(requests)
    dominates = keep_all and serving_dominates(problem, scores_by_request(options))
    bm = build(problem, [options[p] for p in allowed], serve=requests if dominates else ())
    for p in fixing.required:
        bm.model.add(bm.chosen[local[p]] == 1)
    bm.model.add(bm.objective <= value - relaxation.step)
    solver = parameters(seconds, workers, seed)
    status = solver.status_name(solver.solve(bm.model))
    if status == "INFEASIBLE":
        return plan, True
    if status in ("OPTIMAL", "FEASIBLE"):
        # A better plan, even unproven, is kept: LNS from it stops at once when it
        # meets the bound (gap8-1: 1.2 s instead of 7 s when the proof ran out).
        return [(allowed[k], start) for k, start in extract(bm, solver)], status == "OPTIMAL"
    return plan, False


def rens(
    problem: Problem,
    options: Sequence[Option],
    relaxation: Relaxation,
    seconds: float,
    workers: int,
    seed: int,
) -> list[Placement]:
    """The batch restricted to the LP's pairs, each request the LP serves served too.

    Serving them is a restriction that CP-SAT exploits well; if it leaves no
    plan, the search repeats without it.
    """
    began = time.perf_counter()
    support = relaxation.support
    for serve in (relaxation.covered, set()):
        bm = build(problem, [options[p] for p in support], serve=serve)
        left = seconds - (time.perf_counter() - began) if workers > 1 else seconds / 2
        solver = parameters(left, workers, seed)
        if solver.status_name(solver.solve(bm.model)) in ("OPTIMAL", "FEASIBLE"):
            return [(support[k], start) for k, start in extract(bm, solver)]
    return []
