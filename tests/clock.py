"""The clock's frequent jobs, run in the clock's order by tests that play the clock."""

from __future__ import annotations

from flask import Flask

from scheduling import jobs

# Every interval job but the heartbeat and the hourly series: what a half hour of clock does.
FREQUENT_JOBS = (
    jobs.plan_rounds,
    jobs.matching_rounds,
    jobs.offer_cascade,
    jobs.reminders,
    jobs.check_ins,
    jobs.finished_tasks,
    jobs.sms_outbox,
)


def run_frequent_jobs(app: Flask) -> None:
    """Run each frequent job once, as the clock would within a few minutes."""
    for job in FREQUENT_JOBS:
        job(app)
