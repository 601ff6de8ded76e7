"""Reading records of one organisation only: look-ups, filters and pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm.interfaces import ORMOption

from web.db import db
from web.models import Assignment, HelpRequest
from web.services.errors import NotFound

T = TypeVar("T")
# Primary keys are 32-bit integers; a larger id cannot exist and must not reach the database.
MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Page:
    """One page of a list and how many items the whole list has."""

    items: list[Any]
    page: int
    per_page: int
    total: int


def owned(model: type[T], organisation_id: int, record_id: int, *, for_update: bool = False) -> T:
    """The record with this id if it belongs to the organisation (and is not erased)."""
    if not 0 < record_id <= MAX_ID:
        raise NotFound(f"no {model.__name__} {record_id} in your organisation")
    query = select(model).where(
        model.id == record_id,  # type: ignore[attr-defined]
        model.organisation_id == organisation_id,  # type: ignore[attr-defined]
    )
    if hasattr(model, "erased_at"):
        query = query.where(model.erased_at.is_(None))  # type: ignore[attr-defined]
    if for_update:
        query = query.with_for_update()
    record = db.session.scalars(query).first()
    if record is None:
        raise NotFound(f"no {model.__name__} {record_id} in your organisation")
    return record


def scoped_list(
    model: type[T],
    organisation_id: int,
    *,
    date_column: InstrumentedAttribute[datetime],
    since: datetime | None = None,
    until: datetime | None = None,
    status: str | None = None,
) -> Select[tuple[T]]:
    """A query over the organisation's records, filtered by status and a date range."""
    query = select(model).where(model.organisation_id == organisation_id)  # type: ignore[attr-defined]
    if hasattr(model, "erased_at"):
        query = query.where(model.erased_at.is_(None))  # type: ignore[attr-defined]
    if status is not None:
        query = query.where(model.status == status)  # type: ignore[attr-defined]
    if since is not None:
        query = query.where(date_column >= since)
    if until is not None:
        query = query.where(date_column < until)
    return query.order_by(model.id)  # type: ignore[attr-defined]


def paginate(
    query: Select[tuple[T]], page: int, per_page: int, *, load: Sequence[ORMOption] = ()
) -> Page:
    """Run a query for one page; `total` counts the whole list; `load` eager-loads relations."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    window = query.options(*load).limit(per_page).offset((page - 1) * per_page)
    items = list(db.session.scalars(window))
    return Page(items=items, page=page, per_page=per_page, total=int(total or 0))


def owned_assignment(organisation_id: int, assignment_id: int) -> Assignment:
    """An assignment for one of the organisation's requests."""
    if not 0 < assignment_id <= MAX_ID:
        raise NotFound(f"no Assignment {assignment_id} in your organisation")
    assignment = db.session.scalars(
        select(Assignment)
        .join(HelpRequest, Assignment.request_id == HelpRequest.id)
        .where(Assignment.id == assignment_id, HelpRequest.organisation_id == organisation_id)
    ).first()
    if assignment is None:
        raise NotFound(f"no Assignment {assignment_id} in your organisation")
    return assignment


def assignments_of(
    organisation_id: int,
    *,
    status: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[tuple[Assignment]]:
    """The organisation's assignments, by status and start time."""
    query = (
        select(Assignment)
        .join(HelpRequest, Assignment.request_id == HelpRequest.id)
        .where(HelpRequest.organisation_id == organisation_id)
    )
    if status is not None:
        query = query.where(Assignment.status == status)
    if since is not None:
        query = query.where(Assignment.starts_at >= since)
    if until is not None:
        query = query.where(Assignment.starts_at < until)
    return query.order_by(Assignment.id)
