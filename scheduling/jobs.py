"""Thin wrappers: each job runs one web service inside an app context."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

from flask import Flask

from web.services.clock import record_heartbeat
from web.services.matching import run_queued_rounds


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def holder_name() -> str:
    """This clock process as host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def heartbeat(app: Flask) -> None:
    """Tell /healthz the clock is alive."""
    with app.app_context():
        record_heartbeat(holder_name(), now())


def matching_rounds(app: Flask) -> None:
    """Run the matching rounds coordinators queued."""
    with app.app_context():
        run_queued_rounds(app.config["TIMEZONE"], app.config["MATCHING_WORKERS"])
