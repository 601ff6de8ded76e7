"""A simulated week with time-machine: file, match, offer, decline, cascade, remind, complete.

Every clock job runs every half hour (far more often than the real
schedule), so the week also proves the jobs are idempotent: each SMS reaches
the (fake) provider exactly once.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from datetime import datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import time_machine
from flask import Flask
from sqlalchemy import select

from notifications import FakeSmsSender
from scheduling import jobs
from tests.clock import run_frequent_jobs
from tests.factories import make_available_volunteer, make_organisation, make_resident
from web.db import db, utcnow
from web.models import (
    Assignment,
    CoordinatorNotice,
    HelpRequest,
    SmsMessage,
)
from web.services.replies import handle_inbound

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=BRUSSELS)
STEP = timedelta(minutes=30)
OUR_NUMBER = "+32460000000"
_sids = count(1)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """Day 0 is Monday 30 November 2026, at hour:minute Brussels time."""
    return datetime.combine(MONDAY.date() + timedelta(days=day), time(hour, minute), BRUSSELS)


def file_request(resident_id: int, organisation_id: int, start: datetime, **extra: object) -> int:
    values: dict[str, object] = {"skill": "shopping", "duration_minutes": 60, **extra}
    request = HelpRequest(
        organisation_id=organisation_id,
        resident_id=resident_id,
        window_start=start,
        window_end=start + timedelta(hours=3),
        status="open",
        **values,
    )
    db.session.add(request)
    db.session.commit()
    return request.id


def offered(request_id: int) -> Assignment | None:
    db.session.expire_all()
    return db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == request_id, Assignment.status == "offered"
        )
    ).first()


def answer(request_id: int, word: str) -> Assignment:
    """The volunteer holding the request's open offer answers it with its code."""
    assignment = offered(request_id)
    assert assignment is not None, f"request {request_id} has no open offer"
    handle_inbound(
        assignment.volunteer.phone,
        OUR_NUMBER,
        f"{word} {assignment.short_code}",
        f"SMSIM{next(_sids):06d}",
        utcnow(),
    )
    return assignment


def check_in_ok(assignment_id: int) -> None:
    assignment = db.session.get_one(Assignment, assignment_id)
    handle_inbound(
        assignment.volunteer.phone, OUR_NUMBER, "OK", f"SMSIM{next(_sids):06d}", utcnow()
    )


def run_clock(app: Flask, moment: datetime) -> None:
    """The frequent jobs every step, the hourly and daily ones in their hour."""
    run_frequent_jobs(app)
    at = moment.astimezone(BRUSSELS)
    if at.minute == 0:
        jobs.recurring_requests(app)
    if at.hour == app.config["DAILY_SUMMARY_HOUR"]:
        jobs.daily_summary(app)  # twice in that hour: the second adds nothing
    if (at.hour, at.minute) == (3, 30):
        jobs.retention(app)


