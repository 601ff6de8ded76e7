"""Thin wrappers: each job runs web services inside an app context, idempotently.

Every job reads what is due from the database, so running it twice, late, or
on another clock after a failover does not repeat its effects: SMS carry an
idempotency key, notices a unique key, occurrences a unique (series, window).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from flask import Flask

from web.db import db
from web.rate_limit_storage import purge_expired_counters
from web.services.clock import record_heartbeat
from web.services.daily_summary import write_daily_summaries
from web.services.matching import run_queued_rounds
from web.services.offer_cascade import alert_nobody_left, expire_offers, offer_proposals
from web.services.offers import presume_completed, queue_check_ins
from web.services.outbox_delivery import deliver_due
from web.services.recurrence import materialise_series
from web.services.reminders import queue_reminders
from web.services.retention import erase_expired
from web.services.round_planning import queue_rounds_with_open_requests
from web.services.sessions import limits_from_config, purge_sessions


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def holder_name() -> str:
    """This clock process as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def _context(app: Flask) -> Iterator[None]:
    """An app context whose session is always cleaned up, even after a failure."""
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()


def heartbeat(app: Flask) -> None:
    """Tell /healthz the clock is alive."""
    with _context(app):
        record_heartbeat(holder_name(), now())


OUTBOX_BATCH = 50
# One run sends at most this many batches, so a backlog cannot hold the job for minutes.
OUTBOX_BATCHES_PER_RUN = 20


def sms_outbox(app: Flask) -> None:
    """Deliver the SMS that are due, batch after batch while full batches come back."""
    with _context(app):
        setup = app.extensions["sms"]
        for _ in range(OUTBOX_BATCHES_PER_RUN):
            report = deliver_due(setup.sender, now(), batch=OUTBOX_BATCH, settings=setup.settings)
            if report.handled < OUTBOX_BATCH:
                break


def matching_rounds(app: Flask) -> None:
    """Run queued rounds, then offer what needs no coordinator and flag who is left without."""
    with _context(app):
        run_queued_rounds(app.config["TIMEZONE"], app.config["MATCHING_WORKERS"])
        offer_proposals(now())
        alert_nobody_left(now())


def plan_rounds(app: Flask) -> None:
    """Queue a round for each organisation with open requests in the coming days."""
    with _context(app):
        queue_rounds_with_open_requests(now())


def offer_cascade(app: Flask) -> None:
    """Expire unanswered offers, so the next candidate gets one."""
    with _context(app):
        expire_offers(now(), timedelta(minutes=app.config["OFFER_TIMEOUT_MINUTES"]))


def reminders(app: Flask) -> None:
    """Remind volunteers the evening before and two hours before."""
    with _context(app):
        queue_reminders(now(), app.config["REMINDER_EVENING_HOUR"], app.config["TIMEZONE"])


def check_ins(app: Flask) -> None:
    """Ask volunteers how a finished task went, once per task."""
    with _context(app):
        queue_check_ins(now())


def finished_tasks(app: Flask) -> None:
    """Complete, as presumed, the tasks whose end passed the grace period without an answer."""
    with _context(app):
        presume_completed(now(), timedelta(hours=app.config["TASK_GRACE_HOURS"]))


def recurring_requests(app: Flask) -> None:
    """Materialise recurring requests a few weeks ahead."""
    with _context(app):
        materialise_series(now(), app.config["RECURRENCE_WEEKS_AHEAD"], app.config["TIMEZONE"])


def retention(app: Flask) -> None:
    """Erase people nobody has heard of for the retention period; drop sessions and rate-limit
    counts that are over."""
    with _context(app):
        erase_expired(now(), timedelta(days=app.config["RETENTION_DAYS"]))
        purge_sessions(now(), limits_from_config(app.config))
        purge_expired_counters(now().timestamp())


def daily_summary(app: Flask) -> None:
    """Leave each organisation its summary of the day."""
    with _context(app):
        write_daily_summaries(now(), app.config["TIMEZONE"])
