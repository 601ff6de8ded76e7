"""The clock process: builds the app and runs its timed jobs.

Imports `web` (its factory and services) and apscheduler; nothing imports it.
`build_scheduler` never starts anything, so tests can inspect the jobs.
Every job is a thin, idempotent wrapper around a web service (scheduling.jobs):
running it twice, late, or after a failover changes nothing the second time.

Jobs (id: when, from which setting with its default: what):

- heartbeat: every CLOCK_HEARTBEAT_SECONDS (15 s): the active clock's holder and time for /healthz
- sms-outbox: every SMS_OUTBOX_SECONDS (5 s): deliver due outbox SMS (quiet hours, retries)
- matching-rounds: every 3 s: run queued rounds, offer proposals that need no coordinator,
  and tell the coordinator when a cascade found nobody
- plan-rounds: every MATCHING_ROUND_MINUTES (15 min): queue a round per organisation with
  open requests in the coming seven days
- offer-cascade: every minute: expire offers unanswered OFFER_TIMEOUT_MINUTES (180) after
  their SMS went out, thank the volunteer by SMS, re-plan so the next best candidate gets
  the offer
- reminders: every 5 minutes: the evening before (from REMINDER_EVENING_HOUR, 18:00) and
  two hours before an accepted task, each once, outside quiet hours
- check-ins: every 5 minutes: ask the volunteer how a finished task went, once per task
- finished-tasks: every 15 minutes: a task whose end passed TASK_GRACE_HOURS (24) ago without
  an answer is completed, marked as presumed (the coordinator can still mark a no-show)
- recurring-requests: hourly: materialise series RECURRENCE_WEEKS_AHEAD (3) weeks ahead
- retention: daily at 03:30: erase residents and volunteers not heard of for RETENTION_DAYS (730);
  drop login sessions and rate-limit counts that are over
- daily-summary: daily at DAILY_SUMMARY_HOUR (7):00: one inbox summary per organisation
- clock-lock-check: every CLOCK_POLL_SECONDS (3 s), PostgreSQL only (scheduling.leader):
  stop the jobs when this clock no longer holds the leader lock

Times are Europe/Brussels (TIMEZONE).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from scheduling import jobs

JOB_DEFAULTS = {
    "coalesce": True,
    "max_instances": 1,
    # A job that missed its time by more than this is skipped, not run late;
    # every job looks at the state of the database, so the next run catches up.
    "misfire_grace_time": 30,
}


def job_table(config: Any) -> list[tuple[Callable[[Flask], object], str, dict[str, Any]]]:
    """Each job with its trigger and the trigger's arguments, from the configuration."""
    return [
        (jobs.heartbeat, "interval", {"seconds": config["CLOCK_HEARTBEAT_SECONDS"]}),
        (jobs.sms_outbox, "interval", {"seconds": config["SMS_OUTBOX_SECONDS"]}),
        (jobs.matching_rounds, "interval", {"seconds": 3}),
        (jobs.plan_rounds, "interval", {"minutes": config["MATCHING_ROUND_MINUTES"]}),
        (jobs.offer_cascade, "interval", {"minutes": 1}),
        (jobs.reminders, "interval", {"minutes": 5}),
        (jobs.check_ins, "interval", {"minutes": 5}),
        (jobs.finished_tasks, "interval", {"minutes": 15}),
        (jobs.recurring_requests, "interval", {"hours": 1}),
        (jobs.retention, "cron", {"hour": 3, "minute": 30}),
        (jobs.daily_summary, "cron", {"hour": config["DAILY_SUMMARY_HOUR"], "minute": 0}),
    ]


def build_scheduler(app: Flask, scheduler: BaseScheduler | None = None) -> BaseScheduler:
    """Register every clock job on a scheduler (a BlockingScheduler unless one is given)."""
    scheduler = scheduler or BlockingScheduler()
    scheduler.configure(job_defaults=JOB_DEFAULTS, timezone=app.config["TIMEZONE"])
    for job, trigger, timing in job_table(app.config):
        # Interval jobs run once right at start; daily jobs wait for their hour.
        first = {"next_run_time": jobs.now()} if trigger == "interval" else {}
        scheduler.add_job(
            job,
            trigger,
            args=[app],
            id=job.__name__.replace("_", "-"),
            replace_existing=True,
            **timing,
            **first,
        )
    return scheduler
