"""Leader election: on PostgreSQL only the clock holding an advisory lock runs jobs.

The lock lives on a dedicated psycopg connection, never one from the pool: a
pooled connection keeps the lock after it is handed back, and re-acquiring on
it always "succeeds". A standby clock polls `pg_try_advisory_lock` every
CLOCK_POLL_SECONDS; when the leader dies its connection closes, PostgreSQL
drops the lock and the standby takes over within one poll. The leader checks
the same way that it still holds the lock and stops its jobs when it does not.
SQLite has no such lock: exactly one clock process is run there.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import psycopg
from apscheduler.schedulers.base import BaseScheduler
from flask import Flask
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def libpq_url(sqlalchemy_url: str) -> str:
    """The SQLAlchemy URL of the app as a plain libpq connection string."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def is_postgresql(sqlalchemy_url: str) -> bool:
    """Whether the database can hold advisory locks."""
    return make_url(sqlalchemy_url).get_backend_name() == "postgresql"


class AdvisoryLock:
    """A session-level PostgreSQL advisory lock on its own connection."""

    def __init__(self, url: str, key: int) -> None:
        self.url = url
        self.key = key
        self._connection: psycopg.Connection[Any] | None = None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; never waits."""
        try:
            connection = self._connect()
            row = connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        except psycopg.Error as error:
            log.warning("clock lock: cannot ask the database (%s)", error)
            self._drop()
            return False
        return bool(row and row[0])

    def still_held(self) -> bool:
        """Whether this connection is alive and PostgreSQL lists the lock as ours."""
        if self._connection is None:
            return False
        try:
            row = self._connection.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND pid = pg_backend_pid() AND classid = %s AND objid = %s AND objsubid = 1",
                (self.key >> 32, self.key & 0xFFFFFFFF),
            ).fetchone()
        except psycopg.Error as error:
            log.error("clock lock: connection lost (%s)", error)
            self._drop()
            return False
        return bool(row and row[0])

    def release(self) -> None:
        """Give the lock up by closing its connection."""
        self._drop()

    def _connect(self) -> psycopg.Connection[Any]:
        if self._connection is None or self._connection.closed:
            # Keepalives make a half-open connection fail the next check instead of hanging.
            self._connection = psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=5,
                keepalives=1,
                keepalives_idle=5,
                keepalives_interval=2,
                keepalives_count=2,
                application_name="buurtmatch-clock",
            )
        return self._connection

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
        self._connection = None


class Clock:
    """Runs the scheduler while this process is the leader; a standby otherwise."""

    def __init__(
        self,
        app: Flask,
        make_scheduler: Callable[[Flask], BaseScheduler],
        lock: AdvisoryLock | None,
    ) -> None:
        self.app = app
        self.make_scheduler = make_scheduler
        self.lock = lock
        self.poll_seconds = float(app.config["CLOCK_POLL_SECONDS"])
        self.stopping = threading.Event()
        self.scheduler: BaseScheduler | None = None

    def run(self) -> None:
        """Wait for the lock, run the jobs until the lock is lost or a stop; repeat."""
        while not self.stopping.is_set():
            if self.lock is not None and not self._wait_for_lock():
                return
            log.info("clock active: running the jobs")
            self.scheduler = self.make_scheduler(self.app)
            if self.lock is not None:
                self.scheduler.add_job(
                    self._check_lock,
                    "interval",
                    seconds=self.poll_seconds,
                    id="clock-lock-check",
                    replace_existing=True,
                    misfire_grace_time=None,
                )
            self.scheduler.start()  # a BlockingScheduler returns only after shutdown
            if self.lock is None:
                return
            self.lock.release()
            if not self.stopping.is_set():
                log.error("clock lost the lock: back to standby")

    def stop(self, *_: object) -> None:
        """Stop the jobs and the waiting; the lock goes with the connection."""
        self.stopping.set()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def _wait_for_lock(self) -> bool:
        assert self.lock is not None
        announced = False
        while not self.stopping.is_set():
            if self.lock.try_acquire():
                return True
            if not announced:
                log.info("clock standby: another clock holds lock %s", self.lock.key)
                announced = True
            self.stopping.wait(self.poll_seconds)
        return False

    def _check_lock(self) -> None:
        assert self.lock is not None and self.scheduler is not None
        if not self.lock.still_held():
            # Shut down from a worker thread: never wait for our own job to end.
            self.scheduler.shutdown(wait=False)


def clock_for(app: Flask, make_scheduler: Callable[[Flask], BaseScheduler]) -> Clock:
    """A clock for the app's database: leader-elected on PostgreSQL, alone on SQLite."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    lock = AdvisoryLock(libpq_url(url), int(app.config["CLOCK_LOCK_ID"]))
    return Clock(app, make_scheduler, lock if is_postgresql(url) else None)


def stop_on_signals(clock: Clock) -> None:
    """Let SIGTERM and SIGINT end the clock cleanly."""

    def handler(signum: int, frame: FrameType | None) -> None:
        clock.stop()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
