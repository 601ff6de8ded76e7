"""Capacity-only batches: a Dantzig-Wolfe relaxation and the pairs it uses.

When no time conflict can arise (each volunteer's options share one stretch
of time) and there are no duos, pins or fairness, a batch is a generalized
assignment problem: each volunteer takes a set of requests whose busy
minutes fit a capacity. Its linear relaxation over whole *workloads* (the
Dantzig-Wolfe master: choose at most one workload per volunteer, cover each
request once or pay its unfilled penalty) is much tighter than the one over
single pairs; the pair model's LP lets a volunteer take fractions of requests.

Workloads are generated as needed (column generation): the LP's prices for
requests turn each volunteer's best workload into a 0-1 knapsack, solved by
OR-Tools' knapsack solver. Prices are smoothed towards the best ones seen
(Wentges), and a short subgradient run gives the first prices. Every
knapsack round yields a Lagrangian bound that is valid even before the
generation converges. The pairs used by the LP solution are where good plans
live: the batch model restricted to them (relaxation-induced neighbourhood
search) is small and solves fast.
"""

from __future__ import annotations

import math
import time
import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ortools.algorithms.python import knapsack_solver

from matching.eligibility import Option
from matching.model import SCALE, Placement
from matching.objective import unfilled_penalty
from matching.problem import Problem

with warnings.catch_warnings():
    # See packing.py: SWIG's init warning would crash the import under -W error.
    warnings.filterwarnings("ignore", "builtin type .* has no __module__", DeprecationWarning)
    from ortools.linear_solver import pywraplp

SMOOTHING = 0.8
WARM_UP_ROUNDS = 40
# The master LP is rebuilt with its best columns when it grows past twice this.
KEPT_COLUMNS = 400
# Knapsack profits are integers: prices are kept to 1/PRECISION of a model unit.
PRECISION = 1024
TOLERANCE = 1e-4
SLACK_CEILING = 10


@dataclass(frozen=True)
class Relaxation:
    """What column generation learnt: the pairs its LP uses and a valid lower bound."""

    support: list[int]
    covered: set[int]
    bound: float
    prices: dict[int, float]
    step: int


def capacity_only(problem: Problem, options: Sequence[Option]) -> bool:
    """Whether the batch is a generalized assignment problem (see the module docstring)."""
    if problem.weights.fairness > 0:
        return False
    regions: dict[int, tuple[int, int]] = {}
    pairs = set()
    for o in options:
        r = problem.requests[o.request]
        if r.volunteers_needed > 1 or r.pinned_volunteers:
            return False
        if regions.setdefault(o.volunteer, o.region) != o.region:
            return False
        if (o.request, o.volunteer) in pairs:
            return False
        pairs.add((o.request, o.volunteer))
    return bool(options)


def _most_items(weights: list[int], limits: list[int]) -> int:
    """How many of these items fit at most (each truncated profit loses under one unit)."""
    count, load = 0, 0
    for weight in sorted(weights):
        if load + weight > limits[0] or (len(limits) > 1 and count >= limits[1]):
            break
        load += weight
        count += 1
    return count


class Workload(NamedTuple):
    """A volunteer's best workload at some prices, and its profit's upper bound."""

    volunteer: int
    chosen: list[int]
    profit: float


