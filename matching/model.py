"""Build, hint, solve and read back one CP-SAT model for a batch of options."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matching.constraints import (
    BatchModel,
    add_capacity,
    add_max_tasks,
    add_no_overlap,
    add_one_slot_per_pair,
    add_pins,
    add_same_start,
    add_staffing,
)
from matching.eligibility import Option
from matching.objective import unfilled_penalty
from matching.problem import HelpRequest, Problem

# Objective coefficients are scaled to integers (hundredths of a unit).
SCALE = 100

Placement = tuple[int, int]  # (option position in the batch, start minute)


@dataclass(frozen=True)
class BatchResult:
    """What the solver found for one batch."""

    status: str
    placements: list[Placement]
    bound: float | None
    pin_conflicts: list[tuple[int, int]]


def _most_tasks(bm: BatchModel, j: int, positions: list[int]) -> int:
    """An upper bound on how many tasks volunteer j can take in this batch."""
    v = bm.problem.volunteers[j]
    most = len({bm.options[p].request for p in positions})
    if v.max_tasks is not None:
        most = min(most, v.max_tasks)
    shortest = max(1, min(bm.options[p].busy for p in positions))
    free = sum((slot.end - slot.start).total_seconds() // 60 for slot in v.availability) or float(
        "inf"
    )
    if v.capacity_minutes is not None:
        free = min(free, v.capacity_minutes)
    return int(min(most, free // shortest)) if free != float("inf") else most


def add_fairness(bm: BatchModel) -> cp_model.LinearExpr | int:
    """Convex workload term: sum over volunteers of n(n-1)/2, via tangent cuts on n."""
    if bm.problem.weights.fairness <= 0:
        return 0
    terms = []
    for j, positions in bm.by_volunteer().items():
        most = _most_tasks(bm, j, positions)
        if most < 2:
            continue
        tasks = bm.model.new_int_var(0, most, f"tasks{j}")
        bm.model.add(tasks == sum(bm.chosen[p] for p in positions))
        excess = bm.model.new_int_var(0, most * (most - 1) // 2, f"fair{j}")
        for k in range(1, most):
            bm.model.add(excess >= k * tasks - k * (k + 1) // 2)
        terms.append(excess)
        bm.workload[j] = (tasks, excess)
    return cp_model.LinearExpr.sum(terms) * round(bm.problem.weights.fairness * SCALE)


def build(
    problem: Problem,
    options: Sequence[Option],
    enforce_pins: bool = True,
    serve: Collection[int] = (),
) -> BatchModel:
    """A model with every hard rule and objective term over the given options.

    With `enforce_pins` false the pin literals are left free, to be used as
    assumptions when explaining infeasibility. Requests in `serve` must be
    served: a restriction that callers use where it cannot cut off a better
    plan, because exactly-one rows let CP-SAT prune far better than large
    unfilled penalties do.
    """
    bm = BatchModel(problem, list(options))

    def penalty(r: HelpRequest) -> int:
        return round(unfilled_penalty(problem, r) * SCALE)

    bm.chosen = [bm.model.new_bool_var(f"x{p}") for p in range(len(bm.options))]
    for i in bm.by_request():
        if problem.requests[i].volunteers_needed > 1:
            bm.filled[i] = bm.model.new_bool_var(f"filled{i}")
    add_one_slot_per_pair(bm)
    add_staffing(bm, set(serve))
    add_same_start(bm)
    add_no_overlap(bm)
    add_capacity(bm)
    add_max_tasks(bm)
    add_pins(bm)
    if enforce_pins:
        for literal in bm.pins.values():
            bm.model.add(literal == 1)
    # A served request's penalty is a constant: kept out of the coefficients, whose
    # small differences it would otherwise drown.
    served = {o.request for o in bm.options if o.request in serve}
    pair_coefs = [
        round(o.score * SCALE)
        - (
            0
            if o.request in bm.filled or o.request in served
            else penalty(problem.requests[o.request])
        )
        for o in bm.options
    ]
    fill_coefs = [-penalty(problem.requests[i]) for i in bm.filled]
    bm.objective = (
        cp_model.LinearExpr.weighted_sum(bm.chosen, pair_coefs)
        + cp_model.LinearExpr.weighted_sum(list(bm.filled.values()), fill_coefs)
        + add_fairness(bm)
        - sum(penalty(problem.requests[i]) for i in served if i not in bm.filled)
    )
    bm.model.minimize(bm.objective)
    return bm


def add_hint(bm: BatchModel, placements: Sequence[Placement]) -> None:
    """Warm start from a known feasible plan (e.g. greedy or the plan in force)."""
    chosen = dict(placements)
    for p, var in enumerate(bm.chosen):
        bm.model.add_hint(var, p in chosen)
    filled = {bm.options[p].request for p in chosen}
    for i, var in bm.filled.items():
        bm.model.add_hint(var, i in filled)
    for p, var in bm.starts.items():
        bm.model.add_hint(var, chosen.get(p, bm.options[p].earliest))
    starts = {bm.options[p].request: s for p, s in chosen.items()}
    groups = bm.by_request()
    for i, var in bm.common_start.items():
        low = min(bm.options[p].earliest for p in groups[i])
        high = max(bm.options[p].latest for p in groups[i])
        bm.model.add_hint(var, min(max(starts.get(i, low), low), high))
    load: dict[int, int] = {}
    for p in chosen:
        load[bm.options[p].volunteer] = load.get(bm.options[p].volunteer, 0) + 1
    for j, (tasks, excess) in bm.workload.items():
        n = load.get(j, 0)
        bm.model.add_hint(tasks, n)
        bm.model.add_hint(excess, n * (n - 1) // 2)


def parameters(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    """A solver with explicit limits; one worker also means deterministic time."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if workers == 1:
        # Wall-clock limits make runs differ; deterministic time does not.
        solver.parameters.max_deterministic_time = max(time_limit, 0.05)
        solver.parameters.max_time_in_seconds = max(3 * time_limit, 1.0)
    else:
        solver.parameters.max_time_in_seconds = max(time_limit, 0.05)
    return solver


