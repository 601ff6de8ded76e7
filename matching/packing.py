"""The batch as set packing: one pattern per cluster, each request served once.

Every hard rule holds by construction or as a linear row: a pattern is
feasible in time (rules 2-4), clusters take at most one pattern, capacity and
max_tasks are sums over a volunteer's patterns (rule 5), a duo is served by
`need` patterns of distinct volunteers that agree on a start variable
(rule 6), pins are equalities (rule 7). The objective is the model's
(scaled) objective including the fairness term.

Its linear relaxation is far tighter than that of the interval model, so a
MIP solver finds near-optimal plans fast. Large batches keep only the
patterns whose LP reduced cost is small (price and branch): any plan that
uses a dropped pattern costs at least the LP value plus that reduced cost,
which keeps the reported bound valid.
"""

from __future__ import annotations

import time
import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

with warnings.catch_warnings():
    # SWIG's module init warns about its builtin types; under -W error that warning
    # leaves a NULL type behind and the import crashes the interpreter.
    warnings.filterwarnings("ignore", "builtin type .* has no __module__", DeprecationWarning)
    from ortools.linear_solver import pywraplp

from matching.eligibility import Option
from matching.model import SCALE, BatchResult, Placement
from matching.objective import unfilled_penalty
from matching.patterns import (
    PATTERN_CAP,
    Pattern,
    cluster_patterns,
    overlap_clusters,
    pattern_of,
    schedule,
)
from matching.problem import Problem

# Columns handed to the MIP solver; more are filtered by LP reduced cost.
MIP_COLUMNS = 5000
# Past this many patterns the LP alone takes too long: such batches use LNS only.
BATCH_PATTERNS = 60000
# Deterministic runs search past the root only on models this small.
SMALL_MODEL = 3000
# Below this, GLOP's solve costs more than it saves.
LP_FILTER_MIN = 8000


@dataclass
class Columns:
    """The patterns of a batch and where each cluster's patterns start."""

    patterns: list[Pattern] = field(default_factory=list)
    complete: bool = True
    clusters: list[list[int]] = field(default_factory=list)


def batch_columns(
    problem: Problem,
    options: Sequence[Option],
    limit: int = BATCH_PATTERNS,
    cap: int = PATTERN_CAP,
) -> Columns | None:
    """Every pattern of every cluster of the batch (`cap` per cluster); None past `limit`."""
    duos = {o.request for o in options if problem.requests[o.request].volunteers_needed > 1}
    by_volunteer: dict[int, list[int]] = defaultdict(list)
    for p, o in enumerate(options):
        by_volunteer[o.volunteer].append(p)
    columns = Columns()
    for j in sorted(by_volunteer):
        for cluster in overlap_clusters(options, by_volunteer[j]):
            found, complete = cluster_patterns(options, cluster, len(columns.clusters), duos, cap)
            columns.clusters.append(cluster)
            columns.patterns += found
            columns.complete &= complete
            if len(columns.patterns) > limit:
                return None
    return columns


@dataclass
class PackingModel:
    """A pywraplp model of the batch over a list of patterns."""

    solver: pywraplp.Solver
    patterns: list[Pattern]
    chosen: list[pywraplp.Variable]
    filled: dict[int, pywraplp.Variable]
    starts: dict[int, pywraplp.Variable]


