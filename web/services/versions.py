"""Optimistic locking: the version a client must send back when it changes a record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from web.db import db
from web.services.errors import StaleVersion


def record_version(record: Any) -> int:
    """The record's version column, or (for tables without one) its last change in microseconds.

    Residents and volunteers have no version column; `updated_at` changes on
    every write, so it serves as the version there.
    """
    version = getattr(record, "version", None)
    if isinstance(version, int):
        return version
    stamp: datetime = record.updated_at
    return int(stamp.timestamp()) * 1_000_000 + stamp.microsecond


def check_version(record: Any, expected: int) -> None:
    """Raise StaleVersion unless the client read the record's current version."""
    current = record_version(record)
    if current != expected:
        raise StaleVersion(current)


def commit_or_stale(record: Any) -> None:
    """Commit; when someone changed ``record`` meanwhile, roll back and raise StaleVersion.

    The version column turns a concurrent change into a StaleDataError at
    commit; the caller gets the version the record has now.
    """
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        model = type(record)
        current = db.session.scalar(select(model.version).where(model.id == record.id))
        raise StaleVersion(current or 0) from None
