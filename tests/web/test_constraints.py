"""The database itself refuses what the domain forbids, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tests.factories import make_help_request, make_organisation, make_resident, make_volunteer
from web.db import db
from web.models import Assignment, HelpRequest, SmsMessage


def _refused(row: object) -> None:
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_foreign_keys_are_enforced(app: Flask) -> None:
    org = make_organisation()
    resident = make_resident(org)
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    _refused(
        HelpRequest(
            organisation_id=org.id,
            resident_id=resident.id + 999,
            skill="shopping",
            duration_minutes=30,
            window_start=start,
            window_end=start + timedelta(hours=2),
        )
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("skill", "juggling"),
        ("duration_minutes", -5),
        ("priority", 9),
        ("volunteers_needed", 0),
        ("status", "lost"),
    ],
)
def test_help_request_checks(app: Flask, field: str, value: object) -> None:
    resident = make_resident(make_organisation())
    with pytest.raises(IntegrityError):
        make_help_request(resident, **{field: value})
    db.session.rollback()


def test_window_end_must_follow_start(app: Flask) -> None:
    resident = make_resident(make_organisation())
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with pytest.raises(IntegrityError):
        make_help_request(resident, window_start=start, window_end=start)
    db.session.rollback()


def test_volunteer_phone_is_unique(app: Flask) -> None:
    org = make_organisation()
    make_volunteer(org, phone="+32470999999")
    with pytest.raises(IntegrityError):
        make_volunteer(org, phone="+32470999999")
    db.session.rollback()


def test_naive_datetimes_are_refused(app: Flask) -> None:
    resident = make_resident(make_organisation())
    with pytest.raises(Exception, match="naive datetime"):
        make_help_request(resident, window_start=datetime(2026, 12, 1, 9))
    db.session.rollback()


def test_times_come_back_in_utc(app: Flask) -> None:
    resident = make_resident(make_organisation())
    brussels = datetime.fromisoformat("2026-12-01T10:00:00+01:00")
    request = make_help_request(
        resident, window_start=brussels, window_end=brussels + timedelta(hours=2)
    )
    db.session.expire_all()
    stored = db.session.get(HelpRequest, request.id)
    assert stored is not None
    assert stored.window_start == brussels
    assert stored.window_start.utcoffset() == timedelta(0)


def test_one_live_assignment_per_volunteer_and_request(app: Flask) -> None:
    org = make_organisation()
    request = make_help_request(make_resident(org))
    volunteer = make_volunteer(org)

    def assignment(status: str) -> Assignment:
        return Assignment(
            request_id=request.id,
            volunteer_id=volunteer.id,
            starts_at=request.window_start,
            status=status,
        )

    db.session.add_all([assignment("declined"), assignment("proposed")])
    db.session.commit()
    _refused(assignment("offered"))


def test_stale_assignment_edit_is_refused(app: Flask) -> None:
    org = make_organisation()
    request = make_help_request(make_resident(org))
    row = Assignment(
        request_id=request.id,
        volunteer_id=make_volunteer(org).id,
        starts_at=request.window_start,
    )
    db.session.add(row)
    db.session.commit()
    assert row.version == 1  # this coordinator's page was rendered from version 1
    with db.engine.begin() as other:  # someone else saves first
        other.exec_driver_sql("UPDATE assignments SET version = version + 1")
    row.status = "confirmed"
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()


def test_outbound_sms_needs_an_idempotency_key_and_it_is_unique(app: Flask) -> None:
    def message(key: str | None) -> SmsMessage:
        return SmsMessage(
            direction="outbound",
            kind="offer",
            to_number="+32470000001",
            body="x",
            idempotency_key=key,
        )

    _refused(message(None))
    db.session.add(message("assignment:1:offer"))
    db.session.commit()
    _refused(message("assignment:1:offer"))
