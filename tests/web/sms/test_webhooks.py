"""POST /sms/inbound and /sms/status: signatures, receipts, duplicates, order."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from tests.conftest import _dispose, _empty_tables, make_app
from tests.factories import make_organisation, make_volunteer
from tests.fakes.twilio_server import AUTH_TOKEN, FakeTwilio
from tests.fakes.twilio_webhooks import inbound_sms_form, signed_headers, status_callback_form
from tests.web.sms.conftest import PUBLIC_BASE_URL, make_neighbourhood, twilio_config
from web.db import db
from web.models import Assignment, SmsMessage, Volunteer
from web.services.outbox import queue_sms
from web.services.sms_inbox import inbox_items

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def post_signed(client: FlaskClient, path: str, form: dict[str, str]) -> TestResponse:
    """POST as Twilio would, signed for the public URL."""
    headers = signed_headers(AUTH_TOKEN, PUBLIC_BASE_URL + path, form)
    return client.post(path, data=form, headers=headers)


def _count(**where: object) -> int:
    query = select(func.count()).select_from(SmsMessage).filter_by(**where)
    return int(db.session.scalar(query) or 0)


def _sent_message(volunteer: Volunteer, sid: str, status: str = "queued") -> SmsMessage:
    message = queue_sms(
        to=volunteer.phone,
        body="Hallo",
        kind="offer",
        key=f"test:{sid}",
        now=NOW,
        organisation_id=volunteer.organisation_id,
        volunteer_id=volunteer.id,
    )
    message.provider_sid, message.status = sid, status
    db.session.commit()
    return message


def _status_of(message_id: int) -> str:
    db.session.expire_all()
    return db.session.get(SmsMessage, message_id).status  # type: ignore[union-attr]


def test_a_signed_inbound_sms_is_answered_with_twiml(twilio_client: FlaskClient) -> None:
    volunteer = make_volunteer(make_organisation())
    response = post_signed(twilio_client, "/sms/inbound", inbound_sms_form(volunteer.phone, "HULP"))
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert b"<Response><Message>Buurtmatch: antwoord JA of NEE" in response.data


def test_forged_or_unsigned_webhooks_get_403_and_change_nothing(
    twilio_client: FlaskClient,
) -> None:
    volunteer = make_volunteer(make_organisation())
    form = inbound_sms_form(volunteer.phone, "STOP")
    forged = signed_headers("not-the-token", PUBLIC_BASE_URL + "/sms/inbound", form)
    assert twilio_client.post("/sms/inbound", data=form, headers=forged).status_code == 403
    assert twilio_client.post("/sms/inbound", data=form).status_code == 403
    tampered = dict(form, Body="START")
    good = signed_headers(AUTH_TOKEN, PUBLIC_BASE_URL + "/sms/inbound", form)
    assert twilio_client.post("/sms/inbound", data=tampered, headers=good).status_code == 403
    status = status_callback_form("SM123", "delivered")
    assert twilio_client.post("/sms/status", data=status).status_code == 403
    db.session.expire_all()
    assert _count() == 0
    assert db.session.get(Volunteer, volunteer.id).sms_opt_out is False  # type: ignore[union-attr]


def test_behind_a_proxy_the_public_url_is_what_counts(twilio_client: FlaskClient) -> None:
    volunteer = make_volunteer(make_organisation())
    form = inbound_sms_form(volunteer.phone, "HULP")
    # Signed for the URL the app sees (http://localhost/...), not the public one.
    internal = signed_headers(AUTH_TOKEN, "http://localhost/sms/inbound", form)
    assert twilio_client.post("/sms/inbound", data=form, headers=internal).status_code == 403
    with_port = signed_headers(AUTH_TOKEN, "https://buurtmatch.example.org:443/sms/inbound", form)
    assert twilio_client.post("/sms/inbound", data=form, headers=with_port).status_code == 200


def test_the_outbox_backend_needs_no_signature(client: FlaskClient) -> None:
    volunteer = make_volunteer(make_organisation())
    response = client.post("/sms/inbound", data=inbound_sms_form(volunteer.phone, "HULP"))
    assert response.status_code == 200


def test_in_production_the_outbox_backend_still_needs_a_signature(_migrated: str) -> None:
    production = {
        "BUURTMATCH_ENV": "production",
        "SECRET_KEY": "f3a9c1d27b4e8f60a5d9c3b1e7f2a4c6",
        "SECRET_KEY_IS_RANDOM": False,
        "SMS_BACKEND": "outbox",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
    }
    for token in (None, AUTH_TOKEN):
        app = make_app(_migrated, **production, TWILIO_AUTH_TOKEN=token)
        with app.app_context():
            client = app.test_client()
            offer = make_neighbourhood().assignment
            offer.status, offer.short_code = "offered", "K7"
            db.session.commit()
            form = inbound_sms_form(offer.volunteer.phone, "JA K7")
            assert client.post("/sms/inbound", data=form).status_code == 403, token
            receipt = status_callback_form("SM123", "delivered")
            assert client.post("/sms/status", data=receipt).status_code == 403, token
            db.session.expire_all()
            assert _count() == 0 and db.session.get_one(Assignment, offer.id).status == "offered"
            if token is not None:
                assert post_signed(client, "/sms/inbound", form).status_code == 200
            _empty_tables()
            _dispose()


def test_twilio_without_credentials_refuses_to_start(
    _migrated: str, fake_twilio: FakeTwilio
) -> None:
    config = twilio_config(fake_twilio, TWILIO_AUTH_TOKEN=None)
    try:
        make_app(_migrated, **config)
    except ValueError as error:
        assert "TWILIO_AUTH_TOKEN" in str(error)
    else:
        raise AssertionError("the app started without a Twilio auth token")


def test_status_only_moves_forward_and_is_idempotent(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _sent_message(volunteer, "SM" + "1" * 32)
    sid = message.provider_sid or ""
    for state, expected in [
        ("sent", "sent"),
        ("sent", "sent"),
        ("delivered", "delivered"),
        ("sent", "delivered"),  # late and out of order
        ("queued", "delivered"),
        ("delivered", "delivered"),
    ]:
        response = post_signed(twilio_client, "/sms/status", status_callback_form(sid, state))
        assert response.status_code == 204
        assert _status_of(message.id) == expected


def test_an_undelivered_receipt_marks_a_dead_number(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    volunteer = make_volunteer(make_organisation())
    message = _sent_message(volunteer, "SM" + "2" * 32)
    form = status_callback_form(message.provider_sid or "", "undelivered", error_code=30005)
    assert post_signed(twilio_client, "/sms/status", form).status_code == 204
    db.session.expire_all()
    assert _status_of(message.id) == "undelivered"
    assert db.session.get(Volunteer, volunteer.id).phone_invalid is True  # type: ignore[union-attr]
    assert [i.kind for i in inbox_items(volunteer.organisation_id)] == ["delivery_problem"]


def test_a_receipt_for_an_unknown_message_is_accepted_and_ignored(
    twilio_client: FlaskClient,
) -> None:
    form = status_callback_form("SM" + "9" * 32, "delivered")
    assert post_signed(twilio_client, "/sms/status", form).status_code == 204
    assert post_signed(twilio_client, "/sms/status", {"MessageSid": "x"}).status_code == 400


def test_the_same_inbound_message_twice_acts_once(twilio_client: FlaskClient) -> None:
    volunteer = make_volunteer(make_organisation())
    form = inbound_sms_form(volunteer.phone, "STOP")
    first = post_signed(twilio_client, "/sms/inbound", form)
    second = post_signed(twilio_client, "/sms/inbound", form)
    assert b"<Message>" in first.data
    assert second.status_code == 200 and b"<Message>" not in second.data
    assert _count(direction="inbound") == 1
    assert _count(direction="outbound") == 1
