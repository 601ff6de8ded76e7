"""Patterns: every set of tasks one volunteer can fit into one stretch of time.

A volunteer's options fall into *clusters*: groups whose busy regions can
overlap (options in different clusters never clash). A *pattern* is a set of
options of one cluster, for distinct requests, that fits back to back in some
order: each task starts inside its range and its busy interval (travel
included) starts after the previous one ended. Choosing one pattern per
cluster replaces the interval constraints by a set-packing model whose linear
relaxation is much stronger (see packing.py).

Enumeration grows level by level (all single tasks, then all pairs, ...),
keeping for each set of tasks the order that frees the volunteer earliest:
that order extends to every larger set any order could, so the list is
complete unless it hits the cap. A pattern may hold one task of a duo; its
start must then match the partner's, so such patterns keep every order that
gives a different range of start minutes for the duo task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.eligibility import Option

NEVER = -(10**9)
PATTERN_CAP = 3000

Order = tuple[int, ...]  # option positions in time order


@dataclass(frozen=True)
class Timing:
    """One order of a duo pattern and the start minutes it allows the duo task."""

    order: Order
    low: int
    high: int


@dataclass(frozen=True)
class Pattern:
    """Options one volunteer can serve back to back in one cluster.

    `order` is a feasible order. For a pattern with a duo task, `duo` is its
    position and `timings` the orders with the duo task's start range each.
    """

    cluster: int
    volunteer: int
    order: Order
    duo: int | None = None
    timings: tuple[Timing, ...] = ()

    @property
    def low(self) -> int:
        """Earliest start minute of the duo task."""
        return min(t.low for t in self.timings)

    @property
    def high(self) -> int:
        """Latest start minute of the duo task."""
        return max(t.high for t in self.timings)


def overlap_clusters(options: Sequence[Option], positions: Sequence[int]) -> list[list[int]]:
    """Split one volunteer's options into groups whose busy regions can overlap."""
    ordered = sorted(positions, key=lambda p: options[p].region)
    clusters: list[list[int]] = []
    reach = NEVER
    for p in ordered:
        low, high = options[p].region
        if not clusters or low >= reach:
            clusters.append([p])
            reach = high
        else:
            clusters[-1].append(p)
            reach = max(reach, high)
    return clusters


def _cursor(options: Sequence[Option], order: Order) -> int | None:
    """When the volunteer is free again after `order`, each task at its earliest; None if late."""
    cursor = NEVER
    for p in order:
        o = options[p]
        start = max(o.earliest, cursor + o.before)
        if start > o.latest:
            return None
        cursor = start + o.after
    return cursor


def duo_range(options: Sequence[Option], order: Order, duo: int) -> tuple[int, int]:
    """The start minutes of the duo task at `order[duo]` that leave the order feasible."""
    before = _cursor(options, order[:duo])
    o = options[order[duo]]
    low = max(o.earliest, (NEVER if before is None else before) + o.before)
    high = o.latest
    begin = None  # latest moment the tasks after the duo task can begin
    for p in reversed(order[duo + 1 :]):
        nxt = options[p]
        latest = nxt.latest if begin is None else min(nxt.latest, begin - nxt.after)
        begin = latest - nxt.before
    if begin is not None:
        high = min(high, begin - o.after)
    return low, high


def schedule(options: Sequence[Option], order: Order, fixed: dict[int, int]) -> list[int]:
    """Start minutes for `order`, each as early as possible; `fixed` pins some positions."""
    starts = []
    cursor = NEVER
    for k, p in enumerate(order):
        o = options[p]
        start = fixed.get(k, max(o.earliest, cursor + o.before))
        starts.append(start)
        cursor = start + o.after
    return starts


