"""Reports per week or month: requests filled and unfilled, hours, kilometres for expenses."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

import matching
from matching.geo import road_distance_km
from web.db import db
from web.models import Assignment, HelpRequest
from web.services.spreadsheet_csv import SpreadsheetWriter

DONE = ("accepted", "completed")
# The engine's default detour factor (SCENARIO.md): road kilometres from straight lines.
DETOUR_FACTOR = 1.3


@dataclass(frozen=True)
class VolunteerLine:
    """One volunteer's hours and kilometres in the period."""

    name: str
    tasks: int
    minutes: int
    km: float
    volunteer_id: int = 0
    street: str = ""


@dataclass(frozen=True)
class Report:
    """The period's figures."""

    start: datetime
    end: datetime
    requests: int
    filled: int
    unfilled_reasons: list[tuple[str, int]]
    volunteers: list[VolunteerLine]


def _trip_km(a: Assignment) -> float:
    """Kilometres of one task from the volunteer's home and back, via a ride's destination."""
    home = matching.Location(a.volunteer.lat, a.volunteer.lon)
    resident = matching.Location(a.request.resident.lat, a.request.resident.lon)
    km = 2 * road_distance_km(home, resident, DETOUR_FACTOR)
    if a.request.destination_lat is not None and a.request.destination_lon is not None:
        there = matching.Location(a.request.destination_lat, a.request.destination_lon)
        km += 2 * road_distance_km(resident, there, DETOUR_FACTOR)
    return km


def period_report(organisation_id: int, start: datetime, end: datetime) -> Report:
    """Figures for requests whose window starts in [start, end)."""
    in_period = (
        HelpRequest.organisation_id == organisation_id,
        HelpRequest.window_start >= start,
        HelpRequest.window_start < end,
        HelpRequest.status != "cancelled",
    )
    total = int(db.session.scalar(select(func.count()).where(*in_period)) or 0)
    done = db.session.scalars(
        select(Assignment)
        .join(HelpRequest)
        .where(*in_period, Assignment.status.in_(DONE))
        .options(joinedload(Assignment.volunteer))
        .options(joinedload(Assignment.request).joinedload(HelpRequest.resident))
    ).all()
    filled = {a.request_id for a in done}
    reasons: Counter[str] = Counter(
        (text or "no reason recorded").split("\n")[0]
        for text in db.session.scalars(
            select(HelpRequest.unfilled_reasons).where(*in_period, HelpRequest.status == "unfilled")
        )
    )
    lines: dict[int, VolunteerLine] = {}
    for a in done:
        v = a.volunteer
        line = lines.get(v.id, VolunteerLine(f"{v.first_name} {v.last_name}", 0, 0, 0.0))
        km = _trip_km(a) if v.travel_mode == "car" else 0.0
        lines[v.id] = VolunteerLine(
            line.name,
            line.tasks + 1,
            line.minutes + a.request.duration_minutes,
            line.km + km,
            v.id,
            v.street,
        )
    return Report(
        start,
        end,
        total,
        len(filled),
        reasons.most_common(),
        sorted(lines.values(), key=lambda line: line.name),
    )


@dataclass(frozen=True)
class CsvWords:
    """The words of the CSV's headers, in the reader's language."""

    volunteer: str = "volunteer"
    tasks: str = "tasks"
    hours: str = "hours"
    km_by_car: str = "km_by_car"
    requests: str = "requests"
    filled: str = "filled"
    unfilled_reason: str = "unfilled reason"
    count: str = "count"


def report_csv(
    report: Report, words: CsvWords = CsvWords(), reason: Callable[[str], str] = str
) -> str:
    """The report's volunteer lines as CSV, for expense statements; ``reason`` words a reason."""
    out = io.StringIO()
    writer = SpreadsheetWriter(out)
    writer.writerow([words.volunteer, words.tasks, words.hours, words.km_by_car])
    for line in report.volunteers:
        writer.writerow([line.name, line.tasks, f"{line.minutes / 60:.2f}", f"{line.km:.1f}"])
    writer.writerow([])
    writer.writerow([words.requests, report.requests, words.filled, report.filled])
    writer.writerow([words.unfilled_reason, words.count])
    writer.writerows((reason(text), count) for text, count in report.unfilled_reasons)
    return out.getvalue()