class _Workloads:
    """The volunteers of a capacity-only batch as knapsacks over their options."""

    def __init__(self, problem: Problem, options: Sequence[Option]) -> None:
        self.options = options
        self.by_volunteer: dict[int, list[int]] = defaultdict(list)
        for p, o in enumerate(options):
            self.by_volunteer[o.volunteer].append(p)
        self.volunteers = sorted(self.by_volunteer)
        self.requests = sorted({o.request for o in options})
        self.penalty = {
            i: round(unfilled_penalty(problem, problem.requests[i]) * SCALE) for i in self.requests
        }
        self.cost = [round(o.score * SCALE) for o in options]
        # The LP pays at most this for an unfilled request: a penalty far above every
        # cost (as in GAP encodings) leaves GLOP's LP badly scaled. A lower price keeps
        # the LP a relaxation, so its bounds stay valid.
        ceiling = SLACK_CEILING * max([abs(c) for c in self.cost] + [1])
        self.slack = {i: min(self.penalty[i], ceiling) for i in self.requests}
        self.limits: dict[int, list[int]] = {}
        for j in self.volunteers:
            v = problem.volunteers[j]
            low, high = options[self.by_volunteer[j][0]].region
            minutes = high - low
            if v.capacity_minutes is not None:
                minutes = min(minutes, v.capacity_minutes)
            self.limits[j] = [minutes] if v.max_tasks is None else [minutes, v.max_tasks]
        one = all(len(limit) == 1 for limit in self.limits.values())
        kind = (
            knapsack_solver.SolverType.KNAPSACK_DYNAMIC_PROGRAMMING_SOLVER
            if one
            else knapsack_solver.SolverType.KNAPSACK_MULTIDIMENSION_BRANCH_AND_BOUND_SOLVER
        )
        self.knapsack = knapsack_solver.KnapsackSolver(kind, "workload")

    def best(
        self, j: int, price: dict[int, float], forced: int | None = None, banned: int | None = None
    ) -> tuple[list[int], float]:
        """Volunteer j's most profitable workload at these prices and an upper bound on
        its profit (profits are truncated to integers for the knapsack solver).

        `forced` must be in the workload, `banned` must not; None if nothing fits.
        """
        limits = list(self.limits[j])
        base, head = 0.0, []
        if forced is not None:
            base, head = self.profit(forced, price), [forced]
            limits[0] -= self.options[forced].busy
            if len(limits) > 1:
                limits[1] -= 1
            if min(limits) < 0:
                return [], -float("inf")
        items = [
            p
            for p in self.by_volunteer[j]
            if self.profit(p, price) > TOLERANCE
            and p not in (forced, banned)
            and self.options[p].busy <= limits[0]
        ]
        if not items:
            return head, base
        weights = [[self.options[p].busy for p in items]]
        if len(limits) > 1:
            weights.append([1] * len(items))
        self.knapsack.init([int(self.profit(p, price) * PRECISION) for p in items], weights, limits)
        self.knapsack.solve()
        chosen = [p for k, p in enumerate(items) if self.knapsack.best_solution_contains(k)]
        slack = _most_items([self.options[p].busy for p in items], limits) / PRECISION
        return head + chosen, base + sum(self.profit(p, price) for p in chosen) + slack

    def profit(self, p: int, price: dict[int, float]) -> float:
        """What serving option p gains at these prices."""
        return price[self.options[p].request] - self.cost[p]

    def lagrangian(self, price: dict[int, float]) -> tuple[float, list[Workload]]:
        """The Lagrangian bound at these prices and each volunteer's best workload."""
        bound = sum(min(price[i], self.penalty[i]) for i in self.requests)
        found = []
        for j in self.volunteers:
            chosen, profit = self.best(j, price)
            bound -= profit
            found.append(Workload(j, chosen, profit))
        return bound, found


# Prices of requests, and of each volunteer's single workload.
Prices = tuple[dict[int, float], dict[int, float]]


