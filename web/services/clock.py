"""The clock's sign of life."""

from __future__ import annotations

from datetime import datetime

from web.db import db
from web.models import ClockHeartbeat


def record_heartbeat(holder: str, now: datetime, name: str = "clock") -> None:
    """Write that the clock `holder` (host:pid) is alive at `now`."""
    beat = db.session.get(ClockHeartbeat, name)
    if beat is None:
        db.session.add(ClockHeartbeat(name=name, holder=holder, last_heartbeat=now))
    else:
        beat.holder = holder
        beat.last_heartbeat = now
    db.session.commit()
