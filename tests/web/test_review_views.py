"""Coordinator pages: run a round, review, approve, pin, swap, exclude, conflicts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import (
    log_in,
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db, utcnow
from web.models import (
    Assignment,
    AvailabilityRule,
    Organisation,
    PairingBlock,
    SmsMessage,
    Volunteer,
)
from web.services import review
from web.services.matching import run_queued_rounds

TZ = ZoneInfo("Europe/Brussels")


def _tomorrow(hour: int) -> datetime:
    day = (utcnow().astimezone(TZ) + timedelta(days=1)).date()
    return datetime.combine(day, time(hour), TZ)


def _volunteer(org: Organisation, first_name: str, **overrides: object) -> Volunteer:
    rule = AvailabilityRule(weekday=_tomorrow(9).weekday(), starts_at=time(8), ends_at=time(18))
    return make_volunteer(org, first_name=first_name, availability=[rule], **overrides)


def _planned(client: FlaskClient, org: Organisation) -> list[Assignment]:
    start = _tomorrow(10)
    make_help_request(
        make_resident(org, first_name="Godelieve"),
        window_start=start,
        window_end=start + timedelta(hours=3),
    )
    response = client.post("/c/matching/runs")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-status-url" in page  # queued: the page asks until the round is done
    status = response.headers["Location"] + "/status.json"
    assert client.get(status).json == {"status": "queued"}
    run_queued_rounds("Europe/Brussels", workers=1)
    assert client.get(status).json == {"status": "succeeded"}
    done = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-status-url" not in done
    return list(db.session.scalars(select(Assignment).where(Assignment.status == "proposed")))


def _post(client: FlaskClient, action: str, a: Assignment, **extra: object) -> str:
    data = {"assignment_id": a.id, "version": a.version, **extra}
    response = client.post(f"/c/review/{action}", data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_review_shows_why_and_alternatives_then_approve(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    log_in(client, org)
    _volunteer(org, "Samira", languages=["nl", "ar"])
    _volunteer(org, "Jozef", lat=51.24, lon=4.44)
    [proposal] = _planned(client, org)
    page = client.get("/c/review").get_data(as_text=True)
    assert "Godelieve" in page and "km" in page
    assert "Jozef" in page or "Samira" in page  # the other one is the alternative
    assert "Goedkeuren" in page  # Dutch by default
    page = _post(client, "approve", proposal)
    assert "1 goedgekeurd; het aanbod gaat per sms" in page
    _assert_offered_by_sms(proposal)


def _assert_offered_by_sms(proposal: Assignment) -> None:
    """Approved means offered: the status, the request's status and one offer SMS queued."""
    db.session.expire_all()
    assignment = db.session.get_one(Assignment, proposal.id)
    assert (assignment.status, assignment.request.status) == ("offered", "offered")
    [offer] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == "offer")).all()
    assert (offer.assignment_id, offer.to_number, offer.status) == (
        assignment.id,
        assignment.volunteer.phone,
        "pending",
    )
    assert f"JA {assignment.short_code}" in offer.body


def test_a_stale_approval_changes_nothing(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    log_in(client, org)
    _volunteer(org, "Samira")
    [proposal] = _planned(client, org)
    stale_version = proposal.version
    proposal.pinned = True  # someone else edits first
    db.session.commit()
    page = _post(client, "approve", proposal, version=stale_version)
    assert "Niets werd bewaard" in page
    db.session.expire_all()
    assert db.session.get(Assignment, proposal.id).status == "proposed"  # type: ignore[union-attr]


def test_swap_to_an_alternative_pins_it(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    log_in(client, org)
    first, second = _volunteer(org, "Samira"), _volunteer(org, "Jozef")
    [proposal] = _planned(client, org)
    other = second if proposal.volunteer_id == first.id else first
    _post(client, "swap", proposal, volunteer_id=other.id)
    db.session.expire_all()  # SQLite may reuse the deleted proposal's id
    [now] = db.session.scalars(select(Assignment).where(Assignment.status == "proposed")).all()
    assert (now.volunteer_id, now.pinned) == (other.id, True)


def test_swap_to_an_impossible_volunteer_explains_and_keeps_the_proposal(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    log_in(client, org)
    _volunteer(org, "Samira")
    binman = _volunteer(org, "Jozef", skills=["bins"])
    [proposal] = _planned(client, org)
    page = _post(client, "swap", proposal, volunteer_id=binman.id)
    assert "Niet mogelijk" in page
    db.session.expire_all()
    kept = db.session.scalars(select(Assignment).where(Assignment.status == "proposed")).all()
    assert [a.id for a in kept] == [proposal.id]


def test_exclude_a_pairing_blocks_it_for_good(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    log_in(client, org)
    volunteer = _volunteer(org, "Samira")
    [proposal] = _planned(client, org)
    resident_id = proposal.request.resident_id
    _post(client, "exclude", proposal)
    block = db.session.scalars(select(PairingBlock)).one()
    assert (block.volunteer_id, block.resident_id) == (volunteer.id, resident_id)
    client.post("/c/matching/runs")
    run_queued_rounds("Europe/Brussels", workers=1)
    assert db.session.scalars(select(Assignment).where(Assignment.status == "proposed")).all() == []


def test_approve_all_and_pin(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    log_in(client, org)
    _volunteer(org, "Samira")
    [proposal] = _planned(client, org)
    _post(client, "pin", proposal)
    db.session.expire_all()
    pinned = db.session.get(Assignment, proposal.id)
    assert pinned is not None and pinned.pinned
    client.post("/c/review/approve-all")
    _assert_offered_by_sms(proposal)


def test_another_organisation_cannot_touch_a_proposal(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    log_in(client, org)
    _volunteer(org, "Samira")
    [proposal] = _planned(client, org)
    client.post("/logout")
    log_in(client, make_organisation())
    data = {"assignment_id": proposal.id, "version": proposal.version}
    assert client.post("/c/review/approve", data=data).status_code == 404
    run_id = proposal.matching_run_id
    assert client.get(f"/c/matching/runs/{run_id}").status_code == 404
    assert "Godelieve" not in client.get("/c/review").get_data(as_text=True)


def test_pages_need_a_login(client: FlaskClient) -> None:
    for path in ("/c/matching", "/c/review"):
        assert client.get(path).status_code == 302


def test_the_planned_hours_shown_are_those_of_the_tasks_week(app: Flask) -> None:
    org = make_organisation()
    samira = _volunteer(org, "Samira")

    def task(start: datetime, minutes: int, status: str) -> None:
        request = make_help_request(
            make_resident(org),
            window_start=start,
            window_end=start + timedelta(hours=3),
            duration_minutes=minutes,
        )
        make_assignment(request, samira, status=status, starts_at=start)

    task(_tomorrow(10) - timedelta(days=7), 180, "completed")
    task(_tomorrow(14), 60, "accepted")
    task(_tomorrow(10), 60, "proposed")
    [shown] = review.proposals(org.id)
    assert shown.week_minutes == 60 + 60, "the proposal and that week's task, not last week's"
