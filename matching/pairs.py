"""Facts about one (request, volunteer) pair: distance, cost and busy time."""

from __future__ import annotations

import math
from dataclasses import dataclass

from matching.geo import road_distance_km, travel_minutes
from matching.problem import HelpRequest, Problem, Volunteer


@dataclass(frozen=True)
class PairFacts:
    """Derived numbers for sending volunteer v to request r.

    The volunteer is busy from `start - before` to `start + after`; `busy` is
    their sum and counts against capacity_minutes.
    """

    distance_km: float | None
    cost: float
    before: int
    after: int

    @property
    def busy(self) -> int:
        """Minutes this pair takes from the volunteer's capacity."""
        return self.before + self.after


def pair_facts(problem: Problem, request: HelpRequest, volunteer: Volunteer) -> PairFacts:
    """Compute distance, cost and busy span of one pair, honouring overrides."""
    override = problem.override_by_pair.get((request.id, volunteer.id))
    distance: float | None = None
    if request.location is not None and volunteer.location is not None:
        distance = road_distance_km(
            volunteer.location, request.location, problem.travel.detour_factor
        )
    if override is not None and override.cost is not None:
        cost = override.cost
    else:
        cost = problem.weights.per_km * (distance if distance is not None else math.inf)
    if override is not None and override.busy_minutes is not None:
        # SCENARIO.md: the override replaces the busy time; the extra time is after the task.
        return PairFacts(distance, cost, 0, override.busy_minutes)
    travel = (
        travel_minutes(distance, problem.travel.speed_kmh(volunteer.mode))
        if distance is not None
        else 0
    )
    return PairFacts(distance, cost, travel, request.duration_minutes + travel)
