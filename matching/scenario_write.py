"""Write a Problem back out as a scenario document (for generators and benchmarks)."""

from __future__ import annotations

from typing import Any

from matching.problem import HelpRequest, Location, Problem, TimeSlot, Volunteer


def _place(location: Location | None) -> dict[str, float] | None:
    return None if location is None else {"lat": location.lat, "lon": location.lon}


def _slot(slot: TimeSlot) -> dict[str, str]:
    return {"start": slot.start.isoformat(), "end": slot.end.isoformat()}


def _drop_empty(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None and v != [] and v is not False}


def volunteer_dict(v: Volunteer) -> dict[str, Any]:
    """One volunteer as JSON-ready data."""
    return _drop_empty(
        {
            "id": v.id,
            "location": _place(v.location),
            "mode": v.mode,
            "skills": sorted(v.skills),
            "languages": sorted(v.languages),
            "gender": v.gender,
            "availability": [_slot(s) for s in v.availability],
            "capacity_minutes": v.capacity_minutes,
            "max_tasks": v.max_tasks,
            "max_distance_km": v.max_distance_km,
            "vehicle": None
            if v.vehicle is None
            else {"seats": v.vehicle.seats, "wheelchair": v.vehicle.wheelchair},
            "blocked_residents": sorted(v.blocked_residents),
        }
    )


def request_dict(r: HelpRequest) -> dict[str, Any]:
    """One help request as JSON-ready data."""
    return _drop_empty(
        {
            "id": r.id,
            "resident": r.resident,
            "location": _place(r.location),
            "skill": r.skill,
            "duration_minutes": r.duration_minutes,
            "window": _slot(r.window),
            "priority": r.priority,
            "volunteers_needed": r.volunteers_needed,
            "languages": sorted(r.languages),
            "language_strict": r.language_strict,
            "gender_preference": r.gender_preference,
            "needs_vehicle": r.needs_vehicle,
            "wheelchair": r.wheelchair,
            "previous_volunteers": sorted(r.previous_volunteers),
            "pinned_volunteers": list(r.pinned_volunteers),
            "excluded_volunteers": sorted(r.excluded_volunteers),
        }
    )


def scenario_dict(problem: Problem) -> dict[str, Any]:
    """The whole problem as a version-1 scenario document."""
    t, w = problem.travel, problem.weights
    return {
        "version": 1,
        "travel": {
            "detour_factor": t.detour_factor,
            "speed_kmh": {
                "walk": t.walk_kmh,
                "bike": t.bike_kmh,
                "car": t.car_kmh,
                "transit": t.transit_kmh,
            },
        },
        "weights": {
            "unfilled": w.unfilled,
            "per_km": w.per_km,
            "continuity": w.continuity,
            "language": w.language,
            "change": w.change,
            "fairness": w.fairness,
        },
        "volunteers": [volunteer_dict(v) for v in problem.volunteers],
        "requests": [request_dict(r) for r in problem.requests],
        "pairs": [{k: v for k, v in vars(o).items() if v is not None} for o in problem.pairs],
        "current_assignments": [
            {"request": c.request, "volunteer": c.volunteer} for c in problem.current_assignments
        ],
    }
