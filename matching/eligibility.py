"""Pre-filter: the ways each request could be served, before any model is built.

An `Option` is one volunteer serving one request inside one of the
volunteer's availability slots. Only options become model variables, so the
model never holds the full request x volunteer cross product. Volunteers are
indexed by (skill, day) so that large regions stay fast to filter.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from matching.clock import minute_ceil, minute_floor
from matching.geo import EARTH_RADIUS_KM
from matching.objective import pair_score
from matching.pairs import pair_facts
from matching.problem import HelpRequest, Problem, Volunteer
from matching.rules import first_broken_rule

DAY = 1440
KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


@dataclass(frozen=True)
class Option:
    """Volunteer `volunteer` can serve request `request` starting in [earliest, latest].

    Indices refer to `problem.requests` / `problem.volunteers`; times are
    minutes from `Eligibility.origin`.
    """

    request: int
    volunteer: int
    slot: int
    earliest: int
    latest: int
    before: int
    after: int
    score: float

    @property
    def busy(self) -> int:
        """Minutes taken from the volunteer's capacity."""
        return self.before + self.after

    @property
    def region(self) -> tuple[int, int]:
        """The stretch of time the busy interval can fall in."""
        return self.earliest - self.before, self.latest + self.after


@dataclass(frozen=True)
class Eligibility:
    """All options of a problem, and the time origin they are measured from."""

    origin: datetime
    options: tuple[Option, ...]
    by_request: tuple[tuple[int, ...], ...]


def scores_by_request(options: Sequence[Option]) -> dict[int, list[float]]:
    """The scores of each request's options, keyed by request index."""
    found: dict[int, list[float]] = defaultdict(list)
    for o in options:
        found[o.request].append(o.score)
    return found


def time_origin(problem: Problem) -> datetime:
    """The earliest moment in the problem: minute 0 of the model."""
    moments = [r.window.start for r in problem.requests]
    moments += [s.start for v in problem.volunteers for s in v.availability]
    return min(moments)


def slot_options(
    origin: datetime, r: HelpRequest, v: Volunteer, before: int, after: int
) -> list[tuple[int, int, int]]:
    """(slot, earliest, latest) for each slot where the busy span fits in the window."""
    window_start = minute_ceil(r.window.start, origin)
    last_start = minute_floor(r.window.end, origin) - r.duration_minutes
    return fitting_slots(window_start, last_start, slot_minutes(origin, v), before, after)


def slot_minutes(origin: datetime, v: Volunteer) -> list[tuple[int, int]]:
    """A volunteer's slots in whole minutes from origin (rounded inwards)."""
    return [(minute_ceil(s.start, origin), minute_floor(s.end, origin)) for s in v.availability]


def fitting_slots(
    window_start: int, last_start: int, slots: list[tuple[int, int]], before: int, after: int
) -> list[tuple[int, int, int]]:
    """(slot, earliest, latest) start ranges that keep the busy span inside a slot."""
    found = []
    for k, (slot_start, slot_end) in enumerate(slots):
        earliest = max(window_start, slot_start + before)
        latest = min(last_start, slot_end - after)
        if earliest <= latest:
            found.append((k, earliest, latest))
    return found


def _volunteers_by_skill_day(
    problem: Problem, origin: datetime
) -> dict[tuple[str, int], list[int]]:
    index: dict[tuple[str, int], list[int]] = defaultdict(list)
    for j, v in enumerate(problem.volunteers):
        days: set[int] = set()
        for slot in v.availability:
            first = minute_floor(slot.start, origin) // DAY
            last = minute_floor(slot.end, origin) // DAY
            days.update(range(first, last + 1))
        for skill in v.skills:
            for day in days:
                index[(skill, day)].append(j)
    return index


def _reach(problem: Problem, v: Volunteer) -> tuple[float, float, float] | None:
    """(lat, lon, straight-line reach in km) for the cheap distance pre-check."""
    if v.max_distance_km is None or v.location is None:
        return None
    reach = v.max_distance_km / problem.travel.detour_factor * 1.01 + 0.01
    return v.location.lat, v.location.lon, reach


def _surely_too_far(reach: tuple[float, float, float] | None, r: HelpRequest) -> bool:
    """Equirectangular test that skips far pairs before their exact distance is computed."""
    if reach is None or r.location is None:
        return False
    lat, lon, km = reach
    dy = abs(r.location.lat - lat) * KM_PER_DEGREE
    if dy > km:
        return True
    dx = abs(r.location.lon - lon) * KM_PER_DEGREE * math.cos(math.radians(lat))
    return dx * dx + dy * dy > km * km


def find_options(problem: Problem) -> Eligibility:
    """Every option that satisfies the pair rules and fits a slot and the window."""
    if not problem.requests:
        return Eligibility(datetime.now().astimezone(), (), ())
    origin = time_origin(problem)
    index = _volunteers_by_skill_day(problem, origin)
    reaches = [_reach(problem, v) for v in problem.volunteers]
    slots = [slot_minutes(origin, v) for v in problem.volunteers]
    options: list[Option] = []
    by_request: list[tuple[int, ...]] = []
    for i, r in enumerate(problem.requests):
        first = minute_floor(r.window.start, origin) // DAY
        last = minute_floor(r.window.end, origin) // DAY
        candidates = sorted({j for day in range(first, last + 1) for j in index[(r.skill, day)]})
        window_start = minute_ceil(r.window.start, origin)
        last_start = minute_floor(r.window.end, origin) - r.duration_minutes
        mine: list[int] = []
        for j in candidates:
            v = problem.volunteers[j]
            if _surely_too_far(reaches[j], r):
                continue
            facts = pair_facts(problem, r, v)
            if first_broken_rule(problem, r, v, facts) is not None:
                continue
            score = pair_score(problem, r, v, facts)
            fits = fitting_slots(window_start, last_start, slots[j], facts.before, facts.after)
            for k, earliest, latest in fits:
                mine.append(len(options))
                options.append(Option(i, j, k, earliest, latest, facts.before, facts.after, score))
        by_request.append(tuple(mine))
    return Eligibility(origin, tuple(options), tuple(by_request))
