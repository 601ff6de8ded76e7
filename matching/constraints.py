"""Hard rules 2-7 of SCENARIO.md as CP-SAT constraints, one function per rule.

Rule 1 (who may serve whom) and the window/slot half of rules 2-3 are
enforced before the model exists: every option's start range already lies
inside the window and inside one availability slot (see eligibility.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from matching.eligibility import Option
from matching.patterns import overlap_clusters
from matching.problem import Problem


@dataclass
class BatchModel:
    """A CP-SAT model for a batch of independent components, with its variables."""

    problem: Problem
    options: list[Option]
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    chosen: list[cp_model.IntVar] = field(default_factory=list)
    filled: dict[int, cp_model.IntVar] = field(default_factory=dict)
    starts: dict[int, cp_model.IntVar] = field(default_factory=dict)
    stacked: list[list[int]] = field(default_factory=list)
    pins: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    common_start: dict[int, cp_model.IntVar] = field(default_factory=dict)
    workload: dict[int, tuple[cp_model.IntVar, cp_model.IntVar]] = field(default_factory=dict)
    objective: cp_model.LinearExprT = 0

    def by_request(self) -> dict[int, list[int]]:
        """Option positions grouped by request index."""
        groups: dict[int, list[int]] = defaultdict(list)
        for pos, o in enumerate(self.options):
            groups[o.request].append(pos)
        return groups

    def by_volunteer(self) -> dict[int, list[int]]:
        """Option positions grouped by volunteer index."""
        groups: dict[int, list[int]] = defaultdict(list)
        for pos, o in enumerate(self.options):
            groups[o.volunteer].append(pos)
        return groups

    def by_pair(self) -> dict[tuple[int, int], list[int]]:
        """Option positions grouped by (request, volunteer)."""
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for pos, o in enumerate(self.options):
            groups[(o.request, o.volunteer)].append(pos)
        return groups

    def start_of(self, pos: int) -> cp_model.IntVar:
        """The start-minute variable of an option, created on first use."""
        if pos not in self.starts:
            o = self.options[pos]
            self.starts[pos] = self.model.new_int_var(o.earliest, o.latest, f"s{pos}")
        return self.starts[pos]


def add_one_slot_per_pair(bm: BatchModel) -> None:
    """A volunteer serves a request at most once (whichever slot)."""
    for positions in bm.by_pair().values():
        if len(positions) > 1:
            bm.model.add_at_most_one(bm.chosen[p] for p in positions)


def add_staffing(bm: BatchModel, serve: set[int]) -> None:
    """Rule 6: exactly volunteers_needed distinct volunteers, or none.

    A single-volunteer request needs no "filled" variable: at most one of its
    options is chosen, and its unfilled penalty moves onto those options.
    Requests in `serve` must be filled.
    """
    for i, positions in bm.by_request().items():
        need = bm.problem.requests[i].volunteers_needed
        if need == 1 and i in serve:
            bm.model.add_exactly_one(bm.chosen[p] for p in positions)
        elif need == 1:
            bm.model.add_at_most_one(bm.chosen[p] for p in positions)
        else:
            bm.model.add(sum(bm.chosen[p] for p in positions) == need * bm.filled[i])
            if i in serve:
                bm.model.add(bm.filled[i] == 1)


def add_same_start(bm: BatchModel) -> None:
    """Rule 6: all volunteers of a duo start at the same time."""
    for i, positions in bm.by_request().items():
        if bm.problem.requests[i].volunteers_needed < 2:
            continue
        low = min(bm.options[p].earliest for p in positions)
        high = max(bm.options[p].latest for p in positions)
        common = bm.model.new_int_var(low, high, f"duo{i}")
        bm.common_start[i] = common
        for p in positions:
            bm.model.add(bm.start_of(p) == common).only_enforce_if(bm.chosen[p])


def add_no_overlap(bm: BatchModel) -> None:
    """Rules 3-4: a volunteer's busy intervals never overlap.

    Options whose busy regions cannot meet need nothing. When every option of
    a cluster shares one region and none is part of a duo, any subset whose
    busy minutes fit in the region can be stacked back to back, so a single
    knapsack row replaces the interval constraint (exact, and much lighter:
    this is what GAP instances look like).
    """
    duo = {i for i, r in enumerate(bm.problem.requests) if r.volunteers_needed > 1}
    for positions in bm.by_volunteer().values():
        for cluster in overlap_clusters(bm.options, positions):
            if len(cluster) == 1:
                bm.stacked.append(cluster)
                continue
            regions = {bm.options[p].region for p in cluster}
            if len(regions) == 1 and not any(bm.options[p].request in duo for p in cluster):
                low, high = regions.pop()
                busy = [bm.options[p].busy for p in cluster]
                if sum(busy) > high - low:
                    bm.model.add(
                        cp_model.LinearExpr.weighted_sum([bm.chosen[p] for p in cluster], busy)
                        <= high - low
                    )
                bm.stacked.append(cluster)
                continue
            intervals = []
            for p in cluster:
                o = bm.options[p]
                intervals.append(
                    bm.model.new_optional_fixed_size_interval_var(
                        bm.start_of(p) - o.before, o.busy, bm.chosen[p], f"busy{p}"
                    )
                )
            bm.model.add_no_overlap(intervals)


def add_capacity(bm: BatchModel) -> None:
    """Rule 5: the busy minutes of a volunteer stay within capacity_minutes."""
    for j, positions in bm.by_volunteer().items():
        cap = bm.problem.volunteers[j].capacity_minutes
        busy = [bm.options[p].busy for p in positions]
        if cap is not None and sum(busy) > cap:
            bm.model.add(
                cp_model.LinearExpr.weighted_sum([bm.chosen[p] for p in positions], busy) <= cap
            )


def add_max_tasks(bm: BatchModel) -> None:
    """Rule 5: a volunteer takes at most max_tasks requests."""
    for j, positions in bm.by_volunteer().items():
        cap = bm.problem.volunteers[j].max_tasks
        if cap is not None and len(positions) > cap:
            bm.model.add(sum(bm.chosen[p] for p in positions) <= cap)


def add_pins(bm: BatchModel) -> None:
    """Rule 7: each pinned volunteer is assigned; one literal per pin for explanations."""
    vol_index = {v.id: j for j, v in enumerate(bm.problem.volunteers)}
    pairs = bm.by_pair()
    for i in {o.request for o in bm.options}:
        for vid in bm.problem.requests[i].pinned_volunteers:
            j = vol_index[vid]
            literal = bm.model.new_bool_var(f"pin{i}_{j}")
            positions = pairs.get((i, j), [])
            bm.model.add(sum(bm.chosen[p] for p in positions) == 1).only_enforce_if(literal)
            bm.pins[(i, j)] = literal
