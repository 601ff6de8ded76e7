"""The outbox against the local fake Twilio, through Twilio's real client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.factories import make_organisation, make_user, make_volunteer
from tests.fakes.twilio_server import (
    DROPPED,
    INVALID_NUMBER,
    RATE_LIMITED,
    SERVER_ERROR,
    SUCCESS,
    UNSUBSCRIBED,
    FakeTwilio,
    slow,
)
from web.db import db
from web.models import SmsMessage, Volunteer
from web.services.errors import InvalidInput, NotFound
from web.services.outbox import queue_sms
from web.services.outbox_delivery import RETRY_DELAYS, deliver_due
from web.services.sms_inbox import inbox_items, mark_handled, resend
from web.sms import sms_setup

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _queue(volunteer: Volunteer, key: str = "test:1", body: str = "Hallo Jan") -> SmsMessage:
    message = queue_sms(
        to=volunteer.phone,
        body=body,
        kind="offer",
        key=key,
        now=NOW,
        organisation_id=volunteer.organisation_id,
        volunteer_id=volunteer.id,
    )
    db.session.commit()
    return message


def _deliver(at: datetime = NOW) -> None:
    deliver_due(sms_setup().sender, at)


def _row(message_id: int) -> SmsMessage:
    db.session.expire_all()
    row = db.session.get(SmsMessage, message_id)
    assert row is not None
    return row


def test_a_message_is_sent_once_and_its_sid_is_kept(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    _deliver()
    _deliver(NOW + timedelta(hours=1))

    row = _row(message.id)
    assert fake_twilio.sent_bodies() == ["Hallo Jan"]
    assert row.status == "queued"
    assert row.provider_sid == fake_twilio.created[0]["sid"]
    assert row.attempts == 1
    assert fake_twilio.requests[0].form["StatusCallback"] == (
        "https://buurtmatch.example.org/sms/status"
    )


def test_the_same_key_queues_one_message(twilio_app: Flask) -> None:
    volunteer = make_volunteer(make_organisation())
    first = _queue(volunteer, key="assignment:9:offer")
    second = _queue(volunteer, key="assignment:9:offer", body="another text")
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(SmsMessage)) == 1


def test_rate_limited_then_sent_after_the_delay(twilio_app: Flask, fake_twilio: FakeTwilio) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    fake_twilio.script(RATE_LIMITED, SUCCESS)

    _deliver()
    row = _row(message.id)
    assert (row.status, row.error_code) == ("pending", 20429)
    assert row.next_attempt_at == NOW + RETRY_DELAYS[0]

    _deliver(NOW + RETRY_DELAYS[0] - timedelta(seconds=1))
    assert len(fake_twilio.requests) == 1, "not due yet"
    _deliver(NOW + RETRY_DELAYS[0])
    row = _row(message.id)
    assert row.status == "queued" and row.attempts == 2
    assert fake_twilio.sent_bodies() == ["Hallo Jan"]


def test_twilio_unreachable_is_retried_until_it_gives_up(twilio_app: Flask) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    sender = sms_setup().sender
    sender._http.base_url = "http://127.0.0.1:9"  # type: ignore[attr-defined]  # nothing listens
    at = NOW
    for delay in RETRY_DELAYS:
        deliver_due(sender, at)
        assert _row(message.id).status == "pending"
        at += delay
    deliver_due(sender, at)
    row = _row(message.id)
    assert row.status == "failed" and row.attempts == len(RETRY_DELAYS) + 1
    assert [item.kind for item in inbox_items(volunteer.organisation_id)] == ["delivery_problem"]


def test_a_server_error_is_ambiguous_and_never_sent_again(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    fake_twilio.script(SERVER_ERROR)
    _deliver()
    _deliver(NOW + timedelta(days=1))

    assert _row(message.id).status == "ambiguous"
    assert len(fake_twilio.requests) == 1
    assert [item.kind for item in inbox_items(volunteer.organisation_id)] == ["ambiguous"]


def test_a_timeout_or_dropped_answer_is_ambiguous(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    slow_one = _queue(volunteer, key="k:1")
    dropped = _queue(volunteer, key="k:2")
    fake_twilio.script(slow(5.0), DROPPED)  # the client gives up after 2 s
    _deliver()
    _deliver(NOW + timedelta(days=1))

    assert _row(slow_one.id).status == "ambiguous"
    assert _row(dropped.id).status == "ambiguous"
    assert len(fake_twilio.requests) == 2


def test_unsubscribed_number_is_marked_opted_out_and_the_coordinator_told(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    later = _queue(volunteer, key="test:2")
    fake_twilio.script_for(volunteer.phone, UNSUBSCRIBED)
    _deliver()

    row = _row(message.id)
    assert (row.status, row.error_code) == ("failed", 21610)
    assert db.session.get(Volunteer, volunteer.id).sms_opt_out is True  # type: ignore[union-attr]
    assert _row(later.id).status == "failed", "nothing more goes to an opted-out number"
    assert len(fake_twilio.requests) == 1
    kinds = [item.kind for item in inbox_items(volunteer.organisation_id)]
    assert kinds == ["delivery_problem", "delivery_problem"]


def test_invalid_number_is_marked_and_not_retried(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    fake_twilio.script(INVALID_NUMBER)
    _deliver()
    _deliver(NOW + timedelta(days=1))

    assert (_row(message.id).status, _row(message.id).error_code) == ("failed", 21211)
    assert db.session.get(Volunteer, volunteer.id).phone_invalid is True  # type: ignore[union-attr]
    assert len(fake_twilio.requests) == 1


def test_an_opted_out_volunteer_is_never_messaged(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _queue(volunteer)
    volunteer.sms_opt_out = True
    db.session.commit()
    _deliver()
    assert _row(message.id).status == "failed"
    assert fake_twilio.requests == []


def test_only_a_coordinator_sends_an_ambiguous_message_again(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    organisation = make_organisation()
    volunteer = make_volunteer(organisation)
    coordinator = make_user(organisation)
    stranger = make_user(make_organisation())
    message = _queue(volunteer)
    fake_twilio.script(SERVER_ERROR)
    _deliver()
    with pytest.raises(NotFound):
        resend(stranger.organisation_id, message.id, stranger.id, NOW)
    db.session.rollback()

    resend(volunteer.organisation_id, message.id, coordinator.id, NOW + timedelta(hours=1))
    _deliver(NOW + timedelta(hours=1))
    assert _row(message.id).status == "queued"
    assert len(fake_twilio.requests) == 2
    with pytest.raises(InvalidInput):
        resend(volunteer.organisation_id, message.id, coordinator.id, NOW)


def test_a_handled_problem_leaves_the_inbox(twilio_app: Flask, fake_twilio: FakeTwilio) -> None:
    organisation = make_organisation()
    volunteer = make_volunteer(organisation)
    coordinator = make_user(organisation)
    message = _queue(volunteer)
    fake_twilio.script(INVALID_NUMBER)
    _deliver()
    assert len(inbox_items(volunteer.organisation_id)) == 1
    mark_handled(volunteer.organisation_id, message.id, coordinator.id, NOW)
    assert inbox_items(volunteer.organisation_id) == []
