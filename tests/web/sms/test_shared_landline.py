"""A care home's landline known to two organisations: a GDPR request in one leaves the other alone.

Residents' numbers are unique only per organisation, and a volunteer of one
organisation may use a number that a resident of another also gives.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import inspect, select

from tests.factories import make_organisation, make_resident, make_volunteer
from tests.fakes.twilio_server import INVALID_NUMBER, FakeTwilio
from web.db import db
from web.models import Organisation, SmsMessage, Volunteer
from web.services.erasure import erase_resident
from web.services.outbox_delivery import deliver_due
from web.services.privacy import export_resident
from web.sms import sms_setup

LANDLINE = "+3231234567"


def _message(organisation: Organisation, key: str, body: str, **values: Any) -> SmsMessage:
    message = SmsMessage(
        organisation_id=organisation.id,
        direction="outbound",
        kind="offer",
        idempotency_key=key,
        to_number=LANDLINE,
        body=body,
        **{"status": "sent", **values},
    )
    db.session.add(message)
    db.session.commit()
    return message


def _rows_of(organisation: Organisation) -> dict[int, dict[str, Any]]:
    db.session.expire_all()
    columns = [c.key for c in inspect(SmsMessage).column_attrs]
    return {
        m.id: {c: getattr(m, c) for c in columns}
        for m in db.session.scalars(
            select(SmsMessage).where(SmsMessage.organisation_id == organisation.id)
        )
    }


def test_export_and_erasure_in_one_organisation_leave_the_other_s_landline_rows_alone(
    twilio_app: Flask, fake_twilio: FakeTwilio
) -> None:
    home_a, home_b = make_organisation(), make_organisation()
    maria = make_resident(home_a, first_name="Maria", phone=LANDLINE, sms_consent=True)
    ours = _message(home_a, "a:1", "Goed nieuws: Jan komt u helpen", resident_id=maria.id)
    # In B the same landline belongs to a resident and to a volunteer living in the home.
    jeanne = make_resident(home_b, first_name="Jeanne", phone=LANDLINE, sms_consent=True)
    pol = make_volunteer(home_b, first_name="Pol", phone=LANDLINE)
    _message(home_b, "b:1", "Bonne nouvelle : Luc viendra", resident_id=jeanne.id)
    now = datetime.now(UTC)
    pending = _message(
        home_b,
        "b:2",
        "Hulpvraag K7: boodschappen voor Rita",
        status="pending",
        next_attempt_at=now - timedelta(minutes=1),
        volunteer_id=pol.id,
    )
    before = _rows_of(home_b)

    export = export_resident(home_a.id, maria.id, user_id=None)
    assert [m["id"] for m in export["sms_messages"]] == [ours.id]

    erase_resident(home_a.id, maria.id, user_id=None)
    assert _rows_of(home_b) == before

    # Twilio refuses a number that is no number: a scrubbed row would fail and flag Pol.
    fake_twilio.script_for("[erased]", INVALID_NUMBER)
    deliver_due(sms_setup().sender, now)
    assert [(r.form["To"], r.form["Body"]) for r in fake_twilio.requests] == [
        (LANDLINE, "Hulpvraag K7: boodschappen voor Rita")
    ]
    db.session.expire_all()
    assert db.session.get_one(SmsMessage, pending.id).status == "queued"
    volunteer = db.session.get_one(Volunteer, pol.id)
    assert not volunteer.phone_invalid and not volunteer.sms_opt_out
