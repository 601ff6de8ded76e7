"""Decomposition: independent parts of the eligibility graph solve separately.

Requests and volunteers are nodes, options are edges. Two connected
components share no volunteer and no request, so their optimal plans
combine into an optimal plan (the fairness term is per volunteer, so it
decomposes too). Small components are packed into batches so that one
model solves many of them and per-model overhead stays low.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from matching.eligibility import Option

BATCH_OPTIONS = 4000


def components(options: Sequence[Option], requests: int) -> list[list[int]]:
    """Option indices grouped by connected component, largest first."""
    parent = list(range(requests + 1 + max((o.volunteer for o in options), default=0)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for o in options:
        a, b = root(o.request), root(requests + o.volunteer)
        if a != b:
            parent[a] = b
    groups: dict[int, list[int]] = defaultdict(list)
    for k, o in enumerate(options):
        groups[root(o.request)].append(k)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def batches(parts: list[list[int]], limit: int = BATCH_OPTIONS) -> list[list[int]]:
    """Pack components into batches of at most `limit` options (big ones stay alone)."""
    packed: list[list[int]] = []
    current: list[int] = []
    for part in parts:
        if current and len(current) + len(part) > limit:
            packed.append(current)
            current = []
        current = current + part
    if current:
        packed.append(current)
    return packed
