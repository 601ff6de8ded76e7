"""The JSON API and the public request form under load, from a second process on loopback.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/buurtmatch_api_bench \\
        .venv/bin/python -m tests.bench.api_load [--rate 120] [--seconds 60] [--workers N]

Seeds one organisation (300 residents, 150 volunteers, 300 requests) and an API
token, starts gunicorn on loopback and, per target, sends `--rate` requests a
second for `--seconds` from a separate process (threads + http.client, a new
connection per request as gunicorn's sync workers close them). Prints
requests, achieved req/s, p50/p95/p99/max and errors per target, and exits 1
unless every target held the rate with p95 < 200 ms and no errors. The
database named is emptied first: use one of your own.

Targets: `api` (a mix of list, read and create calls with the bearer token),
`form` (POST /hulp with a real CSRF token, each filing a resident's request)
and `healthz`. Rate limits are raised for the run: all load comes from one
address.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tests.bench.serving import add_coordinator, empty_database, gunicorn, latency_figures

EMAIL = "api-bench@example.org"
TARGET_P95_MS = 200.0
Request = tuple[str, str, bytes | None, dict[str, str], int]


def prepare(database_url: str, seed: int = 11) -> str:
    """Empty and migrate the database, seed one organisation; return an API token."""

    from web.db import db
    from web.models import HelpRequest, Resident, Volunteer
    from web.models.vocabulary import SKILLS
    from web.services.places import streets_in
    from web.services.tokens import create_token

    rng = random.Random(seed)
    with empty_database(database_url):
        streets = streets_in("2060")
        org = add_coordinator("bench", "LDC Bench", EMAIL, "not used here")

        def place() -> dict[str, Any]:
            street, lat, lon = rng.choice(streets)
            return {"postcode": "2060", "street": street, "lat": lat, "lon": lon}

        residents = [
            Resident(organisation_id=org.id, first_name=f"Bewoner{n}", last_name="Maes",
                     languages=["nl"], **place())
            for n in range(300)
        ]  # fmt: skip
        volunteers = [
            Volunteer(organisation_id=org.id, first_name=f"Helper{n}", last_name="Aziz",
                      phone=f"+32471{n:06d}", skills=rng.sample(list(SKILLS), 2),
                      languages=["nl"], **place())
            for n in range(150)
        ]  # fmt: skip
        db.session.add_all(residents + volunteers)
        db.session.flush()
        from datetime import UTC, datetime

        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        db.session.add_all(
            HelpRequest(organisation_id=org.id, resident_id=r.id, skill="shopping",
                        duration_minutes=60, window_start=start,
                        window_end=start + timedelta(hours=3), status="open")
            for r in residents
        )  # fmt: skip
        db.session.commit()
        _, secret = create_token(EMAIL, "bench")
        return secret


def _api_requests(token: str, resident_ids: list[int]) -> Callable[[int], Request]:
    headers = {"Authorization": f"Bearer {token}"}
    json_headers = {**headers, "Content-Type": "application/json"}

    def pick(n: int) -> Request:
        kind = n % 10
        if kind < 4:
            return ("GET", "/api/v1/requests?status=open&per_page=25", None, headers, 200)
        if kind < 6:
            return ("GET", "/api/v1/volunteers?per_page=25", None, headers, 200)
        if kind < 8:
            rid = resident_ids[n % len(resident_ids)]
            return ("GET", f"/api/v1/residents/{rid}", None, headers, 200)
        resident = {
            "first_name": "Load",
            "last_name": f"Test{n}",
            "postcode": "2060",
            "street": "Kerkstraat",
            "languages": ["nl"],
        }
        body = json.dumps(resident).encode()
        return ("POST", "/api/v1/residents", body, json_headers, 201)

    return pick


def _form_session(port: int) -> tuple[str, str]:
    """Open the form like a browser: (session cookie, CSRF token)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/hulp")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    if not found or not cookie:
        raise RuntimeError("the form has no CSRF token or session cookie")
    return cookie, found[1]


