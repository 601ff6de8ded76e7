"""The input of the matching engine: a frozen description of one planning round."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

MODES = ("walk", "bike", "car", "transit")


@dataclass(frozen=True)
class Location:
    """A point in WGS84 degrees."""

    lat: float
    lon: float


@dataclass(frozen=True)
class TimeSlot:
    """A half-open stretch of absolute time [start, end)."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class Vehicle:
    """A volunteer's car: seats and whether it takes a wheelchair."""

    seats: int = 4
    wheelchair: bool = False


@dataclass(frozen=True)
class Volunteer:
    """A neighbour who offers help in the given time slots."""

    id: str
    location: Location | None = None
    mode: str = "walk"
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    gender: str | None = None
    availability: tuple[TimeSlot, ...] = ()
    capacity_minutes: int | None = None
    max_tasks: int | None = None
    max_distance_km: float | None = None
    vehicle: Vehicle | None = None
    blocked_residents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HelpRequest:
    """A resident's request for help inside a time window."""

    id: str
    resident: str
    skill: str
    duration_minutes: int
    window: TimeSlot
    location: Location | None = None
    priority: int = 3
    volunteers_needed: int = 1
    languages: frozenset[str] = frozenset()
    language_strict: bool = False
    gender_preference: str | None = None
    needs_vehicle: bool = False
    wheelchair: bool = False
    previous_volunteers: frozenset[str] = frozenset()
    pinned_volunteers: tuple[str, ...] = ()
    excluded_volunteers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PairOverride:
    """Coordinator or benchmark data that replaces computed facts of one pair."""

    request: str
    volunteer: str
    allowed: bool | None = None
    busy_minutes: int | None = None
    cost: float | None = None


@dataclass(frozen=True)
class CurrentAssignment:
    """A pair from the plan in force; dropping it costs `weights.change`."""

    request: str
    volunteer: str


@dataclass(frozen=True)
class Weights:
    """Objective weights; see SCENARIO.md "Objective"."""

    unfilled: float = 1000.0
    per_km: float = 10.0
    continuity: float = 50.0
    language: float = 30.0
    change: float = 200.0
    fairness: float = 1.0


@dataclass(frozen=True)
class Travel:
    """How distances and travel minutes are derived from coordinates."""

    detour_factor: float = 1.3
    walk_kmh: float = 4.5
    bike_kmh: float = 14.0
    car_kmh: float = 25.0
    transit_kmh: float = 12.0

    def speed_kmh(self, mode: str) -> float:
        """Return the speed of a travel mode."""
        return {
            "walk": self.walk_kmh,
            "bike": self.bike_kmh,
            "car": self.car_kmh,
            "transit": self.transit_kmh,
        }[mode]


@dataclass(frozen=True)
class Problem:
    """Everything one solve needs; ids are unique within their list."""

    volunteers: tuple[Volunteer, ...]
    requests: tuple[HelpRequest, ...]
    pairs: tuple[PairOverride, ...] = ()
    current_assignments: tuple[CurrentAssignment, ...] = ()
    travel: Travel = field(default_factory=Travel)
    weights: Weights = field(default_factory=Weights)

    @cached_property
    def volunteer_by_id(self) -> dict[str, Volunteer]:
        """Volunteers keyed by id."""
        return {v.id: v for v in self.volunteers}

    @cached_property
    def request_by_id(self) -> dict[str, HelpRequest]:
        """Requests keyed by id."""
        return {r.id: r for r in self.requests}

    @cached_property
    def override_by_pair(self) -> dict[tuple[str, str], PairOverride]:
        """Pair overrides keyed by (request id, volunteer id)."""
        return {(p.request, p.volunteer): p for p in self.pairs}

    @cached_property
    def current_pairs(self) -> frozenset[tuple[str, str]]:
        """The (request id, volunteer id) pairs of the plan in force."""
        return frozenset((c.request, c.volunteer) for c in self.current_assignments)