class _Master:
    """The Dantzig-Wolfe master LP over the workloads generated so far."""

    def __init__(self, workloads: _Workloads, columns: list[tuple[int, list[int]]]) -> None:
        self.w = workloads
        self.columns: list[tuple[int, list[int]]] = []
        self.chosen: list[pywraplp.Variable] = []
        self.unfilled: dict[int, pywraplp.Variable] = {}
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        solver = self.solver
        self.cover = {i: solver.Constraint(1, 1) for i in workloads.requests}
        self.once = {j: solver.Constraint(0, 1) for j in workloads.volunteers}
        objective = solver.Objective()
        for i, row in self.cover.items():
            self.unfilled[i] = solver.NumVar(0, 1, "")
            row.SetCoefficient(self.unfilled[i], 1)
            objective.SetCoefficient(self.unfilled[i], workloads.slack[i])
        objective.SetMinimization()
        for j, chosen in columns:
            self.add(j, chosen)

    def add(self, j: int, chosen: list[int]) -> None:
        """A workload of volunteer j as a new column."""
        var = self.solver.NumVar(0, 1, "")
        self.once[j].SetCoefficient(var, 1)
        for p in chosen:
            self.cover[self.w.options[p].request].SetCoefficient(var, 1)
        self.solver.Objective().SetCoefficient(var, sum(self.w.cost[p] for p in chosen))
        self.columns.append((j, chosen))
        self.chosen.append(var)

    def solve(self) -> Prices | None:
        """The LP's prices; None if GLOP fails."""
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        return (
            {i: row.dual_value() for i, row in self.cover.items()},
            {j: row.dual_value() for j, row in self.once.items()},
        )

    def pruned(self) -> _Master:
        """A fresh master holding the columns in use and those closest to entering."""
        used = [var.solution_value() > 1e-9 for var in self.chosen]
        reduced = [var.reduced_cost() for var in self.chosen]
        order = sorted(range(len(self.columns)), key=lambda k: (not used[k], reduced[k]))
        return _Master(self.w, [self.columns[k] for k in order[:KEPT_COLUMNS]])

    def covered(self) -> set[int]:
        """Requests the LP serves in full."""
        return {i for i, var in self.unfilled.items() if var.solution_value() < 1e-6}

    def support(self) -> list[int]:
        """Options in workloads the LP uses."""
        return sorted(
            {
                p
                for (_, chosen), var in zip(self.columns, self.chosen, strict=True)
                if var.solution_value() > 1e-9
                for p in chosen
            }
        )


def _solved(master: _Master) -> tuple[_Master, Prices | None]:
    """The master and its prices.

    GLOP's warm start after new columns now and then ends ABNORMAL; a fresh
    build of the same LP then solves.
    """
    prices = master.solve()
    if prices is None:
        master = _Master(master.w, master.columns)
        prices = master.solve()
    return master, prices


def _pair_prices(w: _Workloads) -> dict[int, float]:
    """Request prices from the LP over single pairs: cheap, and where volunteers take
    many requests each, nearly as tight as the workload LP, which converges slowly there.
    """
    solver = pywraplp.Solver.CreateSolver("GLOP")
    cover = {i: solver.Constraint(1, 1) for i in w.requests}
    objective = solver.Objective()
    for i, row in cover.items():
        unfilled = solver.NumVar(0, 1, "")
        row.SetCoefficient(unfilled, 1)
        objective.SetCoefficient(unfilled, w.slack[i])
    rows = {
        j: [solver.Constraint(-solver.infinity(), limit) for limit in w.limits[j]]
        for j in w.volunteers
    }
    for p, o in enumerate(w.options):
        var = solver.NumVar(0, 1, "")
        cover[o.request].SetCoefficient(var, 1)
        for row, use in zip(rows[o.volunteer], (o.busy, 1), strict=False):
            row.SetCoefficient(var, use)
        objective.SetCoefficient(var, w.cost[p])
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return {i: 0.0 for i in w.requests}
    return {i: min(row.dual_value(), float(w.slack[i])) for i, row in cover.items()}


