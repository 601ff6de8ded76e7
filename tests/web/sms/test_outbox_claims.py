"""Claims: crashes lose nothing, racing senders never send twice, quiet hours hold."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select, text

from notifications import SentSms
from notifications.twilio_sms import TwilioSmsSender
from tests.factories import make_organisation, make_volunteer
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio
from web.db import db
from web.models import SmsMessage, Volunteer
from web.services.outbox import OutboxSettings, claim_due, queue_sms
from web.services.outbox_delivery import deliver_due
from web.services.quiet_hours import parse_quiet_hours
from web.sms import sms_setup

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
LEASE = OutboxSettings().claim_timeout


def _queue_many(volunteer: Volunteer, count: int, *, urgent: bool = False) -> list[int]:
    ids = [
        queue_sms(
            to=volunteer.phone,
            body=f"message {n}",
            kind="offer",
            key=f"test:{n}",
            now=NOW,
            organisation_id=volunteer.organisation_id,
            volunteer_id=volunteer.id,
            urgent=urgent,
        ).id
        for n in range(count)
    ]
    db.session.commit()
    return ids


def _statuses() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(SmsMessage.status).order_by(SmsMessage.id)))


class PowerCut(BaseException):
    """The process dies in the middle of a provider call."""


class DyingSender:
    def send(self, to: str, body: str, *, status_callback: str | None = None) -> SentSms:
        raise PowerCut


def test_a_crash_between_claim_and_send_loses_nothing(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    _queue_many(volunteer, 3)
    assert len(claim_due(NOW, 10, OutboxSettings())) == 3  # ...and then the sender dies

    deliver_due(sms_setup().sender, NOW + LEASE - timedelta(seconds=1))
    assert fake_twilio.requests == [], "the dead sender's lease still holds"
    deliver_due(sms_setup().sender, NOW + LEASE + timedelta(seconds=1))
    assert sorted(fake_twilio.sent_bodies()) == ["message 0", "message 1", "message 2"]
    assert _statuses() == ["queued"] * 3


def test_a_crash_during_the_provider_call_is_never_sent_blindly(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    _queue_many(volunteer, 2)
    with pytest.raises(PowerCut):
        deliver_due(DyingSender(), NOW)
    db.session.rollback()
    assert _statuses() == ["sending", "pending"]

    deliver_due(sms_setup().sender, NOW + LEASE + timedelta(seconds=1))
    assert _statuses() == ["ambiguous", "queued"]
    assert fake_twilio.sent_bodies() == ["message 1"]


def test_two_senders_racing_never_send_a_message_twice(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    count = 120
    _queue_many(volunteer, count)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run_sender() -> None:
        sender = TwilioSmsSender(
            ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER, api_base_url=fake_twilio.base_url
        )
        try:
            with twilio_app.app_context():
                start.wait()
                while deliver_due(sender, NOW, batch=7).handled:
                    pass
                db.session.remove()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            sender.close()

    threads = [threading.Thread(target=run_sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    bodies = fake_twilio.sent_bodies()
    assert len(bodies) == count and len(set(bodies)) == count
    assert _statuses() == ["queued"] * count


@pytest.mark.postgres
def test_claims_skip_rows_another_sender_has_locked(twilio_app: Flask) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's")
    volunteer = make_volunteer(make_organisation())
    first, second = _queue_many(volunteer, 2)
    with db.engine.connect() as other:
        other.execute(text("SELECT id FROM sms_messages WHERE id = :id FOR UPDATE"), {"id": first})
        db.session.execute(text("SET LOCAL lock_timeout = '2s'"))
        assert claim_due(NOW, 10, OutboxSettings()) == [second]
        other.rollback()


def test_quiet_hours_hold_back_all_but_urgent_messages(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    quiet = OutboxSettings(quiet_hours=parse_quiet_hours("21:00-08:00", "Europe/Brussels"))
    volunteer = make_volunteer(make_organisation())
    evening = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)  # 22:30 in Brussels
    routine = queue_sms(
        to=volunteer.phone,
        body="routine",
        kind="offer",
        key="q:1",
        now=evening,
        organisation_id=volunteer.organisation_id,
        settings=quiet,
    )
    queue_sms(
        to=volunteer.phone,
        body="urgent",
        kind="cancellation",
        key="q:2",
        now=evening,
        organisation_id=volunteer.organisation_id,
        urgent=True,
        settings=quiet,
    )
    db.session.commit()
    assert routine.next_attempt_at == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 local

    sender = sms_setup().sender
    deliver_due(sender, evening, settings=quiet)
    assert fake_twilio.sent_bodies() == ["urgent"]
    deliver_due(sender, datetime(2026, 11, 25, 6, 59, tzinfo=UTC), settings=quiet)
    assert fake_twilio.sent_bodies() == ["urgent"]
    deliver_due(sender, datetime(2026, 11, 25, 7, 0, tzinfo=UTC), settings=quiet)
    assert fake_twilio.sent_bodies() == ["urgent", "routine"]