def test_a_week_of_the_clock_sends_every_sms_exactly_once(app: Flask) -> None:
    app.config.update(OFFER_TIMEOUT_MINUTES=180, RECURRENCE_WEEKS_AHEAD=3)
    fake = FakeSmsSender()
    app.extensions["sms"] = dataclasses.replace(app.extensions["sms"], sender=fake)
    organisation = make_organisation(matching_mode="auto_offer")
    org_id = organisation.id
    maria = make_resident(organisation, phone="+32471000001", sms_consent=True).id
    jef = make_resident(organisation, first_name="Jef", phone="+32471000002").id
    for name in ("Anna", "Bert", "Chris"):
        make_available_volunteer(organisation, first_name=name, skills=["shopping"])
    walker = make_available_volunteer(organisation, first_name="Dirk", skills=["pets"]).id
    ids: dict[str, int] = {}
    answered: dict[str, Assignment] = {}

    def monday_morning() -> None:
        ids["shopping"] = file_request(maria, org_id, local(2, 10))  # Wednesday 10:00
        ids["dog"] = file_request(maria, org_id, local(3, 14), skill="pets")  # Thursday
        ids["series"] = file_request(
            jef, org_id, local(4, 10), recurrence_rule="FREQ=WEEKLY;BYDAY=FR"
        )

    def first_answers() -> None:
        answered["first_no"] = answer(ids["shopping"], "NEE")
        answered["dog_no"] = answer(ids["dog"], "NEE")
        answered["series_yes"] = answer(ids["series"], "JA")

    def silence_expired() -> None:
        # The second volunteer never answered: the third has the offer now.
        answered["third_yes"] = answer(ids["shopping"], "JA")

    events: dict[datetime, Callable[[], None]] = {
        local(0, 9): monday_morning,
        local(0, 10): first_answers,
        local(0, 14): silence_expired,
        local(2, 12): lambda: check_in_ok(answered["third_yes"].id),
        local(4, 13): lambda: check_in_ok(answered["series_yes"].id),
    }
    with time_machine.travel(MONDAY, tick=False) as traveller:
        moment = MONDAY
        while moment <= MONDAY + timedelta(days=7):
            traveller.move_to(moment)
            if moment in events:
                events.pop(moment)()
            run_clock(app, moment)
            moment += STEP
    assert not events, "an event was never reached"

    db.session.expire_all()
    shopping = db.session.get_one(HelpRequest, ids["shopping"])
    assert shopping.status == "completed"
    refusals = db.session.scalars(
        select(Assignment.status).where(Assignment.request_id == shopping.id)
    ).all()
    assert sorted(refusals) == ["completed", "declined", "expired"]
    assert db.session.get_one(HelpRequest, ids["dog"]).status == "unfilled"

    # Every message that left went out once, and the provider saw exactly those.
    sent = db.session.scalars(
        select(SmsMessage).where(
            SmsMessage.direction == "outbound", SmsMessage.provider_sid.is_not(None)
        )
    ).all()
    assert all(message.attempts == 1 for message in sent)
    assert Counter((m.to_number, m.body) for m in sent) == Counter(
        (s.to, s.body) for s in fake.sent
    )
    assert len(fake.sent) == len({s.sid for s in fake.sent})

    def kinds(phone: str) -> Counter[str]:
        return Counter(m.kind for m in sent if m.to_number == phone)

    expired = db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == shopping.id, Assignment.status == "expired"
        )
    ).one()
    thanked = [m for m in sent if m.assignment_id == expired.id and m.kind == "offer_expired"]
    assert len(thanked) == 1 and thanked[0].to_number == expired.volunteer.phone
    assert answered["first_no"].volunteer_id not in {
        expired.volunteer_id,
        answered["third_yes"].volunteer_id,
    }
    reminded = [m.idempotency_key for m in sent if m.kind == "reminder"]
    for assignment in (answered["third_yes"], answered["series_yes"]):
        for when in ("reminder_evening", "reminder_soon"):
            assert reminded.count(f"assignment:{assignment.id}:{when}") == 1
    check_ins = [m.assignment_id for m in sent if m.kind == "check_in"]
    assert sorted(check_ins) == sorted(
        a.id for a in (answered["third_yes"], answered["series_yes"])
    )
    assert Counter(m.kind for m in sent if m.resident_id == maria) == {"resident_confirmation": 1}
    walker_offers = [m for m in sent if m.volunteer_id == walker and m.kind == "offer"]
    assert len(walker_offers) == 1
    reminder_hours = {
        m.sent_at.astimezone(BRUSSELS).hour
        for m in sent
        if m.idempotency_key and m.idempotency_key.endswith("reminder_evening")
    }
    assert reminder_hours == {18}

    notices = db.session.scalars(select(CoordinatorNotice)).all()
    alerted = [n.request_id for n in notices if n.kind == "nobody_left"]
    assert ids["dog"] in alerted and len(alerted) == len(set(alerted))
    summaries = [n.data["day"] for n in notices if n.kind == "daily_summary"]
    assert len(summaries) == len(set(summaries)) == 7
    occurrences = db.session.scalars(
        select(HelpRequest.window_start).where(HelpRequest.series_id == ids["series"])
    ).all()
    # Continuity: next Friday's first offer went to the volunteer who helped Jef this Friday.
    next_friday = db.session.scalars(
        select(HelpRequest.id)
        .where(HelpRequest.series_id == ids["series"])
        .order_by(HelpRequest.window_start)
    ).first()
    first_offer = db.session.scalars(
        select(Assignment).where(Assignment.request_id == next_friday).order_by(Assignment.id)
    ).first()
    assert first_offer is not None
    assert first_offer.volunteer_id == answered["series_yes"].volunteer_id
    # Materialised three weeks ahead of the week's end: the next three Fridays.
    assert sorted(o.astimezone(BRUSSELS).date() for o in occurrences) == [
        local(4, 10).date() + timedelta(weeks=n) for n in (1, 2, 3)
    ]
