"""Two real clock processes on PostgreSQL: one leads, the other takes over when it dies."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import IO

import pytest
from flask import Flask
from sqlalchemy import select, text

from scheduling.leader import AdvisoryLock, libpq_url
from tests.factories import make_organisation, make_volunteer
from web.db import db, utcnow
from web.models import ClockHeartbeat, SmsMessage
from web.services.outbox import queue_sms

ROOT = Path(__file__).resolve().parents[2]
TAKEOVER_SECONDS = 10


@pytest.fixture
def postgresql_app(app: Flask) -> Flask:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("leader election needs PostgreSQL advisory locks: set TEST_DATABASE_URL")
    return app


@pytest.fixture
def start_clock(app: Flask, tmp_path: Path) -> Iterator[Callable[[str], subprocess.Popen[bytes]]]:
    """Start `python -m scheduling` processes on the test database; all are killed after."""
    started: list[subprocess.Popen[bytes]] = []
    logs: list[IO[bytes]] = []
    env = {
        **os.environ,
        "DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
        "SECRET_KEY": "clock-test",
        "SMS_BACKEND": "outbox",
        "QUIET_HOURS": "",
        "CLOCK_LOCK_ID": str(random.randint(10**6, 10**9)),
        "CLOCK_POLL_SECONDS": "1",
        "CLOCK_HEARTBEAT_SECONDS": "1",
        "SMS_OUTBOX_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }

    def start(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "scheduling"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    for log in logs:
        log.close()


def _holder() -> str | None:
    db.session.rollback()  # see the other processes' commits
    beat = db.session.scalar(select(ClockHeartbeat).where(ClockHeartbeat.name == "clock"))
    return beat.holder if beat else None


def _wait_for(check: Callable[[], object], seconds: float) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return None


def _queue_messages(count: int, tag: str) -> list[int]:
    organisation = make_organisation()
    volunteer = make_volunteer(organisation)
    ids = [
        queue_sms(
            to=volunteer.phone,
            body=f"{tag} {n}",
            kind="offer",
            key=f"{tag}:{n}",
            now=utcnow() - timedelta(seconds=1),
            organisation_id=organisation.id,
            volunteer_id=volunteer.id,
            urgent=True,  # due now, whatever the hour the test runs at
        ).id
        for n in range(count)
    ]
    db.session.commit()
    return ids


def _all_delivered(ids: list[int]) -> bool:
    db.session.rollback()
    statuses = db.session.scalars(select(SmsMessage.status).where(SmsMessage.id.in_(ids))).all()
    return all(status not in {"pending", "sending"} for status in statuses)


def test_one_clock_leads_and_the_standby_takes_over(
    postgresql_app: Flask, start_clock: Callable[[str], subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    before = _queue_messages(20, "before")
    first, second = start_clock("a"), start_clock("b")
    pids = {first.pid: first, second.pid: second}

    holder = _wait_for(_holder, 30)
    assert holder, "no clock wrote a heartbeat"
    leader = pids[int(str(holder).rsplit(":", 1)[1])]
    standby = second if leader is first else first
    # For a few heartbeats only the leader is alive on /healthz.
    seen = set()
    for _ in range(10):
        seen.add(_holder())
        time.sleep(0.3)
    assert seen == {holder}
    assert _wait_for(lambda: _all_delivered(before), 15)

    leader.send_signal(signal.SIGKILL)
    leader.wait(timeout=10)
    killed_at = time.monotonic()
    took_over = _wait_for(lambda: _holder() == f"{str(holder).rsplit(':', 1)[0]}:{standby.pid}", 15)
    takeover = time.monotonic() - killed_at
    assert took_over, "the standby did not take over"
    assert takeover < TAKEOVER_SECONDS

    after = _queue_messages(20, "after")
    assert _wait_for(lambda: _all_delivered(after), 15)
    db.session.rollback()
    attempts = db.session.scalars(
        select(SmsMessage.attempts).where(SmsMessage.id.in_(before + after))
    ).all()
    assert attempts == [1] * 40, "a message was sent more than once"
    standby_log = (tmp_path / ("b.log" if standby is second else "a.log")).read_text()
    assert standby_log.count("clock active") == 1
    assert standby_log.index("clock standby") < standby_log.index("clock active")
    # The standby ran no job before it took over.
    assert "Running job" not in standby_log[: standby_log.index("clock active")]
    print(f"takeover after kill -9: {takeover:.2f} s")


def test_the_lock_is_exclusive_and_a_lost_connection_is_noticed(postgresql_app: Flask) -> None:
    url = libpq_url(db.engine.url.render_as_string(hide_password=False))
    key = random.randint(10**6, 10**9)
    leader, standby = AdvisoryLock(url, key), AdvisoryLock(url, key)
    try:
        assert leader.try_acquire() and leader.still_held()
        assert not standby.try_acquire() and not standby.still_held()
        assert leader._connection is not None
        backend = leader._connection.info.backend_pid
        # An administrator (or a network failure) ends the leader's session.
        db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        db.session.commit()
        assert _wait_for(lambda: not leader.still_held(), 5)
        assert standby.try_acquire() and standby.still_held()
    finally:
        leader.release()
        standby.release()
