"""Erasing a volunteer and a resident leaves neither their names nor their numbers anywhere.

The scan reads every String, Text and JSON column of every table, so a new
place where a name is copied is caught without changing this test.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import JSON, String, Text, select

from tests.factories import (
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from tests.fakes.twilio_server import FROM_NUMBER
from web.db import db
from web.models import Absence, PairingBlock, Signal, SmsMessage
from web.services import audit, offers
from web.services.erasure import erase_resident, erase_volunteer
from web.services.replies import handle_inbound

SAMIRA_PHONE = "+32470998877"
MARIA_PHONE = "+3232223344"
TRACES = ("samira", "bouzid", "maria", "verbeke", "470998877", "32223344")


def _every_text_value() -> list[tuple[str, str, str]]:
    """(table, column, value) for every String, Text and JSON value in the database."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        for column in columns:
            for value in db.session.scalars(select(column).where(column.is_not(None))):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found.append((table.name, column.name, text))
    return found


def test_erasing_a_volunteer_and_a_resident_leaves_no_name_or_number(app: Flask) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    home = make_organisation()
    samira = make_volunteer(home, first_name="Samira", last_name="Bouzid", phone=SAMIRA_PHONE)
    maria = make_resident(
        home,
        first_name="Maria",
        last_name="Verbeke",
        phone=MARIA_PHONE,
        sms_consent=True,
        notes="Maria Verbeke hoort slecht",
    )
    request = make_help_request(maria, description="Maria Verbeke heeft brood nodig")
    task = make_assignment(request, samira, starts_at=request.window_start + timedelta(hours=1))
    offers.send_offer(task, now)
    db.session.commit()
    # Samira says yes: her answer, our reply and the resident's confirmation are stored.
    handle_inbound(SAMIRA_PHONE, FROM_NUMBER, f"JA {task.short_code}", "SM" + "1" * 32, now)
    assert task.status == "accepted"
    # A signal in Samira's words about Maria, and her absence with a reason.
    inbound = SmsMessage(
        organisation_id=home.id,
        direction="inbound",
        kind="check_in_signal",
        to_number=FROM_NUMBER,
        from_number=SAMIRA_PHONE,
        body="Samira hier: Maria Verbeke deed niet open",
        status="received",
        volunteer_id=samira.id,
        assignment_id=task.id,
    )
    db.session.add(inbound)
    db.session.flush()
    db.session.add_all(
        [
            Signal(
                organisation_id=home.id,
                volunteer_id=samira.id,
                resident_id=maria.id,
                assignment_id=task.id,
                sms_message_id=inbound.id,
                body=inbound.body,
            ),
            Absence(
                volunteer_id=samira.id,
                first_day=now.date(),
                last_day=now.date(),
                reason="Samira op reis",
            ),
            PairingBlock(volunteer_id=samira.id, resident_id=maria.id, reason="Maria wil Samira"),
        ]
    )
    # Someone filed for Maria through the public form: their words are in the audit trail.
    audit.record(
        "created",
        request,
        actor="public_form",
        changes={"filed_by": "family", "contact_name": "dochter van Maria", "contact": MARIA_PHONE},
    )
    # Another resident's proposal explains why Samira was not chosen (by id: names live once).
    other = make_help_request(make_resident(home, first_name="Jef", phone=None))
    make_assignment(
        other,
        make_volunteer(home),
        status="proposed",
        explanation={
            "score": 3.0,
            "terms": [["distance", 1.0]],
            "alternatives": [{"volunteer_id": samira.id, "score": 2.0, "note": "busy"}],
        },
    )
    db.session.commit()
    assert any(t in v.lower() for _, _, v in _every_text_value() for t in TRACES)

    erase_volunteer(home.id, samira.id, user_id=None)
    erase_resident(home.id, maria.id, user_id=None)

    db.session.expire_all()
    left = [
        (table, column, value)
        for table, column, value in _every_text_value()
        if any(trace in value.lower() for trace in TRACES)
    ]
    assert left == []
