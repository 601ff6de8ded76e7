"""Coordinator pages with 2,000 open requests: latency per page over loopback.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/buurtmatch_bench \\
        .venv/bin/python -m tests.bench.coordinator_pages [--requests 40] [--runs 3]

Seeds one organisation with 2,000 open requests (600 of them with a proposal),
1,200 residents and 400 volunteers, starts gunicorn (2 workers) on loopback and
fetches each page from a second process as a logged-in coordinator. Prints,
per page, the median over runs of p50/p95/max and the errors, plus the
workers' memory. The database named is emptied first: use one of your own.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from typing import Any

from tests.bench.serving import (
    add_coordinator,
    empty_database,
    gunicorn,
    latency_figures,
    workers_rss_mb,
)

PAGES = (
    "/c/",
    "/c/review",
    "/c/week",
    "/c/week?by=volunteer",
    "/c/neighbourhood",
    "/c/reports/",
    "/c/matching",
    "/c/intake/?q=maria",
    "/c/residents?q=peeters",
    "/c/volunteers",
)
EMAIL, PASSWORD = "bench@example.org", "bench-password-1"


def prepare(database_url: str, seed: int = 7) -> None:
    """Empty the database, migrate it and seed the busy organisation."""
    from web.db import db
    from web.models import (
        Assignment,
        AvailabilityRule,
        HelpRequest,
        Resident,
        Volunteer,
    )
    from web.models.vocabulary import SKILLS
    from web.services.places import streets_in

    rng = random.Random(seed)
    with empty_database(database_url):
        streets = streets_in("2060")
        org = add_coordinator("busy", "LDC Druk", EMAIL, PASSWORD)

        def place() -> dict[str, Any]:
            street, lat, lon = rng.choice(streets)
            return {"postcode": "2060", "street": street, "lat": lat, "lon": lon}

        volunteers = [
            Volunteer(
                organisation_id=org.id, first_name=f"Vrijwilliger{n}", last_name="Janssens",
                phone=f"+32470{n:06d}", skills=rng.sample(list(SKILLS), 3), languages=["nl"],
                availability=[AvailabilityRule(weekday=d, starts_at=clock(9), ends_at=clock(17))
                              for d in rng.sample(range(7), 3)],
                **place(),
            )
            for n in range(400)
        ]  # fmt: skip
        residents = [
            Resident(organisation_id=org.id, first_name=f"Bewoner{n}",
                     last_name=rng.choice(["Peeters", "Maes", "Aziz", "Nowak"]),
                     languages=["nl"], **place())
            for n in range(1200)
        ]  # fmt: skip
        db.session.add_all(volunteers + residents)
        db.session.flush()
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        requests = []
        for n in range(2000):
            start = now + timedelta(hours=rng.randrange(12, 24 * 7))
            requests.append(
                HelpRequest(
                    organisation_id=org.id, resident_id=rng.choice(residents).id,
                    skill=rng.choice(SKILLS), duration_minutes=60, window_start=start,
                    window_end=start + timedelta(hours=3),
                    status="proposed" if n < 600 else rng.choice(["open", "new", "unfilled"]),
                    unfilled_reasons="no volunteer with skill 'transport' within 5 km",
                )
            )  # fmt: skip
        db.session.add_all(requests)
        db.session.flush()
        explanation = {
            "score": -12.0,
            "terms": [["cost", 18.0], ["language", -30.0]],
            "alternatives": [
                {"volunteer_id": volunteers[k].id, "name": "Vrijwilliger", "score": 8.0,
                 "note": "free, but scores worse"} for k in range(3)
            ],
        }  # fmt: skip
        db.session.add_all(
            Assignment(request_id=r.id, volunteer_id=rng.choice(volunteers).id,
                       starts_at=r.window_start, status="proposed", explanation=explanation)
            for r in requests[:600]
        )  # fmt: skip
        db.session.commit()


def _log_in(port: int) -> str:
    """Log in through the real form (with its CSRF token); return the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if token is None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None, "no CSRF token on the login page"
    body = urllib.parse.urlencode({"csrf_token": token[1], "email": EMAIL, "password": PASSWORD})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection.request("POST", "/login", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    assert response.status == 302, f"login failed: {response.status}"
    return response.getheader("Set-Cookie", "").split(";")[0]


def _drive(port: int, per_page: int, results: Any) -> None:
    """In a second process: fetch every page per_page times, sequentially."""
    cookie = _log_in(port)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    figures: dict[str, tuple[list[float], int, int]] = {}
    for path in PAGES:
        latencies, errors, size = [], 0, 0
        for n in range(per_page + 3):
            began = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            size = len(response.read())
            if n >= 3:  # the first three warm caches up
                latencies.append(time.perf_counter() - began)
                errors += response.status != 200
        figures[path] = (latencies, errors, size)
    results.put(figures)


def main() -> None:
    """Seed, serve, measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="per page and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not database_url.startswith("postgresql"):
        sys.exit("set BENCH_DATABASE_URL to a PostgreSQL database of your own")
    prepare(database_url)
    env = {"DATABASE_URL": database_url, "SECRET_KEY": "bench"}
    runs: list[dict[str, tuple[list[float], int, int]]] = []
    memory = 0.0
    context = multiprocessing.get_context("spawn")
    with gunicorn(env, options.workers) as (port, master):
        for _ in range(options.runs):
            results = context.Queue()
            driver = context.Process(target=_drive, args=(port, options.requests, results))
            driver.start()
            runs.append(results.get(timeout=900))
            driver.join(timeout=30)
            memory = max(memory, workers_rss_mb(master))
    print(
        f"\nCoordinator pages, 2,000 open requests, gunicorn -w {options.workers}, "
        f"{options.requests} requests per page and run, median of {options.runs} runs\n"
    )
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>6} {'errors':>7}")
    for path in PAGES:
        each = [latency_figures(run[path][0]) for run in runs]
        p50, p95, peak = (
            statistics.median(f[key] for f in each) for key in ("p50_ms", "p95_ms", "max_ms")
        )
        errors = sum(run[path][1] for run in runs)
        size = runs[-1][path][2] / 1024
        print(f"{path:28} {p50:8.1f} {p95:8.1f} {peak:8.1f} {size:6.0f} {errors:7d}")
    print(f"\npeak memory of the {options.workers} gunicorn workers: {memory:.0f} MB")


if __name__ == "__main__":
    main()
