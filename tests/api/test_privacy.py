"""GDPR: export everything about one person; erase them but keep the statistics; audit both."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.api.conftest import Caller
from tests.factories import make_assignment, make_help_request, make_resident, make_volunteer
from web.db import db
from web.models import Assignment, AuditEvent, HelpRequest, Resident, SmsMessage, Volunteer


def _sms(volunteer: Volunteer, body: str, **values: object) -> SmsMessage:
    message = SmsMessage(
        organisation_id=volunteer.organisation_id,
        direction="outbound",
        kind="offer",
        idempotency_key=f"test:{body}",
        to_number=volunteer.phone,
        body=body,
        volunteer_id=volunteer.id,
        **values,
    )
    db.session.add(message)
    db.session.commit()
    return message


def _audit_actions(entity_type: str, entity_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
    )


def test_a_volunteer_export_holds_their_record_slots_assignments_and_messages(
    caller: Caller, client: FlaskClient
) -> None:
    volunteer = make_volunteer(caller.organisation, first_name="Samira")
    assignment = make_assignment(make_help_request(make_resident(caller.organisation)), volunteer)
    _sms(volunteer, "Kan je helpen?")
    response = client.get(f"/api/v1/volunteers/{volunteer.id}/export", headers=caller.headers)
    assert response.status_code == 200
    export = response.json
    assert export["volunteer"]["first_name"] == "Samira"
    assert [a["id"] for a in export["assignments"]] == [assignment.id]
    assert [m["body"] for m in export["sms_messages"]] == ["Kan je helpen?"]
    assert _audit_actions("volunteers", volunteer.id) == ["exported"]


def test_erasing_a_volunteer_anonymises_them_and_keeps_finished_work(
    caller: Caller, client: FlaskClient
) -> None:
    volunteer = make_volunteer(caller.organisation, first_name="Samira", phone="+32470998877")
    resident = make_resident(caller.organisation)
    live = make_assignment(make_help_request(resident), volunteer, status="proposed")
    done = make_assignment(make_help_request(resident), volunteer, status="completed")
    _sms(volunteer, "Kan je helpen, Samira?")
    response = client.delete(f"/api/v1/volunteers/{volunteer.id}", headers=caller.headers)
    assert response.status_code == 204
    db.session.expire_all()
    erased = db.session.get(Volunteer, volunteer.id)
    assert erased.erased_at is not None and not erased.active and erased.sms_opt_out
    assert "Samira" not in (erased.first_name, erased.last_name)
    assert erased.phone != "+32470998877" and erased.availability == []
    assert db.session.get(Assignment, live.id).status == "cancelled"
    assert db.session.get(Assignment, done.id).status == "completed"
    bodies = db.session.scalars(select(SmsMessage.body)).all()
    assert not any("Samira" in body for body in bodies)
    assert _audit_actions("volunteers", volunteer.id)[-1] == "erased"
    gone = client.get(f"/api/v1/volunteers/{volunteer.id}", headers=caller.headers)
    assert gone.status_code == 404
    assert client.get("/api/v1/volunteers", headers=caller.headers).json["total"] == 0


def test_erasing_a_resident_keeps_request_counts_but_not_who_or_what(
    caller: Caller, client: FlaskClient
) -> None:
    resident = make_resident(
        caller.organisation, first_name="Maria", phone="+3231234567", notes="hears badly"
    )
    request = make_help_request(resident, description="Maria needs bread")
    response = client.delete(f"/api/v1/residents/{resident.id}", headers=caller.headers)
    assert response.status_code == 204
    db.session.expire_all()
    erased = db.session.get(Resident, resident.id)
    assert (erased.first_name, erased.phone, erased.notes, erased.street) == (
        "[erased]",
        None,
        None,
        "",
    )
    assert erased.postcode == "2060"
    kept = db.session.get(HelpRequest, request.id)
    assert kept.status == "cancelled" and kept.description == "" and kept.skill == "shopping"
    assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == 1
    assert _audit_actions("residents", resident.id)[-1] == "erased"
    again = client.delete(f"/api/v1/residents/{resident.id}", headers=caller.headers)
    assert again.status_code == 404


def test_another_organisation_can_neither_export_nor_erase(
    caller: Caller, other: Caller, client: FlaskClient
) -> None:
    resident = make_resident(caller.organisation)
    volunteer = make_volunteer(caller.organisation)
    for url in (f"/api/v1/residents/{resident.id}", f"/api/v1/volunteers/{volunteer.id}"):
        assert client.get(f"{url}/export", headers=other.headers).status_code == 404
        assert client.delete(url, headers=other.headers).status_code == 404
    db.session.expire_all()
    assert db.session.get(Resident, resident.id).erased_at is None
    assert db.session.get(Volunteer, volunteer.id).erased_at is None
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
