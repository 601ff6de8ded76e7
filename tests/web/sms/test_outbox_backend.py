"""The embedded default (SMS_BACKEND=outbox) and the send-outbox command."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from notifications import OutboxSmsSender, is_outbox_sid
from tests.factories import make_organisation, make_volunteer
from web.db import db
from web.models import SmsMessage
from web.services.outbox import queue_sms
from web.sms import sms_setup


def test_the_default_backend_keeps_messages_in_the_database(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert isinstance(sms_setup().sender, OutboxSmsSender)
    volunteer = make_volunteer(make_organisation())
    queue_sms(
        to=volunteer.phone,
        body="Hallo",
        kind="offer",
        key="cli:1",
        now=datetime(2026, 11, 24, 5, 0, tzinfo=UTC),
        organisation_id=volunteer.organisation_id,
        volunteer_id=volunteer.id,
    )
    db.session.commit()

    with time_machine.travel(datetime(2026, 11, 24, 6, 0, tzinfo=UTC), tick=False):
        night = runner.invoke(args=["send-outbox", "--once"])  # 07:00 in Brussels: quiet
    assert night.exit_code == 0, night.output
    assert "sent 0," in night.output
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=UTC), tick=False):
        result = runner.invoke(args=["send-outbox", "--once"])
    assert "sent 1," in result.output
    db.session.expire_all()
    message = db.session.scalars(select(SmsMessage)).one()
    assert message.status == "sent" and is_outbox_sid(message.provider_sid or "")

    with time_machine.travel(datetime(2026, 11, 24, 11, 0, tzinfo=UTC), tick=False):
        again = runner.invoke(args=["send-outbox", "--once"])
    assert "sent 0," in again.output
