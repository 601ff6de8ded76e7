"""Synthetic city weeks: seeded, shaped after DOMAIN.md and volunteer_demand_stats.csv.

Homes are real street points of Antwerp and Brussels (© OpenStreetMap
contributors, ODbL; see matching/data/README.md) with a little jitter. The request
mix follows the suggested generator setting of the shared data README
(company 35 %, shopping 20 %, transport 20 %, odd jobs 15 %, admin 5 %,
pets 5 %); volunteer hours are lognormal around 4 h/week (KBS 2015: 3.6 h;
NL care volunteers 4.5 h), drivers at least half a day.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path

from matching.problem import HelpRequest, Location, Problem, TimeSlot, Vehicle, Volunteer

DATA = Path(__file__).parent.parent / "data"
ZONE = timezone(timedelta(hours=1))  # Europe/Brussels in late November
MONDAY = datetime(2026, 11, 23, tzinfo=ZONE)
SKILL_MIX = {"company": 35, "shopping": 20, "transport": 20, "odd_jobs": 15, "admin": 5, "pets": 5}
DURATIONS = {
    "company": (60, 90, 120, 180),
    "shopping": (45, 60, 90),
    "transport": (60, 90, 120, 150),
    "odd_jobs": (60, 90, 120),
    "admin": (45, 60),
    "pets": (30, 45),
}
LANGUAGES = {
    "antwerp": {"nl": 80, "fr": 5, "ar": 6, "tr": 4, "en": 3, "pl": 2},
    "brussels": {"fr": 52, "nl": 18, "ar": 14, "en": 6, "tr": 4, "es": 3, "pl": 3},
}
MODE_MIX = {"walk": 35, "bike": 35, "car": 25, "transit": 5}
REACH_KM = {"walk": 2.0, "bike": 5.0, "car": 12.0, "transit": 6.0}
Street = tuple[str, float, float]


@cache
def streets(city: str) -> tuple[Street, ...]:
    """(area, lat, lon) of every street of a city."""
    with (DATA / f"streets_{city}.csv").open(encoding="utf-8") as handle:
        return tuple(
            (row["area"], float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)
        )


def _pick(rng: random.Random, mix: dict[str, int]) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def _home(rng: random.Random, city: str) -> tuple[str, Location]:
    area, lat, lon = rng.choice(streets(city))
    return area, Location(
        round(lat + rng.gauss(0, 0.0008), 6), round(lon + rng.gauss(0, 0.0012), 6)
    )


def _slots(rng: random.Random, hours: float) -> tuple[TimeSlot, ...]:
    slots: list[TimeSlot] = []
    days = rng.sample(range(6), 6)
    left = hours * 60
    while left >= 60 and days:
        length = min(left, rng.choice((120, 150, 180, 240)))
        start = MONDAY + timedelta(days=days.pop(), minutes=rng.randrange(8 * 60, 17 * 60, 30))
        slots.append(TimeSlot(start, start + timedelta(minutes=length)))
        left -= length
    return tuple(sorted(slots, key=lambda s: s.start))


def make_volunteer(rng: random.Random, vid: str, city: str) -> Volunteer:
    """One volunteer with a home, a mode, skills, languages and weekly slots."""
    mode = _pick(rng, MODE_MIX)
    offers = {k: v for k, v in SKILL_MIX.items() if k != "transport"}
    skills = {_pick(rng, offers) for _ in range(rng.randint(1, 3))}
    if mode == "car":
        skills.add("transport")
    languages = {_pick(rng, LANGUAGES[city])}
    if rng.random() < 0.4:
        languages.add(rng.choice(("nl", "fr", "en")))
    hours = min(16.0, max(1.5, math.exp(rng.gauss(math.log(4), 0.6))))
    if mode == "car":
        hours = max(hours, 4.0)
    return Volunteer(
        id=vid,
        location=_home(rng, city)[1],
        mode=mode,
        skills=frozenset(skills),
        languages=frozenset(languages),
        gender=rng.choices(("f", "m", "x"), weights=(60, 38, 2))[0],
        availability=_slots(rng, hours),
        capacity_minutes=None if rng.random() < 0.5 else int(hours * 60 * rng.uniform(0.6, 1.0)),
        max_tasks=None if rng.random() < 0.6 else rng.randint(2, 6),
        max_distance_km=REACH_KM[mode],
        vehicle=Vehicle(4, rng.random() < 0.1) if mode == "car" else None,
    )


def make_request(
    rng: random.Random, rid: str, resident: tuple[str, Location, frozenset[str]], nearby: list[str]
) -> HelpRequest:
    """One help request of a resident inside a window on one day of the week."""
    skill = _pick(rng, SKILL_MIX)
    duration = rng.choice(DURATIONS[skill])
    start = MONDAY + timedelta(days=rng.randrange(6), minutes=rng.randrange(8 * 60, 17 * 60, 15))
    window = TimeSlot(start, start + timedelta(minutes=duration + rng.choice((60, 120, 180, 240))))
    name, location, languages = resident
    return HelpRequest(
        id=rid,
        resident=name,
        location=location,
        skill=skill,
        duration_minutes=duration,
        window=window,
        priority=rng.choices((1, 2, 3, 4, 5), weights=(10, 20, 40, 20, 10))[0],
        volunteers_needed=2 if skill in ("company", "odd_jobs") and rng.random() < 0.04 else 1,
        languages=languages,
        language_strict=rng.random() < 0.15,
        gender_preference="f" if rng.random() < 0.08 else None,
        needs_vehicle=skill == "transport",
        wheelchair=skill == "transport" and rng.random() < 0.15,
        previous_volunteers=frozenset(rng.sample(nearby, 1))
        if nearby and rng.random() < 0.3
        else frozenset(),
        excluded_volunteers=frozenset(rng.sample(nearby, 1))
        if nearby and rng.random() < 0.02
        else frozenset(),
    )


def city_week(
    requests: int, volunteers: int, seed: int = 1, cities: tuple[str, ...] = ("antwerp",)
) -> Problem:
    """A week of requests and volunteers spread over the given cities."""
    rng = random.Random(seed)
    people: list[Volunteer] = []
    asks: list[HelpRequest] = []
    for c, city in enumerate(cities):
        share_v = volunteers // len(cities) + (c < volunteers % len(cities))
        share_r = requests // len(cities) + (c < requests % len(cities))
        local = [make_volunteer(rng, f"{city[:3]}-v{k}", city) for k in range(share_v)]
        by_area: dict[str, list[str]] = {}
        residents = []
        for k in range(max(1, share_r * 3 // 5)):
            area, home = _home(rng, city)
            languages = frozenset({_pick(rng, LANGUAGES[city])})
            residents.append((area, (f"{city[:3]}-res{k}", home, languages)))
        for v in local:
            assert v.location is not None
            by_area.setdefault(_nearest_area(city, v.location), []).append(v.id)
        for k in range(share_r):
            area, resident = rng.choice(residents)
            asks.append(make_request(rng, f"{city[:3]}-r{k}", resident, by_area.get(area, [])))
        people += local
    return Problem(volunteers=tuple(people), requests=tuple(asks))


def _nearest_area(city: str, place: Location) -> str:
    best = min(streets(city), key=lambda s: (s[1] - place.lat) ** 2 + (s[2] - place.lon) ** 2)
    return best[0]
