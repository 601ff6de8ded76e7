"""Deterministic demo data: one Antwerp neighbourhood, two organisations, a week of requests."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from math import cos, radians
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from web.db import db
from web.models import AvailabilityRule, HelpRequest, Organisation, Resident, User, Volunteer
from web.services.demo_names import NAME_POOLS
from web.services.passwords import hash_password
from web.services.places import streets_in

SEED = 2060
NEIGHBOURHOOD = "Seefhoek"
POSTCODE = "2060"
CENTRE = (51.2265, 4.4270)  # Seefhoek, around the Kerkstraat
RADIUS_KM = 1.2
DEMO_PASSWORD = "buurtmatch-demo"
DEMO_LOGINS = (
    ("coordinator@ldc-seefhoek.demo", "ldc-seefhoek", "Lotte Verstraeten"),
    ("straat@zorgzame-straat.demo", "zorgzame-seefhoek", "Samir Benali"),
)
# DOMAIN.md request mix: visits 40 %, transport 18 %, shopping 15 %, the rest 27 %.
REQUEST_MIX = (
    ("company", 40),
    ("transport", 18),
    ("shopping", 15),
    ("odd_jobs", 10),
    ("admin", 7),
    ("bins", 6),
    ("pets", 4),
)
DURATIONS = {
    "company": (120, 180),
    "transport": (90, 150),
    "shopping": (45, 75),
    "odd_jobs": (60, 120),
    "admin": (45, 90),
    "bins": (15, 15),
    "pets": (20, 30),
}


@dataclass(frozen=True)
class DemoSummary:
    """What seeding created (zero everywhere when the database already had data)."""

    organisations: int
    volunteers: int
    residents: int
    requests: int


def _near(lat: float, lon: float) -> bool:
    dy = (lat - CENTRE[0]) * 111.2
    dx = (lon - CENTRE[1]) * 111.2 * cos(radians(CENTRE[0]))
    return bool((dx * dx + dy * dy) ** 0.5 <= RADIUS_KM)


def _person(rng: random.Random) -> tuple[str, str, str, str]:
    """A (language, gender, first name, last name) drawn from the city's mix."""
    pool = rng.choices(NAME_POOLS, weights=[p[1] for p in NAME_POOLS])[0]
    gender = rng.choice("fm")
    first = rng.choice(pool[2] if gender == "f" else pool[3])
    return pool[0], gender, first, rng.choice(pool[4])


def _mobile(rng: random.Random, n: int) -> str:
    """A Belgian mobile number, unique for each n below 126."""
    prefix = rng.choice(["470", "472", "475", "477", "479", "484", "486", "494", "496", "499"])
    return f"+32{prefix}{(n * 7919 + rng.randint(0, 7918)) % 1_000_000:06d}"


def _languages(rng: random.Random, home: str) -> list[str]:
    spoken = [home]
    if home != "nl" and rng.random() < 0.7:
        spoken.append("nl")
    if home not in {"fr", "en"} and rng.random() < 0.3:
        spoken.append(rng.choice(["fr", "en"]))
    return spoken


def _volunteers(
    rng: random.Random,
    org: Organisation,
    streets: list[tuple[str, float, float]],
    count: int,
    first: int = 0,
) -> list[Volunteer]:
    made = []
    for n in range(first, first + count):
        home, gender, first_name, last_name = _person(rng)
        street, lat, lon = rng.choice(streets)
        mode = rng.choices(["walk", "bike", "car", "transit"], weights=[35, 30, 25, 10])[0]
        skills = set(rng.sample(["shopping", "company", "bins", "odd_jobs", "admin", "pets"], 2))
        if mode == "car":
            skills.add("transport")
        slots = [
            AvailabilityRule(weekday=day, starts_at=time(start), ends_at=time(start + length))
            for day in sorted(rng.sample(range(7), rng.randint(1, 4)))
            for start, length in [rng.choice([(9, 3), (13, 4), (10, 6), (17, 3)])]
        ]
        made.append(
            Volunteer(
                organisation_id=org.id,
                first_name=first_name,
                last_name=last_name,
                phone=_mobile(rng, n),
                sms_language=home if home in {"nl", "fr", "en"} else rng.choice(["nl", "nl", "fr"]),
                languages=_languages(rng, home),
                skills=sorted(skills),
                gender=gender,
                travel_mode=mode,
                vehicle_seats=rng.choice([3, 4]) if mode == "car" else None,
                vehicle_wheelchair=mode == "car" and rng.random() < 0.15,
                capacity_minutes_per_week=rng.choice([180, 240, 360, 480]),
                max_tasks_per_week=rng.choice([2, 3, 4, 5]),
                max_distance_km=rng.choice([None, 2.0, 5.0]) if mode != "car" else 15.0,
                postcode=POSTCODE,
                street=street,
                lat=lat,
                lon=lon,
                consent_date=date(2026, 9, 1) + timedelta(days=rng.randint(0, 60)),
                availability=slots,
            )
        )
    return made


