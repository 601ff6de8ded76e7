"""The clock's jobs one by one: modes, cascade after a crash, reminders, retention, summaries."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask import Flask
from sqlalchemy import func, select

from notifications import FakeSmsSender
from scheduling import build_scheduler, jobs
from scheduling.leader import Clock, clock_for
from tests.factories import (
    make_assignment,
    make_available_volunteer,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db
from web.models import (
    Assignment,
    AuditEvent,
    CoordinatorNotice,
    HelpRequest,
    Organisation,
    Resident,
    SmsMessage,
)
from web.services import offer_cascade
from web.services.recurrence import occurrence_days, parse_rule

BRUSSELS = ZoneInfo("Europe/Brussels")
# A Monday morning, outside quiet hours.
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=BRUSSELS)


def wednesday_request(organisation: Organisation) -> HelpRequest:
    start = datetime(2026, 12, 2, 10, 0, tzinfo=BRUSSELS)
    return make_help_request(
        make_resident(organisation), window_start=start, window_end=start + timedelta(hours=3)
    )


def plan_and_offer(app: Flask) -> None:
    for job in (jobs.plan_rounds, jobs.matching_rounds, jobs.sms_outbox):
        job(app)
    db.session.expire_all()


def statuses(request: HelpRequest) -> list[str]:
    return list(
        db.session.scalars(
            select(Assignment.status)
            .where(Assignment.request_id == request.id)
            .order_by(Assignment.id)
        )
    )


def test_review_first_waits_and_auto_offer_sends(app: Flask) -> None:
    reviewed = make_organisation(matching_mode="review_first")
    automatic = make_organisation(matching_mode="auto_offer")
    for organisation in (reviewed, automatic):
        make_available_volunteer(organisation)
    waiting, sent = wednesday_request(reviewed), wednesday_request(automatic)
    with time_machine.travel(MONDAY, tick=False):
        plan_and_offer(app)
    assert statuses(waiting) == ["proposed"]
    assert statuses(sent) == ["offered"]
    kinds = db.session.scalars(select(SmsMessage.organisation_id)).all()
    assert kinds == [automatic.id]


def test_a_restart_in_the_middle_of_a_cascade_loses_nothing(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["OFFER_TIMEOUT_MINUTES"] = 60
    organisation = make_organisation(matching_mode="auto_offer")
    volunteers = [make_available_volunteer(organisation) for _ in range(2)]
    request = wednesday_request(organisation)
    with time_machine.travel(MONDAY, tick=False) as traveller:
        plan_and_offer(app)
        first = db.session.scalars(select(Assignment)).one()
        traveller.shift(timedelta(minutes=61))

        def clock_killed(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the clock died here")

        # The expiry is committed, then the process dies before it queues the round.
        monkeypatch.setattr(offer_cascade, "start_matching_run", clock_killed)
        with pytest.raises(RuntimeError):
            jobs.offer_cascade(app)
        monkeypatch.undo()
        traveller.shift(timedelta(minutes=1))
        for _ in range(2):  # the restarted clock, and one more run for good measure
            jobs.offer_cascade(app)
            plan_and_offer(app)
    assert statuses(request) == ["expired", "offered"]
    second = db.session.scalars(select(Assignment).where(Assignment.status == "offered")).one()
    assert {first.volunteer_id, second.volunteer_id} == {v.id for v in volunteers}
    outbound = db.session.execute(
        select(SmsMessage.assignment_id, SmsMessage.kind, SmsMessage.attempts)
    ).all()
    assert sorted(outbound) == sorted(
        [(first.id, "offer", 1), (first.id, "offer_expired", 1), (second.id, "offer", 1)]
    )


def test_nobody_left_alerts_the_coordinator_once(app: Flask) -> None:
    organisation = make_organisation(matching_mode="auto_offer")
    volunteer = make_available_volunteer(organisation)
    request = wednesday_request(organisation)
    with time_machine.travel(MONDAY, tick=False):
        plan_and_offer(app)
        offered = db.session.scalars(select(Assignment)).one()
        from web.services.offers import decline

        decline(offered, datetime.now(UTC))
        db.session.commit()
        for _ in range(2):
            plan_and_offer(app)
    assert offered.volunteer_id == volunteer.id
    db.session.expire_all()
    assert db.session.get_one(HelpRequest, request.id).status == "unfilled"
    notices = db.session.scalars(select(CoordinatorNotice)).all()
    assert [(n.kind, n.request_id) for n in notices] == [("nobody_left", request.id)]


def test_reminders_come_once_and_never_in_quiet_hours(app: Flask) -> None:
    fake = FakeSmsSender()
    app.extensions["sms"] = dataclasses.replace(app.extensions["sms"], sender=fake)
    organisation = make_organisation()
    volunteer = make_volunteer(organisation)
    request = wednesday_request(organisation)
    accepted_at = MONDAY.astimezone(UTC)
    assignment = make_assignment(request, volunteer, status="accepted", answered_at=accepted_at)
    moments = [
        (datetime(2026, 12, 1, 17, 55, tzinfo=BRUSSELS), 0),
        (datetime(2026, 12, 1, 18, 5, tzinfo=BRUSSELS), 1),
        (datetime(2026, 12, 1, 20, 30, tzinfo=BRUSSELS), 1),
        (datetime(2026, 12, 2, 7, 0, tzinfo=BRUSSELS), 1),
        (datetime(2026, 12, 2, 8, 0, tzinfo=BRUSSELS), 2),
        (datetime(2026, 12, 2, 9, 30, tzinfo=BRUSSELS), 2),
    ]
    for moment, expected in moments:
        with time_machine.travel(moment, tick=False):
            jobs.reminders(app)
            jobs.sms_outbox(app)
        assert len(fake.bodies_to(volunteer.phone)) == expected, moment
    keys = db.session.scalars(select(SmsMessage.idempotency_key).order_by(SmsMessage.id)).all()
    assert keys == [
        f"assignment:{assignment.id}:reminder_evening",
        f"assignment:{assignment.id}:reminder_soon",
    ]


def test_a_clock_down_all_evening_skips_the_evening_reminder(app: Flask) -> None:
    organisation = make_organisation()
    request = wednesday_request(organisation)
    make_assignment(request, make_volunteer(organisation), status="accepted")
    with time_machine.travel(datetime(2026, 12, 1, 22, 0, tzinfo=BRUSSELS), tick=False):
        jobs.reminders(app)
    assert db.session.scalar(select(func.count(SmsMessage.id))) == 0


def test_retention_erases_long_closed_residents_once(app: Flask) -> None:
    organisation = make_organisation()
    old = make_resident(organisation, phone="+32471000009", notes="hard of hearing")
    recent = make_resident(organisation, first_name="Jef")
    long_ago = datetime.now(UTC) - timedelta(days=800)
    make_help_request(
        old,
        window_start=long_ago,
        window_end=long_ago + timedelta(hours=2),
        status="completed",
        description="groceries",
    )
    make_help_request(recent, status="completed")
    app.config["RETENTION_DAYS"] = 730
    jobs.retention(app)
    jobs.retention(app)
    db.session.expire_all()
    erased = db.session.get_one(Resident, old.id)
    assert erased.erased_at is not None
    assert (erased.phone, erased.notes) == (None, None)
    assert erased.first_name != "Maria" and erased.postcode == "2060"
    description = db.session.scalar(
        select(HelpRequest.description).where(HelpRequest.resident_id == old.id)
    )
    assert description == ""
    assert db.session.get_one(Resident, recent.id).erased_at is None
    audits = db.session.execute(
        select(AuditEvent.entity_id, AuditEvent.actor).where(AuditEvent.action == "erased")
    ).all()
    assert audits == [(old.id, "retention")]


def test_daily_summary_once_per_organisation_and_day(app: Flask) -> None:
    organisations = [make_organisation(), make_organisation()]
    wednesday_request(organisations[0])
    with time_machine.travel(datetime(2026, 12, 2, 7, 0, tzinfo=BRUSSELS), tick=False):
        jobs.daily_summary(app)
        jobs.daily_summary(app)
    notices = db.session.scalars(
        select(CoordinatorNotice).order_by(CoordinatorNotice.organisation_id)
    ).all()
    assert [(n.organisation_id, n.data["day"]) for n in notices] == [
        (o.id, "2026-12-02") for o in organisations
    ]
    assert notices[0].data["today"] == 1 and notices[1].data["today"] == 0


def test_recurrence_rules_unroll_in_local_time() -> None:
    every_other_tuesday = parse_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH")
    first = datetime(2026, 3, 17).date()  # a Tuesday, DST starts on 29 March
    days = occurrence_days(every_other_tuesday, first, first + timedelta(weeks=4))
    assert [d.isoformat() for d in days] == ["2026-03-19", "2026-03-31", "2026-04-02", "2026-04-14"]
    with pytest.raises(ValueError):
        parse_rule("FREQ=MONTHLY;BYDAY=TU")


def test_series_keep_their_local_hour_across_daylight_saving(app: Flask) -> None:
    organisation = make_organisation()
    start = datetime(2026, 3, 24, 10, 0, tzinfo=BRUSSELS)
    head = make_help_request(
        make_resident(organisation),
        window_start=start,
        window_end=start + timedelta(hours=2),
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU",
    )
    with time_machine.travel(datetime(2026, 3, 24, 9, 0, tzinfo=BRUSSELS), tick=False):
        jobs.recurring_requests(app)
        jobs.recurring_requests(app)
    occurrences = db.session.scalars(
        select(HelpRequest).where(HelpRequest.series_id == head.id).order_by(HelpRequest.id)
    ).all()
    local = [o.window_start.astimezone(BRUSSELS) for o in occurrences]
    assert [(t.date().isoformat(), t.hour) for t in local] == [
        ("2026-03-31", 10),
        ("2026-04-07", 10),
        ("2026-04-14", 10),
    ]
    assert {o.source for o in occurrences} == {"recurrence"}


def test_sqlite_runs_one_clock_without_a_lock(app: Flask) -> None:
    clock = clock_for(app, build_scheduler)
    if db.engine.dialect.name == "postgresql":
        assert clock.lock is not None
        assert clock.lock.key == app.config["CLOCK_LOCK_ID"]
    else:
        assert clock.lock is None


class StubScheduler:
    """Stands in for the BlockingScheduler: records that it ran."""

    def __init__(self) -> None:
        self.started = 0
        self.running = False

    def start(self) -> None:
        self.started += 1

    def add_job(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("no lock check without a lock")


def test_without_a_lock_the_clock_runs_its_scheduler_once(app: Flask) -> None:
    stub = StubScheduler()
    Clock(app, lambda _: stub, lock=None).run()  # type: ignore[arg-type,return-value]
    assert stub.started == 1


def test_outbox_job_keeps_going_while_batches_are_full(app: Flask) -> None:
    for n in range(jobs.OUTBOX_BATCH + 7):
        db.session.add(
            SmsMessage(direction="outbound", kind="test", idempotency_key=f"test:{n}",
                       to_number=f"+32470{n:06d}", body="hallo", urgent=True)
        )  # fmt: skip
    db.session.commit()
    fake = FakeSmsSender()
    app.extensions["sms"] = dataclasses.replace(app.extensions["sms"], sender=fake)
    jobs.sms_outbox(app)
    assert len(fake.sent) == jobs.OUTBOX_BATCH + 7
