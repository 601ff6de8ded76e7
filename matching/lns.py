"""Large-neighbourhood search over one batch, with CP-SAT as the repair step.

Each step frees a few volunteers that compete for the same requests (a walk
on the eligibility graph from a random volunteer, half of the time one who
could serve an unfilled request), keeps every other assignment fixed, and
re-solves only the freed part. A step is kept when it lowers the objective.
Neighbourhoods grow while steps solve to optimality and shrink when they
time out. With several workers, disjoint neighbourhoods are repaired in
parallel threads (CP-SAT releases the GIL); with one worker the search is
sequential and bounded by deterministic time, so it repeats exactly.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from matching.eligibility import Option, scores_by_request
from matching.model import SCALE, Placement, add_hint, build, extract, parameters
from matching.objective import serving_dominates, unfilled_penalty
from matching.problem import Problem

MAX_FREED = 64
RIVALS_PER_STEP = 3
UNFILLED_SEEDS = 0.5
START_SIZE = 60
MAX_SIZE = 150
STEP_SECONDS = 0.2
# One worker: a step's deterministic-time cap and the assumed wall time per step
# (city-week repairs took about 0.015 s each; the wall-clock stop at twice the
# budget is there for slower machines).
STEP_DETERMINISTIC = 0.03
STEP_WALL_ESTIMATE = 0.03


def scaled_objective(problem: Problem, options: Sequence[Option], plan: Sequence[Placement]) -> int:
    """The model objective of a plan, in the model's integer units."""
    total = 0
    tasks: dict[int, int] = defaultdict(int)
    filled = set()
    for p, _ in plan:
        total += round(options[p].score * SCALE)
        tasks[options[p].volunteer] += 1
        filled.add(options[p].request)
    total -= sum(round(unfilled_penalty(problem, problem.requests[i]) * SCALE) for i in filled)
    fairness = round(problem.weights.fairness * SCALE)
    return total + sum(fairness * n * (n - 1) // 2 for n in tasks.values())


class Neighbourhoods:
    """Picks groups of volunteers that compete for requests."""

    def __init__(self, options: Sequence[Option], seed: int) -> None:
        self.options = options
        self.rng = random.Random(seed)
        self.by_volunteer: dict[int, list[int]] = defaultdict(list)
        self.by_request: dict[int, list[int]] = defaultdict(list)
        for p, o in enumerate(options):
            self.by_volunteer[o.volunteer].append(p)
            self.by_request[o.request].append(p)
        self.volunteers = sorted(self.by_volunteer)

    def pick(self, unfilled: list[int]) -> list[int]:
        """Volunteers in breadth-first order from a random (often under-used) one."""
        if unfilled and self.rng.random() < UNFILLED_SEEDS:
            p = self.rng.choice(self.by_request[self.rng.choice(unfilled)])
            start = self.options[p].volunteer
        else:
            start = self.rng.choice(self.volunteers)
        order, seen, frontier = [start], {start}, [start]
        while frontier and len(order) < MAX_FREED:
            j = frontier.pop(self.rng.randrange(len(frontier)))
            rivals = {
                self.options[q].volunteer
                for p in self.by_volunteer[j]
                for q in self.by_request[self.options[p].request]
            } - seen
            for k in self.rng.sample(sorted(rivals), min(len(rivals), RIVALS_PER_STEP)):
                seen.add(k)
                order.append(k)
                frontier.append(k)
        return order


class Search:
    """The incumbent plan and the bookkeeping to free and repair parts of it."""

    def __init__(
        self, problem: Problem, options: Sequence[Option], plan: list[Placement], seed: int
    ):
        self.problem = problem
        self.options = options
        self.current = dict(plan)
        self.hoods = Neighbourhoods(options, seed)
        self.serving_dominates = serving_dominates(problem, scores_by_request(options))

    def keeps_all_served(self) -> bool:
        """Whether no repair need ever unserve a request: the plan serves them all and
        serving dominates the objective (see objective.serving_dominates)."""
        return self.serving_dominates and len(self.served_by()) == len(self.hoods.by_request)

    def served_by(self) -> dict[int, set[int]]:
        """Volunteers currently serving each request."""
        found: dict[int, set[int]] = defaultdict(set)
        for p in self.current:
            found[self.options[p].request].add(self.options[p].volunteer)
        return found

    def neighbourhood(self, size: int, taken: set[int]) -> list[int]:
        """Options of freed volunteers for requests no one outside them serves."""
        served = self.served_by()
        serving: dict[int, set[int]] = defaultdict(set)
        for i, volunteers in served.items():
            for k in volunteers:
                serving[k].add(i)
        unfilled = [i for i in self.hoods.by_request if i not in served]
        free: set[int] = set()
        part: list[int] = []
        for j in self.hoods.pick(unfilled):
            if j in taken:
                continue
            free.add(j)
            movable = self._movable(free, {i: served[i] for j in free for i in serving[j]})
            part = [
                p
                for k in movable
                for p in self.hoods.by_volunteer[k]
                if served.get(self.options[p].request, set()) <= movable
            ]
            if len(part) >= size:
                break
        return part

    @staticmethod
    def _movable(free: set[int], served: dict[int, set[int]]) -> set[int]:
        """Freed volunteers none of whose requests is shared with a fixed volunteer."""
        movable = set(free)
        mine = [vs for vs in served.values() if vs & movable]
        changed = True
        while changed:
            changed = False
            for volunteers in mine:
                # A duo partly served from outside keeps its freed members fixed too.
                if volunteers & movable and not volunteers <= movable:
                    movable -= volunteers
                    changed = True
        return movable

    def repair(self, part: list[int], seconds: float, seed: int) -> tuple[str, list[Placement]]:
        """Re-solve one freed part; returns its status and the better placements, if any."""
        local = {p: k for k, p in enumerate(part)}
        before = [(local[p], s) for p, s in self.current.items() if p in local]
        options = [self.options[p] for p in part]
        serve = {o.request for o in options} if self.keeps_all_served() else set()
        bm = build(self.problem, options, serve=serve)
        add_hint(bm, before)
        solver = parameters(seconds, 1, seed)
        # Repair models are small: presolve costs more than it saves (measured:
        # about 2 % better objectives in the same time on city weeks).
        solver.parameters.cp_model_presolve = False
        if seconds != STEP_DETERMINISTIC:
            solver.parameters.max_time_in_seconds = seconds
            solver.parameters.max_deterministic_time = float("inf")
        status = solver.status_name(solver.solve(bm.model))
        if status not in ("OPTIMAL", "FEASIBLE"):
            return status, []
        if solver.objective_value < scaled_objective(self.problem, bm.options, before) - 0.5:
            return status, [(part[k], s) for k, s in extract(bm, solver)]
        return status, []

    def objective(self) -> int:
        """The incumbent's objective in the model's integer units."""
        return scaled_objective(self.problem, self.options, list(self.current.items()))

    def accept(self, part: list[int], better: list[Placement]) -> None:
        """Replace the placements of a repaired part."""
        for p in part:
            self.current.pop(p, None)
        self.current.update(better)


def improve(
    problem: Problem,
    options: Sequence[Option],
    plan: list[Placement],
    budget: float,
    workers: int,
    seed: int,
    bound: float | None = None,
) -> list[Placement]:
    """Repeatedly re-solve freed neighbourhoods of `plan` until the budget is spent,
    or until the plan meets `bound` (a lower bound in model units, if known)."""
    search = Search(problem, options, plan, seed)
    if len(search.hoods.volunteers) < 2:
        return plan
    size = min(START_SIZE, len(options))
    began = time.perf_counter()
    steps = int(budget / STEP_WALL_ESTIMATE) if workers == 1 else None
    step = 0
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while time.perf_counter() - began < (
            budget - STEP_SECONDS if steps is None else 2 * budget
        ):
            if steps is not None and step >= steps:
                break
            if bound is not None and search.objective() <= bound * SCALE + 0.5:
                break
            taken: set[int] = set()
            parts: list[list[int]] = []
            for _ in range(max(1, workers)):
                part = search.neighbourhood(size, taken)
                if part:
                    taken |= {options[p].volunteer for p in part}
                    claimed = {options[p].request for q in parts for p in q}
                    parts.append([p for p in part if options[p].request not in claimed])
            seconds = STEP_SECONDS if steps is None else STEP_DETERMINISTIC
            futures = [
                pool.submit(search.repair, part, seconds, seed + step + k)
                for k, part in enumerate(parts)
            ]
            step += 1
            for part, future in zip(parts, futures, strict=True):
                status, better = future.result()
                if status == "OPTIMAL":
                    size = min(MAX_SIZE, len(options), int(size * 1.1) + 1)
                else:
                    size = max(20, int(size * 0.7))
                if better:
                    search.accept(part, better)
    return sorted(search.current.items())