class _Levels:
    """Level-by-level growth of the feasible sets of one cluster."""

    def __init__(self, options: Sequence[Option], cluster: list[int], duo_requests: set[int]):
        self.options = options
        self.cluster = sorted(cluster, key=lambda p: (options[p].earliest, p))
        self.duo_requests = duo_requests
        self.plain: dict[frozenset[int], tuple[int, Order]] = {}
        self.with_duo: dict[frozenset[int], list[Order]] = {}
        self.complete = True

    def is_duo(self, p: int) -> bool:
        """Whether option p serves a request that needs several volunteers."""
        return self.options[p].request in self.duo_requests

    def grow(self, cap: int) -> None:
        """Add ever larger sets until none fits or `cap` sets are known."""
        options = self.options
        # (order, when the volunteer is free again, its requests, holds a duo task)
        level: list[tuple[Order, int, frozenset[int], bool]] = []
        for p in self.cluster:
            o = options[p]
            level.append(((p,), o.earliest + o.after, frozenset((o.request,)), self.is_duo(p)))
        while level:
            grown = []
            for order, cursor, requests, duo in level:
                if not self._keep(order, cursor, duo):
                    continue
                if len(self.plain) + len(self.with_duo) >= cap:
                    self.complete = False
                    return
                for p in self.cluster:
                    o = options[p]
                    start = max(o.earliest, cursor + o.before)
                    if start > o.latest or o.request in requests:
                        continue
                    if duo and self.is_duo(p):
                        # Two duo tasks in one pattern would need their own start link.
                        self.complete = False
                        continue
                    grown.append(
                        (
                            (*order, p),
                            start + o.after,
                            requests | {o.request},
                            duo or self.is_duo(p),
                        )
                    )
            level = grown

    def _keep(self, order: Order, cursor: int, duo: bool) -> bool:
        """Record a feasible order; False if a known order of the same set dominates it."""
        key = frozenset(order)
        if duo:
            self.with_duo.setdefault(key, []).append(order)
            return True
        known = self.plain.get(key)
        if known is not None and known[0] <= cursor:
            return False
        self.plain[key] = (cursor, order)
        return True


def _duo_pattern(
    options: Sequence[Option], cluster: int, volunteer: int, orders: list[Order], duo_p: int
) -> list[Pattern]:
    """Patterns of one duo set: one per run of start minutes some order allows."""
    timings = []
    for order in orders:
        k = order.index(duo_p)
        low, high = duo_range(options, order, k)
        if low <= high:
            timings.append(Timing(order, low, high))
    timings.sort(key=lambda t: (t.low, t.high))
    runs: list[list[Timing]] = []
    for t in timings:
        if runs and t.low <= max(x.high for x in runs[-1]) + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return [
        Pattern(cluster, volunteer, run[0].order, run[0].order.index(duo_p), tuple(run))
        for run in runs
    ]


def cluster_patterns(
    options: Sequence[Option],
    cluster: list[int],
    cluster_id: int,
    duo_requests: set[int],
    cap: int = PATTERN_CAP,
) -> tuple[list[Pattern], bool]:
    """Every pattern of a cluster (up to `cap`), and whether the list is complete."""
    volunteer = options[cluster[0]].volunteer
    levels = _Levels(options, cluster, duo_requests)
    levels.grow(cap)
    found = [Pattern(cluster_id, volunteer, order) for _, order in levels.plain.values()]
    for key, orders in levels.with_duo.items():
        duo_p = next(p for p in key if levels.is_duo(p))
        found += _duo_pattern(options, cluster_id, volunteer, orders, duo_p)
    return found, levels.complete


def pattern_of(
    options: Sequence[Option],
    cluster_id: int,
    placements: Sequence[tuple[int, int]],
    duo_requests: set[int],
) -> Pattern | None:
    """The pattern of a cluster's part of a known feasible plan (its tasks in time order).

    None when it holds two duo tasks, which no pattern offers.
    """
    order = tuple(p for p, _ in sorted(placements, key=lambda ps: ps[1]))
    volunteer = options[order[0]].volunteer
    duos = [k for k, p in enumerate(order) if options[p].request in duo_requests]
    if len(duos) > 1:
        return None
    duo = duos[0] if duos else None
    if duo is None:
        return Pattern(cluster_id, volunteer, order)
    low, high = duo_range(options, order, duo)
    return Pattern(cluster_id, volunteer, order, duo, (Timing(order, low, high),))
