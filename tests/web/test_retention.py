"""Retention: people nobody has heard from for RETENTION_DAYS are erased, whatever their role."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from sqlalchemy import select

from scheduling import jobs
from tests.factories import (
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_user,
    make_volunteer,
)
from web.db import db
from web.models import (
    AuditEvent,
    RateLimitCounter,
    Resident,
    SmsMessage,
    UserSession,
    Volunteer,
)
from web.services.retention import erase_expired
from web.services.sessions import start_session

RETENTION = timedelta(days=730)


def test_volunteers_and_residents_without_requests_are_erased_after_retention(
    app: Flask,
) -> None:
    now = datetime.now(UTC)
    long_ago = now - timedelta(days=800)
    with time_machine.travel(long_ago, tick=False):
        home = make_organisation()
        gone = make_volunteer(home, first_name="Gone")
        helped_lately = make_volunteer(home, first_name="Busy")
        texted_lately = make_volunteer(home, first_name="Texter")
        lonely = make_resident(home, first_name="Lonely", phone="+3232220000")
        old_request = make_help_request(
            lonely, window_start=long_ago, window_end=long_ago + timedelta(hours=2)
        )
        make_assignment(old_request, gone, status="completed")
        asked_nothing = make_resident(home, first_name="Quiet", phone="+3232221111")
    fresh = make_volunteer(home, first_name="Fresh")
    filed_lately = make_resident(home, first_name="New")
    recent = make_help_request(make_resident(home, first_name="Asker"))
    make_assignment(recent, helped_lately, status="accepted")
    db.session.add(
        SmsMessage(
            organisation_id=home.id,
            direction="inbound",
            kind="free_text",
            to_number="+32460000000",
            from_number=texted_lately.phone,
            body="ik ben er nog",
            status="received",
            volunteer_id=texted_lately.id,
        )
    )
    db.session.commit()

    report = erase_expired(now, RETENTION)
    again = erase_expired(now, RETENTION)

    db.session.expire_all()
    assert db.session.get_one(Volunteer, gone.id).erased_at is not None
    assert db.session.get_one(Resident, lonely.id).erased_at is not None
    assert db.session.get_one(Resident, asked_nothing.id).erased_at is not None
    for kept in (helped_lately, texted_lately, fresh):
        assert db.session.get_one(Volunteer, kept.id).erased_at is None, kept.first_name
    assert db.session.get_one(Resident, filed_lately.id).erased_at is None
    assert (report.residents, report.volunteers) == (2, 1)
    assert (again.residents, again.volunteers) == (0, 0)
    actors = db.session.scalars(select(AuditEvent.actor).where(AuditEvent.action == "erased")).all()
    assert actors == ["retention"] * 3


def test_the_daily_job_drops_sessions_and_rate_limit_counts_that_are_over(app: Flask) -> None:
    user = make_user(make_organisation())
    now = datetime.now(UTC)
    with time_machine.travel(now - timedelta(days=2), tick=False):
        start_session(user, datetime.now(UTC))
    start_session(user, now)
    db.session.add_all(
        [
            RateLimitCounter(key="old", count=3, expires_at=now.timestamp() - 60),
            RateLimitCounter(key="live", count=1, expires_at=now.timestamp() + 60),
        ]
    )
    db.session.commit()
    jobs.retention(app)
    db.session.expire_all()
    assert len(db.session.scalars(select(UserSession)).all()) == 1
    assert db.session.scalars(select(RateLimitCounter.key)).all() == ["live"]
