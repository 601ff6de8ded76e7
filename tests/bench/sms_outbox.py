"""Outbox throughput: N senders (processes) deliver queued SMS to the local fake Twilio.

    python -m tests.bench.sms_outbox [--messages 1000] [--senders 4] [--runs 3]

Uses BENCH_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bench;
the schema is dropped and rebuilt) or a temporary SQLite file. Prints one line
per run and the medians: messages/s, duplicates, peak memory per sender.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import tempfile
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from tests.conftest import _reset_schema
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _config(database_url: str, fake_url: str) -> dict[str, Any]:
    return {
        "SECRET_KEY": "bench",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": fake_url,
        "PUBLIC_BASE_URL": "https://bench.example.org",
        "QUIET_HOURS": "",
    }


def _prepare(database_url: str, fake_url: str, messages: int) -> None:
    from flask_migrate import upgrade

    from web import create_app
    from web.db import db
    from web.models import Organisation
    from web.services.outbox import queue_sms

    app = create_app(_config(database_url, fake_url))
    with app.app_context():
        _reset_schema()
        upgrade()
        organisation = Organisation(slug="bench", name="Bench")
        db.session.add(organisation)
        db.session.flush()
        for n in range(messages):
            queue_sms(
                to=f"+3247{n:07d}",
                body=f"bench message {n}",
                kind="offer",
                key=f"bench:{n}",
                now=NOW,
                organisation_id=organisation.id,
            )
        db.session.commit()
        db.engine.dispose()


def _sender(database_url: str, fake_url: str, start: Any, results: Any) -> None:
    from web import create_app
    from web.services.outbox_delivery import deliver_due
    from web.sms import sms_setup

    app = create_app(_config(database_url, fake_url))
    with app.app_context():
        sender = sms_setup().sender
        start.wait()
        cpu = time.process_time()
        handled = 0
        while report := deliver_due(sender, NOW, batch=20):
            if not report.handled:
                break
            handled += report.handled
    cpu = time.process_time() - cpu
    results.put((handled, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, cpu))


def _count_left(database_url: str, fake_url: str) -> int:
    from web import create_app
    from web.db import db
    from web.models import SmsMessage

    app = create_app(_config(database_url, fake_url))
    with app.app_context():
        left = db.session.scalar(
            select(func.count()).select_from(SmsMessage).where(SmsMessage.status != "queued")
        )
        db.engine.dispose()
        return int(left or 0)


def one_run(database_url: str, messages: int, senders: int) -> dict[str, float]:
    """Queue ``messages``, deliver them with ``senders`` processes; the figures."""
    with FakeTwilio() as fake:
        _prepare(database_url, fake.base_url, messages)
        context = multiprocessing.get_context("spawn")
        start, results = context.Barrier(senders + 1), context.Queue()
        processes = [
            context.Process(target=_sender, args=(database_url, fake.base_url, start, results))
            for _ in range(senders)
        ]
        for process in processes:
            process.start()
        start.wait()
        began, fake_cpu = time.perf_counter(), time.process_time()
        outcomes = [results.get(timeout=600) for _ in processes]
        elapsed = time.perf_counter() - began
        fake_cpu = time.process_time() - fake_cpu
        for process in processes:
            process.join(timeout=30)
        bodies = fake.sent_bodies()
        left = _count_left(database_url, fake.base_url)
    return {
        "messages_per_s": len(bodies) / elapsed,
        "seconds": elapsed,
        "sent": len(bodies),
        "duplicates": len(bodies) - len(set(bodies)),
        "not_queued": left,
        "peak_rss_mb": max(rss for _, rss, _ in outcomes) / 1024,
        # CPU per message of the senders and of the fake (this process), PostgreSQL not counted:
        # what the figures would be on an idle machine follows from it.
        "sender_cpu_ms": sum(cpu for _, _, cpu in outcomes) * 1000 / max(len(bodies), 1),
        "fake_cpu_ms": fake_cpu * 1000 / max(len(bodies), 1),
        "load": os.getloadavg()[0],
    }


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL") or (
        "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.sqlite")
    )
    print(
        f"database: {database_url.split('@')[-1]}  messages: {options.messages}  "
        f"senders: {options.senders}"
    )
    print(
        f"{'run':>3} {'msg/s':>8} {'seconds':>8} {'sent':>6} "
        f"{'dupes':>6} {'left':>5} {'peak MB':>8} {'CPU ms/msg':>10} {'load':>5}"
    )
    runs = []
    for n in range(1, options.runs + 1):
        figures = one_run(database_url, options.messages, options.senders)
        runs.append(figures)
        print(
            f"{n:>3} {figures['messages_per_s']:>8.1f} {figures['seconds']:>8.2f} "
            f"{figures['sent']:>6.0f} {figures['duplicates']:>6.0f} {figures['not_queued']:>5.0f} "
            f"{figures['peak_rss_mb']:>8.1f} "
            f"{figures['sender_cpu_ms'] + figures['fake_cpu_ms']:>10.1f} {figures['load']:>5.1f}"
        )
    median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print(
        f"median: {median['messages_per_s']:.1f} messages/s, "
        f"duplicates {sum(r['duplicates'] for r in runs):.0f} in all runs, "
        f"peak sender memory {median['peak_rss_mb']:.1f} MB, CPU per message "
        f"{median['sender_cpu_ms']:.1f} ms senders + {median['fake_cpu_ms']:.1f} ms fake"
    )


if __name__ == "__main__":
    main()
