"""The coordinator's start page shows what needs attention, and only their own."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    log_in,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db, utcnow
from web.models import Assignment, Signal, SmsMessage
from web.services.dashboard import dashboard


def test_each_section_counts_what_needs_the_coordinator(app: Flask) -> None:
    org = make_organisation()
    resident = make_resident(org, first_name="Godelieve")
    volunteer = make_volunteer(org)
    start = utcnow() + timedelta(days=1)
    make_help_request(resident, status="new")
    unfilled = make_help_request(resident, status="unfilled", unfilled_reasons="no driver")
    declined = make_help_request(resident, status="open")
    offered = make_help_request(resident, status="arranged")
    db.session.add_all(
        [
            Assignment(
                request_id=declined.id,
                volunteer_id=volunteer.id,
                starts_at=start,
                status="declined",
            ),
            Assignment(
                request_id=offered.id,
                volunteer_id=volunteer.id,
                starts_at=start,
                status="offered",
                offered_at=utcnow(),
            ),
            Signal(organisation_id=org.id, resident_id=resident.id, body="de deur bleef dicht"),
            SmsMessage(
                organisation_id=org.id,
                direction="outbound",
                kind="offer",
                idempotency_key="x",
                to_number="+32470000001",
                body="...",
                status="failed",
            ),
        ]
    )
    db.session.commit()
    board = dashboard(org.id, utcnow(), "Europe/Brussels")
    counts = {
        name: getattr(board, name).count
        for name in (
            "new_requests",
            "unfilled",
            "need_new_volunteer",
            "unanswered_offers",
            "signals",
            "failed_sms",
            "proposals",
        )
    }
    assert counts == {
        "new_requests": 1,
        "unfilled": 1,
        "need_new_volunteer": 1,
        "unanswered_offers": 1,
        "signals": 1,
        "failed_sms": 1,
        "proposals": 0,
    }
    assert board.unfilled.rows == [unfilled]
    assert dashboard(make_organisation().id, utcnow(), "Europe/Brussels").unfilled.count == 0


def test_start_page_in_dutch_with_reasons(app: Flask, client: FlaskClient) -> None:
    org = make_organisation(name="LDC Seefhoek")
    make_help_request(
        make_resident(org, first_name="Godelieve"),
        status="unfilled",
        unfilled_reasons="no volunteer with skill 'transport' within 5 km",
    )
    log_in(client, org)
    page = client.get("/c/").get_data(as_text=True)
    assert "Nog niemand gevonden" in page and "Godelieve" in page
    assert "within 5 km" in page
