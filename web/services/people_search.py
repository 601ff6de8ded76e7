"""Finding residents and volunteers of one organisation by name, street or phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select

from web.db import db
from web.models import Resident, Volunteer

T = TypeVar("T")
PER_PAGE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what is needed to link to the others."""

    items: list[T]
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phone_digits(word: str) -> str | None:
    """Digits of a phone fragment as they appear in E.164 (0470 -> 32470), or None."""
    digits = re.sub(r"\D", "", word)
    if len(digits) < 3:
        return None
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "32" + digits[1:]
    return digits


def _matching(model: Any, query: str) -> list[ColumnElement[bool]]:
    """Every word must appear in the first name, last name, street or phone.

    A query of only digits and separators ("0470 12 34") is one phone number.
    """
    if re.fullmatch(r"[\d\s+/.()-]+", query):
        digits = _phone_digits(query)
        return [model.phone.like(f"%{digits}%")] if digits else []
    conditions = []
    for word in query.split():
        pattern = _like(word.lower())
        options = [
            func.lower(model.first_name).like(pattern, escape="\\"),
            func.lower(model.last_name).like(pattern, escape="\\"),
            func.lower(model.street).like(pattern, escape="\\"),
        ]
        digits = _phone_digits(word)
        if digits:
            options.append(model.phone.like(f"%{digits}%"))
        conditions.append(or_(*options))
    return conditions


def page_of(statement: Select[Any], number: int, per_page: int = PER_PAGE) -> Page[Any]:
    """One page of any query, numbered from 1 and clamped to the pages there are."""
    total = int(db.session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    number = max(1, min(number, max(1, -(-total // per_page))))
    items = list(db.session.scalars(statement.limit(per_page).offset((number - 1) * per_page)))
    return Page(items, total, number, per_page)


def find_residents(
    organisation_id: int, query: str = "", number: int = 1, per_page: int = PER_PAGE
) -> Page[Resident]:
    """Residents of the organisation whose name, street or phone match, by name."""
    statement = (
        select(Resident)
        .where(Resident.organisation_id == organisation_id, Resident.erased_at.is_(None))
        .where(*_matching(Resident, query))
        .order_by(Resident.last_name, Resident.first_name, Resident.id)
    )
    return page_of(statement, number, per_page)


def find_volunteers(
    organisation_id: int,
    query: str = "",
    number: int = 1,
    per_page: int = PER_PAGE,
    *,
    waiting_only: bool = False,
) -> Page[Volunteer]:
    """Volunteers of the organisation matching the query; `waiting_only`: not yet approved."""
    statement = (
        select(Volunteer)
        .where(Volunteer.organisation_id == organisation_id, Volunteer.erased_at.is_(None))
        .where(*_matching(Volunteer, query))
        .order_by(Volunteer.last_name, Volunteer.first_name, Volunteer.id)
    )
    if waiting_only:
        statement = statement.where(Volunteer.active.is_(False))
    return page_of(statement, number, per_page)
