"""A storage for the `limits` library in buurtmatch's own database (``buurtmatch-db://``).

Every gunicorn worker and every machine shares the one database, so a limit
counts what all of them saw without Redis; ``memory://`` counts per process.
Each hit is one upsert (INSERT ... ON CONFLICT DO UPDATE) on its own
connection, so a rolled-back request still counts. Fixed windows only, the
Flask-Limiter default.
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from web.db import db
from web.models import RateLimitCounter

_TABLE = RateLimitCounter.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class DatabaseStorage(Storage):
    """Fixed-window counters in the ``rate_limit_counters`` table."""

    STORAGE_SCHEME = ["buurtmatch-db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        """What a failing database raises."""
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to ``key``'s window (a new one once it expired); the new count."""
        now = time.time()
        with db.engine.begin() as connection:
            insert: Any = _INSERTS[connection.dialect.name](_TABLE)
            expired = _TABLE.c.expires_at <= now
            upsert = (
                insert.values(key=key, count=amount, expires_at=now + expiry)
                .on_conflict_do_update(
                    index_elements=[_TABLE.c.key],
                    set_={
                        "count": case((expired, amount), else_=_TABLE.c.count + amount),
                        "expires_at": case((expired, now + expiry), else_=_TABLE.c.expires_at),
                    },
                )
                .returning(_TABLE.c.count)
            )
            return int(connection.execute(upsert).scalar_one())

    def get(self, key: str) -> int:
        """The count in ``key``'s live window (0 without one)."""
        with db.engine.connect() as connection:
            count = connection.scalar(
                select(_TABLE.c.count).where(_TABLE.c.key == key, _TABLE.c.expires_at > time.time())
            )
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        """When ``key``'s window ends (now without one)."""
        with db.engine.connect() as connection:
            expires = connection.scalar(select(_TABLE.c.expires_at).where(_TABLE.c.key == key))
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            with db.engine.connect() as connection:
                connection.scalar(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every count; how many keys there were."""
        with db.engine.begin() as connection:
            return int(connection.execute(delete(_TABLE)).rowcount or 0)

    def clear(self, key: str) -> None:
        """Forget one key's count."""
        with db.engine.begin() as connection:
            connection.execute(delete(_TABLE).where(_TABLE.c.key == key))


def purge_expired_counters(now: float) -> int:
    """Delete counters whose window has ended (the clock's daily tidy-up); how many."""
    with db.engine.begin() as connection:
        return int(connection.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now)).rowcount)
