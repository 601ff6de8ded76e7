"""Shared pieces of the HTTP benchmarks: a gunicorn on loopback and latency figures."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, seconds: float = 30) -> None:
    """Wait until /healthz answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not come up in {seconds:.0f} s")


@contextmanager
def gunicorn(
    env: Mapping[str, str], workers: int, port: int | None = None
) -> Iterator[tuple[int, int]]:
    """Run `gunicorn web:create_app()` on loopback; yield (port, master pid)."""
    port = port or free_port()
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", str(workers),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "web:create_app()"],
        env={**os.environ, **env},
    )  # fmt: skip
    try:
        wait_until_up(port)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def workers_rss_mb(master: int) -> float:
    """Resident memory of gunicorn's workers, in MB."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master)], capture_output=True, text=True, check=False
    ).stdout
    return sum(int(line) for line in out.split()) / 1024


def latency_figures(latencies: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max in milliseconds from latencies in seconds."""
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
        "max_ms": max(latencies) * 1000,
    }


@contextmanager
def empty_database(database_url: str) -> Iterator[Any]:
    """An app context on `database_url`, emptied and migrated; the pool is closed after."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from web import create_app
    from web.db import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def add_coordinator(slug: str, name: str, email: str, password: str) -> Any:
    """An organisation with one coordinator; returns the (flushed) organisation."""
    from web.db import db
    from web.models import Organisation, User
    from web.services.passwords import hash_password

    organisation = Organisation(slug=slug, name=name)
    db.session.add(organisation)
    db.session.flush()
    db.session.add(
        User(email=email, name="Bench", password_hash=hash_password(password),
             organisation_id=organisation.id)
    )  # fmt: skip
    return organisation
