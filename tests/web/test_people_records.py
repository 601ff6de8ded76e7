"""Services behind the coordinator's people pages: search, history, week, absences, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from flask import Flask
from sqlalchemy import insert

from tests.factories import (
    make_assignment,
    make_audit_event,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db
from web.models import Resident
from web.services.absences import add_absence, remove_absence
from web.services.audit_trail import audit_trail
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.people_records import resident_history, volunteer_history
from web.services.people_search import find_residents, find_volunteers
from web.services.versions import record_version
from web.services.volunteer_approval import set_volunteer_active
from web.services.volunteer_schedule import replace_availability


def test_search_scales_to_thousands_of_residents(app: Flask) -> None:
    org, other = make_organisation(), make_organisation()
    rows = [
        {
            "organisation_id": org.id if n % 5 else other.id,
            "first_name": f"First{n}",
            "last_name": f"Last{n:05d}",
            "postcode": "2060",
            "street": "Kerkstraat" if n % 2 else "Stuivenbergplein",
            "lat": 51.2,
            "lon": 4.4,
            "languages": ["nl"],
            "phone": f"+3232{n:06d}",
        }
        for n in range(2500)
    ]
    db.session.execute(insert(Resident), rows)
    db.session.commit()
    everyone = find_residents(org.id)
    assert (everyone.total, len(everyone.items), everyone.pages) == (2000, 50, 40)
    assert find_residents(org.id, "stuivenberg").total == 1000
    assert find_residents(org.id, "last00017").items[0].first_name == "First17"
    assert find_residents(org.id, "032 000 017").total == 1
    theirs = find_residents(other.id, "last00017").items
    assert theirs and {r.organisation_id for r in theirs} == {other.id}
    assert "First17" not in {r.first_name for r in theirs}
    last = find_residents(org.id, number=999)
    assert last.number == 40 and len(last.items) == 50


def test_waiting_volunteers_are_the_inactive_ones(app: Flask) -> None:
    org = make_organisation()
    make_volunteer(org, last_name="Active")
    make_volunteer(org, last_name="Waiting", active=False)
    assert [v.last_name for v in find_volunteers(org.id, waiting_only=True).items] == ["Waiting"]
    assert find_volunteers(org.id).total == 2


def test_histories_are_scoped(app: Flask) -> None:
    org, other = make_organisation(), make_organisation()
    resident, volunteer = make_resident(org), make_volunteer(org)
    request = make_help_request(resident)
    make_assignment(
        request, volunteer, starts_at=datetime(2026, 12, 1, 9, tzinfo=UTC), status="completed"
    )
    [item] = resident_history(org.id, resident.id)
    assert [a.volunteer.id for a in item.assignments] == [volunteer.id]
    assert [a.request.resident.id for a in volunteer_history(org.id, volunteer.id)] == [resident.id]
    with pytest.raises(NotFound):
        resident_history(other.id, resident.id)
    with pytest.raises(NotFound):
        volunteer_history(other.id, volunteer.id)


def test_week_replacement_checks_overlaps_and_versions(app: Flask) -> None:
    org = make_organisation()
    volunteer = make_volunteer(org)
    version = record_version(volunteer)
    with pytest.raises(InvalidInput) as overlap:
        replace_availability(
            org.id,
            volunteer.id,
            [
                {"weekday": 1, "start": "09:00", "end": "12:00"},
                {"weekday": 1, "start": "11:00", "end": "13:00"},
            ],
            version=version,
        )
    assert overlap.value.errors == {
        "availability.1.start": ["overlaps another time on the same day"]
    }
    with pytest.raises(InvalidInput) as backwards:
        replace_availability(
            org.id,
            volunteer.id,
            [{"weekday": 1, "start": "12:00", "end": "09:00"}],
            version=version,
        )
    assert "availability.0.end" in backwards.value.errors
    replace_availability(
        org.id, volunteer.id, [{"weekday": 4, "start": "9:30", "end": "11:00"}], version=version
    )
    assert [(r.weekday, r.starts_at) for r in volunteer.availability] == [(4, time(9, 30))]
    with pytest.raises(StaleVersion):
        replace_availability(org.id, volunteer.id, [], version=version)
    with pytest.raises(NotFound):
        replace_availability(make_organisation().id, volunteer.id, [], version=version)


def test_approval_is_audited_once_and_refuses_stale_versions(app: Flask) -> None:
    org = make_organisation()
    volunteer = make_volunteer(org, active=False)
    stale = record_version(volunteer)
    set_volunteer_active(org.id, volunteer.id, True, version=stale, user_id=None)
    assert volunteer.active is True
    with pytest.raises(StaleVersion):
        set_volunteer_active(org.id, volunteer.id, False, version=stale)
    set_volunteer_active(org.id, volunteer.id, True, version=record_version(volunteer))
    actions = [e.action for e in audit_trail("volunteers", volunteer.id, org.id)]
    assert actions == ["approved"]


def test_absences(app: Flask) -> None:
    org, other = make_organisation(), make_organisation()
    volunteer = make_volunteer(org)
    with pytest.raises(InvalidInput) as caught:
        add_absence(org.id, volunteer.id, {"first_day": "2026-12-24", "last_day": "2026-12-20"})
    assert caught.value.errors == {"last_day": ["the first day is after the last day"]}
    with pytest.raises(NotFound):
        add_absence(other.id, volunteer.id, {"first_day": "2026-12-20", "last_day": "2026-12-24"})
    absence = add_absence(
        org.id, volunteer.id, {"first_day": "2026-12-20", "last_day": "2026-12-24", "reason": None}
    )
    assert (absence.first_day, absence.last_day) == (date(2026, 12, 20), date(2026, 12, 24))
    with pytest.raises(NotFound):
        remove_absence(other.id, volunteer.id, absence.id)
    remove_absence(org.id, volunteer.id, absence.id)
    actions = [e.action for e in audit_trail("volunteers", volunteer.id, org.id)]
    assert actions == ["absence_removed", "absence_added"]


def test_audit_trail_is_scoped_and_includes_the_requests_assignments(app: Flask) -> None:
    org, other = make_organisation(), make_organisation()
    mine = make_help_request(make_resident(org))
    theirs = make_help_request(make_resident(other, phone="+3232345678"))
    assignment = make_assignment(theirs, make_volunteer(other), status="offered")
    make_audit_event(mine, "created")
    make_audit_event(theirs, "created")
    make_audit_event(assignment, "accepted", actor="sms")
    assert [e.action for e in audit_trail("help_requests", mine.id, org.id)] == ["created"]
    assert audit_trail("help_requests", theirs.id, org.id) == []
    newest_first = [e.action for e in audit_trail("help_requests", theirs.id, other.id)]
    assert newest_first == ["accepted", "created"]
