"""Generalized Assignment Problem instances encoded as scenarios.

Agents become volunteers with `capacity_minutes`, jobs become requests, and
every (job, agent) pair carries `busy_minutes` (resource use) and `cost`. All
jobs share one window that equals every agent's single availability slot, so
time never binds and only capacity does. Profits of maximisation instances
are negated into costs. A large unfilled weight makes every job mandatory.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from matching.problem import HelpRequest, PairOverride, Problem, TimeSlot, Volunteer, Weights

DATA = Path(__file__).parent.parent / "data" / "gap"
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


@dataclass(frozen=True)
class GapInstance:
    """One GAP instance: costs[i][j], resource use[i][j] and capacities[i] of agent i, job j."""

    name: str
    costs: list[list[int]]
    use: list[list[int]]
    capacities: list[int]

    @property
    def size(self) -> str:
        """Agents x jobs."""
        return f"{len(self.capacities)}x{len(self.costs[0])}"


def read_gap(path: Path) -> GapInstance:
    """Read the single-instance OR-Library layout (m n, costs, use, capacities)."""
    numbers = [int(token) for token in path.read_text().split()]
    m, n = numbers[0], numbers[1]
    at = 2
    costs = [numbers[at + i * n : at + (i + 1) * n] for i in range(m)]
    at += m * n
    use = [numbers[at + i * n : at + (i + 1) * n] for i in range(m)]
    at += m * n
    return GapInstance(path.name, costs, use, numbers[at : at + m])


def gap_problem(instance: GapInstance, maximise: bool = False) -> Problem:
    """The instance as a Problem whose objective equals the GAP cost (or -profit)."""
    horizon = TimeSlot(MONDAY, MONDAY + timedelta(minutes=max(instance.capacities) + 1))
    agents = tuple(
        Volunteer(f"a{i}", skills=frozenset({"gap"}), availability=(horizon,), capacity_minutes=b)
        for i, b in enumerate(instance.capacities)
    )
    jobs = tuple(
        HelpRequest(f"j{j}", f"j{j}", "gap", 0, horizon, priority=1)
        for j in range(len(instance.costs[0]))
    )
    sign = -1 if maximise else 1
    pairs = tuple(
        PairOverride(f"j{j}", f"a{i}", busy_minutes=row_use[j], cost=float(sign * row_cost[j]))
        for i, (row_cost, row_use) in enumerate(zip(instance.costs, instance.use, strict=True))
        for j in range(len(row_cost))
    )
    # Any plan that leaves a job out is worse than every complete plan once the
    # penalty exceeds the widest possible cost swing; a tighter penalty keeps
    # the LP relaxation well scaled (1e6 made proofs 3-10x slower).
    spread = max(map(max, instance.costs)) - min(map(min, instance.costs))
    must_fill = float(len(jobs) * spread + 1)
    weights = Weights(unfilled=must_fill, per_km=0, continuity=0, language=0, change=0, fairness=0)
    return Problem(agents, jobs, pairs, weights=weights)


@dataclass(frozen=True)
class KnownValue:
    """A published optimum or best-known value, in the instance's own sense."""

    instance: str
    path: Path
    sense: str
    value: float
    proven: bool


def known_values() -> list[KnownValue]:
    """All rows of the copied known_values.csv."""
    with (DATA / "known_values.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        value = float(row["known_value"])
        if row["instance"] == "d20200":
            value = 12241.0  # the sources disagree; see matching/data/gap/README.md
        path = DATA / row["file"].removeprefix("gap/")
        found.append(
            KnownValue(row["instance"], path, row["sense"], value, row["status"] == "optimal")
        )
    return found
