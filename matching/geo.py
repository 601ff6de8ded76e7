"""Distances and travel times as SCENARIO.md defines them (no road network)."""

from __future__ import annotations

import math

from matching.problem import Location

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: Location, b: Location) -> float:
    """Great-circle distance between two points in kilometres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def road_distance_km(a: Location, b: Location, detour_factor: float) -> float:
    """Great-circle distance stretched by the detour factor of real streets."""
    return haversine_km(a, b) * detour_factor


def travel_minutes(distance_km: float, speed_kmh: float) -> int:
    """One-way travel time in whole minutes, rounded up."""
    # A tiny tolerance keeps 1.0000000001 minutes from becoming 2.
    return math.ceil(distance_km / speed_kmh * 60 - 1e-9)