class _Builder:
    """Rows of the packing model, shared by the LP (GLOP) and the MIP (SCIP)."""

    def __init__(self, problem: Problem, options: Sequence[Option], integer: bool) -> None:
        self.problem = problem
        self.options = options
        self.integer = integer

    def build(self, solver: pywraplp.Solver, patterns: list[Pattern]) -> PackingModel:
        """Variables, rows and objective over `patterns`."""
        self.solver = solver
        self.rows: dict[tuple[str, int, int], pywraplp.Constraint] = {}
        model = PackingModel(solver, patterns, [self._var(0, 1) for _ in patterns], {}, {})
        objective = solver.Objective()
        for i in sorted({o.request for o in self.options}):
            r = self.problem.requests[i]
            if r.volunteers_needed > 1:
                model.filled[i] = self._var(0, 1)
                self._row("need", i).SetCoefficient(model.filled[i], -r.volunteers_needed)
                objective.SetCoefficient(model.filled[i], -self._penalty(i))
        loads: dict[int, list[tuple[pywraplp.Variable, Pattern]]] = defaultdict(list)
        for var, pat in zip(model.chosen, patterns, strict=True):
            self._row("cluster", pat.cluster, high=1).SetCoefficient(var, 1)
            cost = 0
            for p in pat.order:
                o = self.options[p]
                cost += round(o.score * SCALE)
                if o.request in model.filled:
                    self._row("need", o.request).SetCoefficient(var, 1)
                    self._row("pair", o.request, o.volunteer, high=1).SetCoefficient(var, 1)
                else:
                    self._row("once", o.request, high=1).SetCoefficient(var, 1)
                    cost -= self._penalty(o.request)
            objective.SetCoefficient(var, cost)
            loads[pat.volunteer].append((var, pat))
            if pat.duo is not None:
                self._link_start(model, var, pat)
        for j, items in loads.items():
            self._volunteer_rows(j, items)
        self._pin_rows(model)
        objective.SetMinimization()
        return model

    def _var(self, low: float, high: float) -> pywraplp.Variable:
        if self.integer:
            return self.solver.IntVar(low, high, "")
        return self.solver.NumVar(low, high, "")

    def _row(self, kind: str, a: int, b: int = 0, high: float = 0) -> pywraplp.Constraint:
        """The row of one kind and key: `need` rows are equalities, the others `<= high`."""
        key = (kind, a, b)
        if key not in self.rows:
            low = 0 if kind == "need" else -self.solver.infinity()
            self.rows[key] = self.solver.Constraint(low, high)
        return self.rows[key]

    def _penalty(self, i: int) -> int:
        return round(unfilled_penalty(self.problem, self.problem.requests[i]) * SCALE)

    def _link_start(self, model: PackingModel, var: pywraplp.Variable, pat: Pattern) -> None:
        """If the pattern is chosen, the duo's common start lies in its range."""
        i = self.options[pat.order[pat.duo or 0]].request
        if i not in model.starts:
            mine = [o for o in self.options if o.request == i]
            model.starts[i] = self._var(min(o.earliest for o in mine), max(o.latest for o in mine))
        t = model.starts[i]
        low, high = t.lb(), t.ub()
        above = self.solver.Constraint(low, self.solver.infinity())
        above.SetCoefficient(t, 1)
        above.SetCoefficient(var, -(pat.low - low))
        below = self.solver.Constraint(-self.solver.infinity(), high)
        below.SetCoefficient(t, 1)
        below.SetCoefficient(var, high - pat.high)

    def _volunteer_rows(self, j: int, items: list[tuple[pywraplp.Variable, Pattern]]) -> None:
        """Capacity, max_tasks and the convex fairness term of one volunteer."""
        solver = self.solver
        v = self.problem.volunteers[j]
        tasks = solver.NumVar(0, solver.infinity(), "")
        count = solver.Constraint(0, 0)
        count.SetCoefficient(tasks, -1)
        minutes = solver.Constraint(-solver.infinity(), v.capacity_minutes or 0)
        largest: dict[int, int] = defaultdict(int)
        for var, pat in items:
            count.SetCoefficient(var, len(pat.order))
            if v.capacity_minutes is not None:
                minutes.SetCoefficient(var, sum(self.options[p].busy for p in pat.order))
            largest[pat.cluster] = max(largest[pat.cluster], len(pat.order))
        if v.capacity_minutes is None:
            minutes.SetBounds(-solver.infinity(), solver.infinity())
        most = sum(largest.values())
        if v.max_tasks is not None:
            tasks.SetUb(v.max_tasks)
            most = min(most, v.max_tasks)
        weight = round(self.problem.weights.fairness * SCALE)
        if weight <= 0 or most < 2:
            return
        excess = solver.NumVar(0, solver.infinity(), "")
        solver.Objective().SetCoefficient(excess, weight)
        for k in range(1, most):
            cut = solver.Constraint(-k * (k + 1) / 2, solver.infinity())
            cut.SetCoefficient(excess, 1)
            cut.SetCoefficient(tasks, -k)

    def _pin_rows(self, model: PackingModel) -> None:
        """Each pinned volunteer serves the request in exactly one chosen pattern."""
        index = {v.id: j for j, v in enumerate(self.problem.volunteers)}
        pins = {
            (i, index[vid])
            for i in {o.request for o in self.options}
            for vid in self.problem.requests[i].pinned_volunteers
        }
        rows = {pin: self.solver.Constraint(1, 1) for pin in pins}
        for var, pat in zip(model.chosen, model.patterns, strict=True):
            for p in pat.order:
                pin = (self.options[p].request, pat.volunteer)
                if pin in rows:
                    rows[pin].SetCoefficient(var, 1)


def hint_patterns(
    problem: Problem, options: Sequence[Option], columns: Columns, warm: Sequence[Placement]
) -> list[int]:
    """Positions (in `columns.patterns`) of the warm plan's patterns; unknown ones are added."""
    duos = {o.request for o in options if problem.requests[o.request].volunteers_needed > 1}
    cluster_of = {p: c for c, members in enumerate(columns.clusters) for p in members}
    parts: dict[int, list[Placement]] = defaultdict(list)
    for p, start in warm:
        parts[cluster_of[p]].append((p, start))
    known = {(pat.cluster, frozenset(pat.order)): k for k, pat in enumerate(columns.patterns)}
    found = []
    for c, placements in parts.items():
        pat = pattern_of(options, c, placements, duos)
        if pat is None:
            continue
        k = known.get((c, frozenset(pat.order)))
        if k is not None and pat.duo is not None:
            start = dict(placements)[pat.order[pat.duo]]
            other = columns.patterns[k]
            if not other.low <= start <= other.high:
                k = None
        if k is None:
            k = len(columns.patterns)
            columns.patterns.append(pat)
        found.append(k)
    return found


