"""Inbound webhooks: gunicorn on PostgreSQL, driven from a second process on loopback.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        python -m tests.bench.sms_inbound [--requests 3000] [--concurrency 8] [--workers 4]

The database's schema is dropped and rebuilt. Every request is a signed
POST /sms/inbound as Twilio sends it: help requests and free text from known
volunteers, texts from unknown numbers and repeated MessageSids. Prints req/s,
p50/p95/p99 latency, errors and the workers' memory, per run and the medians.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

from notifications.webhook_signature import compute_signature
from tests.bench.serving import free_port, gunicorn, latency_figures, workers_rss_mb
from tests.conftest import _reset_schema

TOKEN = "bench-auth-token"
VOLUNTEERS = 200


def _env(database_url: str, port: int) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": "AC" + "b" * 32,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_FROM_NUMBER": "+32460000000",
        "TWILIO_API_BASE_URL": "http://127.0.0.1:9",  # nothing is sent from a webhook
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }


def _prepare(database_url: str) -> None:
    from flask_migrate import upgrade

    from web import create_app
    from web.db import db
    from web.models import Organisation, Volunteer

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        _reset_schema()
        upgrade()
        organisation = Organisation(slug="bench", name="Bench")
        db.session.add(organisation)
        db.session.flush()
        for n in range(VOLUNTEERS):
            db.session.add(
                Volunteer(
                    organisation_id=organisation.id,
                    first_name="Vrijwilliger",
                    last_name=str(n),
                    phone=f"+3247{n:07d}",
                    postcode="2060",
                    street="Kerkstraat",
                    lat=51.22,
                    lon=4.43,
                )
            )
        db.session.commit()
        db.engine.dispose()


def _forms(count: int, seed: int) -> list[dict[str, str]]:
    """The requests of one run: mostly known volunteers, some strangers, some repeats."""
    rng = random.Random(seed)
    forms: list[dict[str, str]] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.1 and forms:
            forms.append(rng.choice(forms))  # Twilio retrying the same message
            continue
        sender = f"+3247{rng.randrange(VOLUNTEERS):07d}" if roll < 0.85 else "+32499000000"
        body = rng.choice(["HULP", "Ik ben er volgende week niet", "aide", "Merci!"])
        sid = "SM" + uuid.uuid4().hex
        forms.append(
            {"MessageSid": sid, "SmsSid": sid, "From": sender, "To": "+32460000000", "Body": body}
        )
    return forms


def _drive(port: int, forms: list[dict[str, str]], concurrency: int, results: Any) -> None:
    """The second process: ``concurrency`` threads POST the forms, one connection each."""
    url = f"http://127.0.0.1:{port}/sms/inbound"
    work = list(enumerate(forms))
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def worker() -> None:
        while True:
            with lock:
                if not work:
                    return
                _, form = work.pop()
            body = urllib.parse.urlencode(form)
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": compute_signature(TOKEN, url, form.items()),
            }
            began = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("POST", "/sms/inbound", body, headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                status = response.status
            except OSError as error:
                status, detail = 0, str(error)
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(detail if status == 0 else f"HTTP {status}")

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    results.put((time.perf_counter() - began, latencies, errors))


def one_run(
    database_url: str, requests: int, concurrency: int, workers: int, seed: int
) -> dict[str, float]:
    """Start gunicorn, drive it from a second process, stop it; the figures."""
    _prepare(database_url)
    port = free_port()
    with gunicorn(_env(database_url, port), workers, port) as (_, master):
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        driver = context.Process(
            target=_drive, args=(port, _forms(requests, seed), concurrency, results)
        )
        cpu = _workers_cpu_seconds(master)
        driver.start()
        seconds, latencies, errors = results.get(timeout=600)
        driver.join(timeout=30)
        cpu = _workers_cpu_seconds(master) - cpu
        memory = workers_rss_mb(master)
    return {
        "req_per_s": len(latencies) / seconds,
        **latency_figures(latencies),
        "errors": len(errors),
        "workers_rss_mb": memory,
        # The web workers' CPU per request (PostgreSQL and the client not counted).
        "server_cpu_ms": cpu * 1000 / max(len(latencies), 1),
        "load": os.getloadavg()[0],
    }


def _workers_cpu_seconds(master: int) -> float:
    """User + system CPU seconds used so far by gunicorn's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not database_url.startswith("postgresql"):
        sys.exit("set BENCH_DATABASE_URL to a PostgreSQL database of your own")
    print(
        f"gunicorn -w {options.workers}, {options.concurrency} client threads, "
        f"{options.requests} requests per run"
    )
    print(
        f"{'run':>3} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'RSS MB':>7} {'CPU ms/req':>10} {'load':>5}"
    )
    runs = []
    for n in range(1, options.runs + 1):
        figures = one_run(database_url, options.requests, options.concurrency, options.workers, n)
        runs.append(figures)
        print(
            f"{n:>3} {figures['req_per_s']:>7.1f} {figures['p50_ms']:>7.1f} "
            f"{figures['p95_ms']:>7.1f} {figures['p99_ms']:>7.1f} {figures['errors']:>6.0f} "
            f"{figures['workers_rss_mb']:>7.1f} {figures['server_cpu_ms']:>10.1f} "
            f"{figures['load']:>5.1f}"
        )
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print(
        f"median: {median['req_per_s']:.1f} req/s, p50 {median['p50_ms']:.1f} ms, "
        f"p95 {median['p95_ms']:.1f} ms, p99 {median['p99_ms']:.1f} ms, "
        f"web workers' CPU {median['server_cpu_ms']:.1f} ms per request, "
        f"errors {sum(r['errors'] for r in runs):.0f} in all runs"
    )


if __name__ == "__main__":
    main()
