"""The clock process: builds the app and runs its timed jobs.

Imports `web` (its factory and services) and apscheduler; nothing imports it.
`build_scheduler` never starts anything, so tests can inspect the jobs.
"""

from __future__ import annotations

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduling import jobs

JOB_DEFAULTS = {
    "coalesce": True,
    "max_instances": 1,
    # A job that missed its time by more than this is skipped, not run late.
    "misfire_grace_time": 30,
}


def build_scheduler(app: Flask, scheduler: BaseScheduler | None = None) -> BaseScheduler:
    """Register every clock job on a scheduler (a BlockingScheduler unless one is given)."""
    scheduler = scheduler or BlockingScheduler()
    scheduler.configure(job_defaults=JOB_DEFAULTS, timezone=app.config["TIMEZONE"])
    for job, seconds in ((jobs.heartbeat, 15), (jobs.matching_rounds, 3)):
        scheduler.add_job(
            job,
            "interval",
            seconds=seconds,
            args=[app],
            id=job.__name__.replace("_", "-"),
            replace_existing=True,
            next_run_time=jobs.now(),
        )
    return scheduler
