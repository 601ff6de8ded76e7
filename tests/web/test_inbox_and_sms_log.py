"""The coordinator's inbox and the SMS log."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import log_in, make_organisation, make_resident
from web.db import db
from web.models import Organisation, Signal, SmsMessage


def _messages(org: Organisation) -> tuple[SmsMessage, SmsMessage, Signal]:
    reply = SmsMessage(
        organisation_id=org.id,
        direction="inbound",
        kind="free_text",
        to_number="+32460000000",
        from_number="+32470111222",
        body="Ik ben volgende week op reis",
        status="received",
        provider_sid="SM1",
    )
    lost = SmsMessage(
        organisation_id=org.id,
        direction="outbound",
        kind="offer",
        idempotency_key="assignment:1:offer",
        to_number="+32470111222",
        body="Wil je helpen?",
        status="ambiguous",
    )
    signal = Signal(
        organisation_id=org.id, resident_id=make_resident(org).id, body="De deur bleef dicht"
    )
    db.session.add_all([reply, lost, signal])
    db.session.commit()
    return reply, lost, signal  # fmt: skip


def test_inbox_lists_replies_problems_and_signals_and_clears_them(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    reply, lost, signal = _messages(org)
    log_in(client, org)
    page = client.get("/c/inbox").get_data(as_text=True)
    for text in ("Ik ben volgende week op reis", "Wil je helpen?", "De deur bleef dicht"):
        assert text in page
    client.post("/c/inbox/handled", data={"id": reply.id})
    client.post("/c/inbox/resend", data={"id": lost.id})
    client.post("/c/inbox/close-signal", data={"id": signal.id})
    db.session.expire_all()
    assert db.session.get(SmsMessage, reply.id).handled_at is not None  # type: ignore[union-attr]
    assert db.session.get(SmsMessage, lost.id).status == "pending"  # type: ignore[union-attr]
    assert db.session.get(Signal, signal.id).status == "closed"  # type: ignore[union-attr]


def test_sms_log_filters_and_scoping(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    _messages(org)
    log_in(client, org)
    received = client.get("/c/sms?direction=inbound").get_data(as_text=True)
    assert "op reis" in received and "Wil je helpen?" not in received
    assert "Wil je helpen?" in client.get("/c/sms").get_data(as_text=True)
    client.post("/logout")
    log_in(client, make_organisation())
    assert "op reis" not in client.get("/c/sms").get_data(as_text=True)
    assert "op reis" not in client.get("/c/inbox").get_data(as_text=True)
    other = db.session.query(SmsMessage).first()
    assert client.post("/c/inbox/handled", data={"id": other.id}).status_code == 404  # type: ignore[union-attr]