def reduced_costs(
    problem: Problem, options: Sequence[Option], patterns: list[Pattern]
) -> tuple[float, list[float]] | None:
    """The LP value over all patterns and each pattern's reduced cost (None if GLOP fails)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    lp = _Builder(problem, options, integer=False).build(solver, patterns)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return solver.Objective().Value(), [var.reduced_cost() for var in lp.chosen]


def extract(options: Sequence[Option], model: PackingModel) -> list[Placement]:
    """Chosen patterns as (option, start) placements."""
    placements: list[Placement] = []
    for var, pat in zip(model.chosen, model.patterns, strict=True):
        if var.solution_value() < 0.5:
            continue
        if pat.duo is None:
            placements += zip(pat.order, schedule(options, pat.order, {}), strict=True)
            continue
        duo_p = pat.order[pat.duo]
        start = round(model.starts[options[duo_p].request].solution_value())
        timing = next(t for t in pat.timings if t.low <= start <= t.high)
        k = timing.order.index(duo_p)
        placements += zip(timing.order, schedule(options, timing.order, {k: start}), strict=True)
    return placements


@dataclass(frozen=True)
class Packing:
    """What the packing MIP found: placements, their scaled objective and a bound."""

    placements: list[Placement]
    objective: float
    bound: float | None

    @property
    def optimal(self) -> bool:
        """Whether the bound proves the plan optimal (in the model's integer units)."""
        return self.bound is not None and self.objective - self.bound < 0.5


def solve_packing(
    problem: Problem,
    options: Sequence[Option],
    columns: Columns,
    warm: Sequence[Placement],
    budget: float,
    seed: int,
    deterministic: bool,
    filtered: bool = True,
) -> Packing | None:
    """The best packing SCIP finds in `budget` seconds, from the warm plan; None if none.

    `filtered` false hands SCIP every pattern, however many.
    """
    began = time.perf_counter()
    hinted = set(hint_patterns(problem, options, columns, warm))
    patterns = columns.patterns
    lp_value: float | None = None
    dropped = float("inf")
    if filtered and len(patterns) > LP_FILTER_MIN:
        priced = reduced_costs(problem, options, patterns)
        if priced is not None:
            lp_value, costs = priced
            order = sorted(range(len(patterns)), key=lambda k: costs[k])
            keep = set(order[:MIP_COLUMNS]) | hinted
            dropped = min(
                (costs[k] for k in range(len(patterns)) if k not in keep), default=dropped
            )
            patterns = [patterns[k] for k in sorted(keep)]
            hinted = {pos for pos, k in enumerate(sorted(keep)) if k in hinted}
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        return None
    model = _Builder(problem, options, integer=True).build(solver, patterns)
    _hint(model, options, hinted, warm)
    left = budget - (time.perf_counter() - began)
    solver.SetTimeLimit(max(1, int(1000 * (3 * left if deterministic else left))))
    settings = [
        f"randomization/randomseedshift = {seed}",
        "limits/gap = 1e-6",
        # Root cuts pay off slowly here; the primal heuristics after the root do not.
        "separating/maxroundsroot = 3",
    ]
    if deterministic:
        # SCIP has no deterministic clock, so a node limit ends the run and the wall
        # clock is only a safety net. Large models stop after the root, where the
        # heuristics (RENS above all) find the plan; small ones can search on.
        nodes = 1 if len(patterns) > SMALL_MODEL else 500
        settings.append(f"limits/totalnodes = {nodes}")
    solver.SetSolverSpecificParametersAsString("\n".join(settings) + "\n")
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    value = solver.Objective().Value()
    bound = None
    if columns.complete:
        bound = solver.Objective().BestBound()
        if lp_value is not None:
            bound = max(lp_value, min(bound, lp_value + dropped))
    return Packing(extract(options, model), value, bound)


def _hint(
    model: PackingModel, options: Sequence[Option], hinted: set[int], warm: Sequence[Placement]
) -> None:
    """The warm plan as a complete MIP start."""
    variables = list(model.chosen)
    values = [1.0 if k in hinted else 0.0 for k in range(len(model.chosen))]
    served: dict[int, int] = defaultdict(int)
    for p, start in warm:
        i = options[p].request
        served[i] += 1
        if i in model.starts:
            variables.append(model.starts[i])
            values.append(float(start))
    for i, var in model.filled.items():
        variables.append(var)
        values.append(1.0 if served[i] else 0.0)
    model.solver.SetHint(variables, values)


def packing_result(packing: Packing) -> BatchResult:
    """The packing as a batch result (bound in objective units)."""
    bound = None if packing.bound is None else packing.bound / SCALE
    return BatchResult("optimal" if packing.optimal else "feasible", packing.placements, bound, [])