def _first_prices(
    w: _Workloads, target: float
) -> tuple[float, dict[int, float], list[tuple[int, list[int]]]]:
    """A short subgradient run from the pair LP's prices: the best Lagrangian bound, its
    prices, and the knapsack solutions that seed the master."""
    price = _pair_prices(w)
    best, best_price = -float("inf"), dict(price)
    columns: list[tuple[int, list[int]]] = []
    for _ in range(WARM_UP_ROUNDS):
        bound, found = w.lagrangian(price)
        columns += [(j, chosen) for j, chosen, _ in found if chosen]
        if bound > best:
            best, best_price = bound, dict(price)
        served: dict[int, int] = defaultdict(int)
        for _, chosen, _ in found:
            for p in chosen:
                served[w.options[p].request] += 1
        step = {i: 1 - served[i] for i in w.requests}
        norm = sum(s * s for s in step.values())
        if norm == 0 or target <= bound:
            break
        size = (target - bound) / norm
        price = {i: min(price[i] + size * step[i], float(w.slack[i])) for i in w.requests}
    return best, best_price, columns


def relax(
    problem: Problem,
    options: Sequence[Option],
    warm: Sequence[Placement],
    seconds: float,
    rounds: int | None = None,
) -> Relaxation:
    """Column generation for `seconds` (or `rounds` LP solves, for repeatable runs)."""
    began = time.perf_counter()
    w = _Workloads(problem, options)
    filled = {options[p].request for p, _ in warm}
    target = sum(w.cost[p] for p, _ in warm) + sum(
        w.penalty[i] for i in w.requests if i not in filled
    )
    best, center, seeds = _first_prices(w, target)
    master = _Master(w, seeds)
    solves = 0
    while (time.perf_counter() - began < seconds) if rounds is None else solves < rounds:
        master, prices = _solved(master)
        solves += 1
        if prices is not None and len(master.columns) > 2 * KEPT_COLUMNS:
            master, prices = _solved(master.pruned())
        if prices is None:
            break
        price, once = prices
        smooth = {i: SMOOTHING * center[i] + (1 - SMOOTHING) * price[i] for i in w.requests}
        added = 0
        for trial in (smooth, price):
            bound, found = w.lagrangian(trial)
            if bound > best:
                best, center = bound, trial
            for j, chosen, _ in found:
                gain = sum(price[options[p].request] - w.cost[p] for p in chosen) + once[j]
                if chosen and gain > TOLERANCE:
                    master.add(j, chosen)
                    added += 1
            if added:
                break
        if not added:
            break  # converged: no workload prices out
    master, prices = _solved(master)
    # Every plan's model objective is a sum of option coefficients, hence a multiple
    # of their greatest common divisor: the bound rounds up to the next one.
    step = math.gcd(*(w.cost[p] - w.penalty[o.request] for p, o in enumerate(options)))
    bound = best - sum(w.penalty.values())
    if step > 0:
        bound = math.ceil(bound / step - 1e-9) * step
    if prices is None:
        return Relaxation([], set(), bound / SCALE, center, max(step, 1))
    return Relaxation(master.support(), master.covered(), bound / SCALE, center, max(step, 1))


@dataclass(frozen=True)
class Fixing:
    """Options that a plan better than a given one may use, and those it must use."""

    allowed: list[int]
    required: list[int]


def fix_by_prices(
    problem: Problem, options: Sequence[Option], relaxation: Relaxation, incumbent: float
) -> Fixing:
    """Lagrangian reduced-cost fixing against a plan of model value `incumbent` (scaled).

    Forcing an option into its volunteer's workload (or banning it) changes that
    volunteer's knapsack, and so raises the Lagrangian bound; when the raised bound
    exceeds every value better than the incumbent, no better plan serves (or
    skips) that option.
    """
    w = _Workloads(problem, options)
    price = relaxation.prices
    target = incumbent + sum(w.penalty.values()) - relaxation.step + TOLERANCE
    bound, found = w.lagrangian(price)
    allowed, required = [], []
    for j, chosen, top in found:
        for p in w.by_volunteer[j]:
            if p in chosen:
                _, without = w.best(j, price, banned=p)
                allowed.append(p)
                if bound + top - without > target:
                    required.append(p)
            else:
                _, forced = w.best(j, price, forced=p)
                if bound + top - forced <= target:
                    allowed.append(p)
    return Fixing(sorted(allowed), required)