def _residents(
    rng: random.Random,
    org: Organisation,
    streets: list[tuple[str, float, float]],
    count: int,
    first: int = 0,
) -> list[Resident]:
    made = []
    for n in range(first, first + count):
        home, gender, first_name, last_name = _person(rng)
        street, lat, lon = rng.choice(streets)
        has_mobile = rng.random() < 0.5
        made.append(
            Resident(
                organisation_id=org.id,
                first_name=first_name,
                last_name=last_name,
                phone=_mobile(rng, n) if has_mobile else None,
                sms_consent=has_mobile and rng.random() < 0.6,
                languages=_languages(rng, home),
                preferred_gender=gender if rng.random() < 0.15 else None,
                postcode=POSTCODE,
                street=street,
                house_number=str(rng.randint(1, 180)),
                lat=lat,
                lon=lon,
                consent_date=date(2026, 10, 1) + timedelta(days=rng.randint(0, 40)),
            )
        )
    return made


def _requests(
    rng: random.Random, residents: list[Resident], count: int, week_start: date, tz: ZoneInfo
) -> list[HelpRequest]:
    skills = [s for s, _ in REQUEST_MIX]
    weights = [w for _, w in REQUEST_MIX]
    made = []
    for _n in range(count):
        resident = rng.choice(residents)
        skill = rng.choices(skills, weights=weights)[0]
        low, high = DURATIONS[skill]
        duration = rng.randrange(low, high + 1, 15)
        day = week_start + timedelta(days=rng.randrange(7))
        start_hour = rng.choice([9, 10, 13, 14]) if skill != "bins" else 19
        start = datetime.combine(day, time(start_hour), tz)
        window_hours = rng.choice([2, 3, 4]) if skill not in {"transport", "bins"} else 1
        end = start + timedelta(minutes=duration) + timedelta(hours=window_hours)
        ride = skill == "transport"
        made.append(
            HelpRequest(
                organisation_id=resident.organisation_id,
                resident=resident,
                skill=skill,
                description="",
                duration_minutes=duration,
                window_start=start.astimezone(UTC),
                window_end=end.astimezone(UTC),
                priority=rng.choices([2, 3, 4, 5], weights=[20, 50, 20, 10])[0],
                volunteers_needed=2 if skill == "odd_jobs" and rng.random() < 0.2 else 1,
                language_strict=len(resident.languages) == 1 and resident.languages[0] != "nl",
                needs_vehicle=ride,
                wheelchair=ride and rng.random() < 0.1,
                status="open",
                source="demo",
            )
        )
    return made


def seed_demo(today: date, timezone: str = "Europe/Brussels") -> DemoSummary:
    """Seed the demo neighbourhood unless the database already has organisations."""
    if db.session.scalar(select(func.count()).select_from(Organisation)):
        return DemoSummary(0, 0, 0, 0)
    rng = random.Random(SEED)
    tz = ZoneInfo(timezone)
    # Everything in one transaction: a failed seed leaves an empty database, not half a city.
    centre = Organisation(slug="ldc-seefhoek", name="LDC Seefhoek", kind="service_centre")
    street = Organisation(
        slug="zorgzame-seefhoek", name="Zorgzame Straat Seefhoek", kind="street_initiative"
    )
    for org in (centre, street):
        org.neighbourhood = NEIGHBOURHOOD
        db.session.add(org)
    db.session.flush()
    by_slug = {centre.slug: centre, street.slug: street}
    for email, slug, name in DEMO_LOGINS:
        db.session.add(
            User(
                email=email,
                name=name,
                password_hash=hash_password(DEMO_PASSWORD),
                organisation=by_slug[slug],
            )
        )
    streets = [s for s in streets_in(POSTCODE) if _near(s[1], s[2])]
    volunteers = _volunteers(rng, centre, streets, 40) + _volunteers(
        rng, street, streets, 20, first=40
    )
    residents = _residents(rng, centre, streets, 30, first=60)
    residents += _residents(rng, street, streets, 10, first=90)
    db.session.add_all(volunteers + residents)
    db.session.flush()
    requests = _requests(rng, residents, 120, today + timedelta(days=1), tz)
    db.session.add_all(requests)
    db.session.commit()
    return DemoSummary(2, len(volunteers), len(residents), len(requests))