def solve_batch(bm: BatchModel, time_limit: float, workers: int, seed: int) -> BatchResult:
    """Solve; on infeasibility find the pins to blame."""
    solver = parameters(time_limit, workers, seed)
    status = solver.status_name(solver.solve(bm.model))
    if status in ("OPTIMAL", "FEASIBLE"):
        return BatchResult(
            status.lower(),
            extract(bm, solver),
            solver.best_objective_bound / SCALE,
            [],
        )
    if status == "INFEASIBLE":
        return BatchResult("infeasible", [], None, blame_pins(bm, time_limit, seed))
    return BatchResult("unknown", [], None, [])


def blame_pins(bm: BatchModel, time_limit: float, seed: int) -> list[tuple[int, int]]:
    """A small set of pins that cannot hold together (an infeasibility core)."""
    fresh = build(bm.problem, bm.options, enforce_pins=False)
    fresh.model.add_assumptions(list(fresh.pins.values()))
    solver = parameters(time_limit, 1, seed)
    solver.solve(fresh.model)
    core = set(solver.sufficient_assumptions_for_infeasibility())
    found = [pin for pin, lit in fresh.pins.items() if lit.index in core]
    return found or list(fresh.pins)


def extract(bm: BatchModel, solver: cp_model.CpSolver) -> list[Placement]:
    """Chosen options with start minutes; stacked clusters are laid back to back."""
    placements: list[Placement] = []
    for p, s in bm.starts.items():
        if solver.boolean_value(bm.chosen[p]):
            placements.append((p, solver.value(s)))
    for cluster in bm.stacked:
        cursor = min(bm.options[p].region[0] for p in cluster)
        for p in cluster:
            if p in bm.starts or not solver.boolean_value(bm.chosen[p]):
                continue
            o = bm.options[p]
            placements.append((p, cursor + o.before))
            cursor += o.busy
    return placements
