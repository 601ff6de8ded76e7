"""What a volunteer's or resident's SMS changes, end to end through /sms/inbound."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import make_assignment, make_help_request, make_volunteer
from tests.fakes.twilio_server import FakeTwilio
from tests.fakes.twilio_webhooks import inbound_sms_form
from tests.web.sms.conftest import Neighbourhood, make_neighbourhood
from tests.web.sms.test_webhooks import post_signed
from web.db import db, utcnow
from web.models import Assignment, HelpRequest, Signal, SmsMessage, Volunteer
from web.services.errors import InvalidInput
from web.services.offers import can_text, cancel_assignment, queue_check_ins, send_offer
from web.services.outbox_delivery import deliver_due
from web.services.sms_inbox import inbox_items
from web.sms import sms_setup


def _offered(**resident: object) -> Neighbourhood:
    place = make_neighbourhood(**resident)
    send_offer(place.assignment, utcnow())
    db.session.commit()
    return place


def _text(client: FlaskClient, phone: str, body: str) -> str:
    response = post_signed(client, "/sms/inbound", inbound_sms_form(phone, body))
    assert response.status_code == 200
    db.session.expire_all()
    return str(response.get_data(as_text=True))


def _assignment(place: Neighbourhood) -> Assignment:
    found = db.session.get(Assignment, place.assignment.id)
    assert found is not None
    return found


def _outbound(kind: str) -> list[SmsMessage]:
    query = select(SmsMessage).where(SmsMessage.kind == kind, SmsMessage.direction == "outbound")
    return list(db.session.scalars(query))


def test_an_offer_queues_one_sms_with_a_short_code(twilio_app: Flask) -> None:
    place = _offered()
    assignment = _assignment(place)
    assert assignment.status == "offered" and assignment.short_code
    (offer,) = _outbound("offer")
    assert f"JA {assignment.short_code}" in offer.body
    assert "Maria" in offer.body and "Peeters" not in offer.body
    assert offer.idempotency_key == f"assignment:{assignment.id}:offer"


def test_yes_accepts_confirms_and_tells_a_consenting_resident(
    twilio_app: Flask, twilio_client: FlaskClient, fake_twilio: FakeTwilio
) -> None:
    place = _offered(phone="+32470999001", sms_consent=True)
    twiml = _text(twilio_client, place.volunteer.phone, f"ja {_assignment(place).short_code}")
    assert "Bedankt! Je helpt Maria" in twiml
    assignment = _assignment(place)
    assert assignment.status == "accepted"
    assert assignment.request.status == "arranged"
    deliver_due(sms_setup().sender, utcnow())
    resident_sms = [m for m in fake_twilio.created if m["to"] == "+32470999001"]
    assert len(resident_sms) == 1 and "Jan komt u helpen" in resident_sms[0]["body"]


def test_no_resident_sms_without_consent(twilio_app: Flask, twilio_client: FlaskClient) -> None:
    place = _offered(phone="+32470999002", sms_consent=False)
    _text(twilio_client, place.volunteer.phone, "JA")
    assert _assignment(place).status == "accepted"
    assert _outbound("resident_confirmation") == []


def test_no_declines_and_sends_the_request_back_to_matching(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _offered()
    twiml = _text(twilio_client, place.volunteer.phone, "Nee, sorry")
    assert "<Message>" not in twiml
    assignment = _assignment(place)
    assert assignment.status == "declined"
    assert db.session.get(HelpRequest, assignment.request_id).status == "open"  # type: ignore[union-attr]


def test_with_two_open_offers_the_code_decides(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _offered()
    second_request = make_help_request(place.resident)
    other = make_assignment(second_request, place.volunteer)
    send_offer(other, utcnow())
    db.session.commit()

    twiml = _text(twilio_client, place.volunteer.phone, "OUI")
    assert "JA of NEE" in twiml, "without a code the volunteer is asked for it"
    assert _assignment(place).status == "offered"

    _text(twilio_client, place.volunteer.phone, f"yes {other.short_code}")
    assert db.session.get(Assignment, other.id).status == "accepted"  # type: ignore[union-attr]
    assert _assignment(place).status == "offered"


def test_an_answer_to_a_closed_offer_changes_nothing(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _offered()
    code = _assignment(place).short_code
    cancel_assignment(_assignment(place), utcnow())
    db.session.commit()
    twiml = _text(twilio_client, place.volunteer.phone, f"JA {code}")
    assert f"Hulpvraag {code} is niet meer open" in twiml
    assert _assignment(place).status == "cancelled"


def test_a_yes_after_someone_else_took_the_task_is_thanked(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _offered()
    other = make_volunteer(place.organisation, first_name="Ann")
    second = make_assignment(_assignment(place).request, other)
    send_offer(second, utcnow())
    db.session.commit()
    _text(twilio_client, other.phone, "JA")
    twiml = _text(twilio_client, place.volunteer.phone, "JA")
    assert "Een andere vrijwilliger helpt Maria al" in twiml
    assert _assignment(place).status == "cancelled"
    assert db.session.get(Assignment, second.id).status == "accepted"  # type: ignore[union-attr]


def test_stop_and_start_switch_sms_off_and_on(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = make_neighbourhood()
    assert "geen sms meer" in _text(twilio_client, place.volunteer.phone, "Arrêt")
    volunteer = db.session.get(Volunteer, place.volunteer.id)
    assert volunteer is not None and volunteer.sms_opt_out
    with pytest.raises(InvalidInput):
        send_offer(_assignment(place), utcnow())
    db.session.rollback()
    assert [i.kind for i in inbox_items(place.organisation.id)] == ["opt_out"]

    assert "Welkom terug" in _text(twilio_client, place.volunteer.phone, "START")
    assert db.session.get(Volunteer, place.volunteer.id).sms_opt_out is False  # type: ignore[union-attr]


def test_unknown_numbers_change_nothing(twilio_app: Flask, twilio_client: FlaskClient) -> None:
    place = _offered()
    twiml = _text(twilio_client, "+32470555555", "JA")
    assert "<Message>" not in twiml
    assert _assignment(place).status == "offered"
    assert inbox_items(place.organisation.id) == []


def test_free_text_goes_to_the_coordinator(twilio_app: Flask, twilio_client: FlaskClient) -> None:
    place = make_neighbourhood()
    twiml = _text(twilio_client, place.volunteer.phone, "Ik ben volgende week op reis")
    assert "doorgegeven aan de co" in twiml
    (item,) = inbox_items(place.organisation.id)
    assert (item.kind, item.body, item.volunteer_id) == (
        "free_text",
        "Ik ben volgende week op reis",
        place.volunteer.id,
    )


def test_a_known_resident_texting_becomes_a_draft_request(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = make_neighbourhood(phone="+32470999003", sms_consent=True)
    _text(twilio_client, "+32470999003", "Kan iemand vrijdag mijn boodschappen doen?")
    (item,) = inbox_items(place.organisation.id)
    assert (item.kind, item.resident_id) == ("request_draft", place.resident.id)


def _ends(place: Neighbourhood) -> datetime:
    assignment = _assignment(place)
    return assignment.starts_at + timedelta(minutes=assignment.request.duration_minutes)


def _accepted_and_checked_in(client: FlaskClient) -> Neighbourhood:
    place = _offered()
    _text(client, place.volunteer.phone, "JA")
    done = _ends(place)
    assert queue_check_ins(done - timedelta(minutes=1)) == 0, "not before the task ends"
    assert queue_check_ins(done) == 1
    assert queue_check_ins(done) == 0, "only once"
    deliver_due(sms_setup().sender, done)
    (check_in,) = _outbound("check_in")
    assert check_in.body == "Alles goed bij Maria? Antwoord OK, of vertel kort wat je opviel."
    return place


def test_ok_after_the_check_in_completes_the_assignment(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _accepted_and_checked_in(twilio_client)
    with time_machine.travel(_ends(place), tick=False):
        _text(twilio_client, place.volunteer.phone, "ok, alles goed")
    assert _assignment(place).status == "completed"
    assert _assignment(place).request.status == "completed"
    assert inbox_items(place.organisation.id) == []


def test_anything_else_after_the_check_in_is_a_signal_about_the_resident(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _accepted_and_checked_in(twilio_client)
    _text(twilio_client, place.volunteer.phone, "Ze leek wat verward vandaag")
    signal = db.session.scalars(select(Signal)).one()
    assert (signal.resident_id, signal.volunteer_id, signal.body) == (
        place.resident.id,
        place.volunteer.id,
        "Ze leek wat verward vandaag",
    )
    assert [i.kind for i in inbox_items(place.organisation.id)] == ["signal"]
    assert _assignment(place).status == "accepted"


def test_cancelling_an_accepted_task_tells_volunteer_and_resident(
    twilio_app: Flask, twilio_client: FlaskClient
) -> None:
    place = _offered(phone="+32470999004", sms_consent=True)
    _text(twilio_client, place.volunteer.phone, "JA")
    cancel_assignment(_assignment(place), utcnow(), user_id=None)
    db.session.commit()
    assert [m.to_number for m in _outbound("cancellation")] == [place.volunteer.phone]
    assert [m.to_number for m in _outbound("resident_cancellation")] == ["+32470999004"]


def test_matching_can_tell_who_gets_no_sms(twilio_app: Flask) -> None:
    place = make_neighbourhood()
    opted_out = make_volunteer(place.organisation, sms_opt_out=True)
    dead_number = make_volunteer(place.organisation, phone_invalid=True)
    assert can_text(place.volunteer)
    assert not can_text(opted_out) and not can_text(dead_number)
