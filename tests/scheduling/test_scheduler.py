"""The clock registers its jobs with explicit ids, and the jobs do their work."""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import select

from scheduling import build_scheduler, jobs
from tests.factories import make_organisation
from web.db import db
from web.models import ClockHeartbeat, MatchingRun
from web.services.matching import start_matching_run


def test_jobs_have_ids_and_safe_defaults(app: Flask) -> None:
    scheduler = build_scheduler(app, BackgroundScheduler())
    scheduler.start(paused=True)  # job defaults are applied when the scheduler starts
    try:
        found = {job.id: job for job in scheduler.get_jobs()}
        assert set(found) == {
            "heartbeat",
            "sms-outbox",
            "matching-rounds",
            "plan-rounds",
            "offer-cascade",
            "reminders",
            "check-ins",
            "finished-tasks",
            "recurring-requests",
            "retention",
            "daily-summary",
        }
        assert found["heartbeat"].trigger.interval.total_seconds() == 15
        assert found["sms-outbox"].trigger.interval.total_seconds() == 5
        assert str(found["daily-summary"].trigger.fields[5]) == "7"  # the hour field
        for job in found.values():
            assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 30)
            assert str(job.trigger.timezone) == "Europe/Brussels"
    finally:
        scheduler.shutdown(wait=False)


def test_heartbeat_is_recorded_for_healthz(app: Flask) -> None:
    jobs.heartbeat(app)
    beat = db.session.scalars(select(ClockHeartbeat)).one()
    assert beat.holder == jobs.holder_name()
    assert app.test_client().get("/healthz").json["clock"]["holder"] == beat.holder


def test_queued_rounds_are_run_by_the_clock(app: Flask) -> None:
    run = start_matching_run(make_organisation().id, time_limit=1)
    jobs.matching_rounds(app)
    db.session.expire_all()
    finished = db.session.get(MatchingRun, run.id)
    assert finished is not None and finished.status == "succeeded"