def _form_requests(port: int) -> Callable[[int], Request]:
    cookie, csrf = _form_session(port)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    day = (date.today() + timedelta(days=3)).isoformat()

    def pick(n: int) -> Request:
        fields = {
            "csrf_token": csrf, "filed_by": "resident", "first_name": "Maria",
            "last_name": f"Load{n}", "postcode": "2060", "street": "Kerkstraat",
            "languages": ["nl"], "skill": "shopping", "day": day, "part_of_day": "morning",
            "duration_minutes": "60", "description": "Boodschappen", "consent": "y",
        }  # fmt: skip
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        return ("POST", "/hulp", body, headers, 302)

    return pick


def _drive(port: int, pick: Callable[[int], Request], rate: float, seconds: float,
           threads: int) -> tuple[list[float], list[str]]:  # fmt: skip
    """Send `rate` requests a second for `seconds`, paced per thread; stop on schedule."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    total = int(rate * seconds)
    start = time.monotonic() + 0.2

    stop = start + seconds

    def worker(offset: int) -> None:
        for n in range(offset, total, threads):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif time.monotonic() >= stop:
                return  # behind schedule at the end: what was not sent counts as missed
            method, path, body, headers, expected = pick(n)
            began = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                problem = None if response.status == expected else f"{path}: {response.status}"
            except OSError as error:
                problem = f"{path}: {error}"
            elapsed = time.monotonic() - began
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)

    pool = [threading.Thread(target=worker, args=(t,), daemon=True) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + 60)
    return latencies, errors


def _load(port: int, target: str, token: str, resident_ids: list[int], rate: float,
          seconds: float, threads: int, out: Any) -> None:  # fmt: skip
    """Run in the load process: build the target's requests, drive them, send figures back."""
    if target == "api":
        pick = _api_requests(token, resident_ids)
    elif target == "form":
        pick = _form_requests(port)
    else:
        pick = lambda n: ("GET", "/healthz", None, {}, 200)  # noqa: E731
    latencies, errors = _drive(port, pick, rate, seconds, threads)
    out.send({"latencies": latencies, "errors": errors})


def main(argv: list[str] | None = None) -> int:
    """Seed, serve, load each target, print the figures; 1 when a target misses its goal."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=120.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    # One sync worker per core measured best here: PostgreSQL and the load share the cores.
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=16, help="load-generator threads")
    parser.add_argument("--targets", default="api,form,healthz")
    args = parser.parse_args(argv)
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if not database_url or not database_url.startswith("postgresql"):
        print("Set BENCH_DATABASE_URL to a PostgreSQL database of your own.", file=sys.stderr)
        return 2
    token = prepare(database_url)
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "api-bench-secret-that-every-worker-shares",
        "PUBLIC_FORM_RATE_LIMIT": "1000000/minute",
        "LOGIN_RATE_LIMIT": "1000000/minute",
        "SMS_BACKEND": "outbox",
    }
    failed = False
    print(
        f"gunicorn {args.workers} sync workers; {args.rate:.0f} req/s for {args.seconds:.0f} s",
        flush=True,
    )
    print(f"{'target':8} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7} {'errors':>6}")  # fmt: skip
    with gunicorn(env, args.workers) as (port, _master):
        for target in args.targets.split(","):
            receive, send = multiprocessing.Pipe(duplex=False)
            process = multiprocessing.Process(
                target=_load,
                args=(port, target, token, list(range(1, 301)), args.rate, args.seconds,
                      args.threads, send),
            )  # fmt: skip
            process.start()
            result = receive.recv()
            process.join(timeout=30)
            latencies, errors = result["latencies"], result["errors"]
            # Requests the driver sent on schedule within the window (it drops the ones that
            # fall behind past the window's end) per second of the window; the start delay
            # and the last answer's tail are not part of the rate.
            achieved = len(latencies) / args.seconds
            figures = latency_figures(latencies)
            print(f"{target:8} {len(latencies):8d} {achieved:7.1f} {figures['p50_ms']:7.1f} "
                  f"{figures['p95_ms']:7.1f} {figures['p99_ms']:7.1f} {figures['max_ms']:7.1f} "
                  f"{len(errors):6d}", flush=True)  # fmt: skip
            for problem in sorted(set(errors))[:5]:
                print(f"  e.g. {problem}")
            if errors or achieved < 100 or figures["p95_ms"] >= TARGET_P95_MS:
                failed = True
    print("FAIL" if failed else "PASS: every target held >= 100 req/s with p95 < 200 ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
