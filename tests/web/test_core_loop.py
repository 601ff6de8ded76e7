"""The core loop's findings, one regression test each (issue 13, findings 1 to 8).

Each test asserts what must follow from a status, not only the status: the
SMS queued or withdrawn, the time blocked, the round that still succeeds.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

import matching
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
    Absence,
    Assignment,
    AvailabilityRule,
    HelpRequest,
    MatchingRun,
    Organisation,
    Resident,
    SmsMessage,
    Volunteer,
)
from web.services.matching import run_queued_rounds, start_matching_run
from web.services.matching_problem import busy_interval
from web.services.offer_cascade import expire_offers, offer_proposals
from web.services.offers import presume_completed, send_offer
from web.services.outbox_delivery import deliver_due
from web.services.proposal_approval import approve
from web.services.replies import handle_inbound
from web.services.request_states import disagreements
from web.services.request_updates import cancel_help_request
from web.sms import sms_setup

TZ = ZoneInfo("Europe/Brussels")


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    """A local moment ``days`` after today, whatever day the suite runs."""
    day = (utcnow().astimezone(TZ) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour, minute), TZ)


def _free_every_day(org: Organisation, **overrides: object) -> Volunteer:
    week = [AvailabilityRule(weekday=d, starts_at=time(8), ends_at=time(20)) for d in range(7)]
    return make_volunteer(org, availability=week, **overrides)


def _ask(org: Organisation, start: datetime, **overrides: object) -> HelpRequest:
    return make_help_request(
        make_resident(org), window_start=start, window_end=start + timedelta(hours=3), **overrides
    )


def _round(org: Organisation) -> MatchingRun:
    run = start_matching_run(org.id, time_limit=3)
    run_queued_rounds("Europe/Brussels", workers=1)
    db.session.expire_all()
    return db.session.get_one(MatchingRun, run.id)


def _live(request: HelpRequest) -> list[Assignment]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Assignment).where(
                Assignment.request_id == request.id,
                Assignment.status.in_(("proposed", "confirmed", "offered", "accepted")),
            )
        )
    )


def _offer_sms(assignment: Assignment) -> list[SmsMessage]:
    return list(
        db.session.scalars(
            select(SmsMessage).where(
                SmsMessage.assignment_id == assignment.id, SmsMessage.kind == "offer"
            )
        )
    )


def _public_form(**overrides: str) -> dict[str, str]:
    form = {
        "filed_by": "resident",
        "first_name": "Godelieve",
        "last_name": "Maes",
        "phone": "03 234 56 78",
        "postcode": "2060",
        "street": "Stuivenbergplein",
        "skill": "shopping",
        "day": _at(2, 9).date().isoformat(),
        "part_of_day": "morning",
        "duration_minutes": "60",
        "consent": "y",
    }
    form.update(overrides)
    return form


# 1. A request filed on the public form reaches the coordinator, and then a round.


def test_a_public_request_opens_from_the_start_page_and_joins_a_round(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    _free_every_day(org, skills=["shopping"])
    assert client.post("/hulp", data=_public_form()).status_code == 302
    request = db.session.scalars(select(HelpRequest)).one()
    assert request.status == "new"
    assert _round(org).requests_count == 0, "nobody plans a request before triage"
    log_in(client, org)
    start_page = client.get("/c/").get_data(as_text=True)
    assert f'href="/c/requests/{request.id}"' in start_page
    resident_page = client.get(f"/c/residents/{request.resident_id}").get_data(as_text=True)
    assert f'href="/c/requests/{request.id}"' in resident_page
    page = client.get(f"/c/requests/{request.id}").get_data(as_text=True)
    assert f"/c/requests/{request.id}/accept" in page
    client.post(f"/c/requests/{request.id}/accept", data={"version": request.version})
    run_queued_rounds("Europe/Brussels", workers=1)  # taking it on queued a round
    db.session.expire_all()
    assert db.session.get_one(HelpRequest, request.id).status == "proposed"
    assert len(_live(request)) == 1


def test_an_organisation_without_triage_matches_public_requests_at_once(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation(triage_public_requests=False)
    _free_every_day(org, skills=["shopping"])
    client.post("/hulp", data=_public_form())
    request = db.session.scalars(select(HelpRequest)).one()
    assert request.status == "open"
    assert _round(org).filled_count == 1


def test_a_coordinator_turns_a_request_down_with_a_reason(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    client.post("/hulp", data=_public_form())
    request = db.session.scalars(select(HelpRequest)).one()
    log_in(client, org)
    empty = client.post(
        f"/c/requests/{request.id}/reject", data={"version": request.version, "reason": " "}
    )
    assert empty.status_code == 303
    db.session.expire_all()
    assert db.session.get_one(HelpRequest, request.id).status == "new", "a reason is required"
    client.post(
        f"/c/requests/{request.id}/reject",
        data={"version": request.version, "reason": "past niet bij ons aanbod"},
    )
    db.session.expire_all()
    turned_down = db.session.get_one(HelpRequest, request.id)
    assert (turned_down.status, turned_down.closed_reason) == (
        "rejected",
        "past niet bij ons aanbod",
    )
    assert _round(org).requests_count == 0


def test_a_residents_text_opens_from_the_start_page_as_a_prefilled_request(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    maria = make_resident(org, phone="+32471000001")
    handle_inbound(
        maria.phone, "+32460000000", "Kan iemand dinsdag boodschappen doen?", "SM1", utcnow()
    )
    text = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == "request_draft")).one()
    log_in(client, org)
    start_page = client.get("/c/").get_data(as_text=True)
    link = f"/c/intake/new?resident_id={maria.id}&amp;text={text.id}"
    assert link in start_page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Kan iemand dinsdag boodschappen doen?" in form
    filed = client.post(
        link.replace("&amp;", "&"),
        data={
            "skill": "shopping",
            "day": _at(3, 9).date().isoformat(),
            "earliest": "09:00",
            "latest": "12:00",
            "duration_minutes": "60",
            "priority": "3",
            "volunteers_needed": "1",
            "description": text.body,
        },
    )
    assert filed.status_code == 303
    request = db.session.scalars(select(HelpRequest)).one()
    assert (request.resident_id, request.status) == (maria.id, "open")
    db.session.refresh(text)
    assert text.handled_at is not None
    assert link not in client.get("/c/").get_data(as_text=True)


# 2. Approving in the browser offers the task by SMS.


def test_approve_and_approve_all_queue_the_offer_sms(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    for name in ("Samira", "Jozef"):
        _free_every_day(org, first_name=name)
    first, second = _ask(org, _at(2, 9)), _ask(org, _at(3, 9))
    _round(org)
    log_in(client, org)
    [proposal] = _live(first)
    client.post("/c/review/approve", data={"assignment_id": proposal.id, "version": 1})
    client.post("/c/review/approve-all")
    for request in (first, second):
        [offered] = _live(request)
        assert offered.status == "offered" and offered.short_code
        [sms] = _offer_sms(offered)
        assert (sms.to_number, sms.status) == (offered.volunteer.phone, "pending")
    start_page = client.get("/c/").get_data(as_text=True)
    assert "Op elke aanbieding is geantwoord" not in start_page
    assert "sms vertrekt" in start_page or "sms verstuurd" in start_page


# 3. A round after approvals plans only what is open, around what is held.


def test_a_round_after_offers_succeeds_and_keeps_held_time_free(app: Flask) -> None:
    org = make_organisation()
    samira = _free_every_day(org, first_name="Samira")
    first = _ask(org, _at(2, 10))
    _round(org)
    [proposal] = _live(first)
    approve(proposal, utcnow())
    db.session.commit()
    # The same morning, overlapping the offered task: Samira is not free for it.
    second = make_help_request(
        make_resident(org),
        window_start=_at(2, 10, 30),
        window_end=_at(2, 11, 30),
        duration_minutes=60,
    )
    run = _round(org)
    assert (run.status, run.requests_count) == ("succeeded", 1)
    [held] = _live(first)
    assert (held.id, held.status) == (proposal.id, "offered"), "the offered request is left alone"
    taken = busy_interval(held)
    for assignment in _live(second):
        assert assignment.volunteer_id != samira.id or not (
            busy_interval(assignment)[0] < taken[1] and taken[0] < busy_interval(assignment)[1]
        )
    assert db.session.get_one(HelpRequest, second.id).status == "unfilled"
    assert disagreements([first.id, second.id]) == {}


def test_a_duo_with_one_seat_taken_plans_only_the_open_seat(app: Flask) -> None:
    org = make_organisation()
    anna, bert, _ = (_free_every_day(org, first_name=n) for n in ("Anna", "Bert", "Chris"))
    duo = _ask(org, _at(2, 10), volunteers_needed=2)
    taken = make_assignment(duo, anna, status="accepted", starts_at=_at(2, 11))
    make_assignment(duo, bert, status="declined", starts_at=_at(2, 11))
    assert duo.status == "open"
    run = _round(org)
    assert run.status == "succeeded"
    live = _live(duo)
    assert len(live) == 2 and taken.id in {a.id for a in live}
    [new] = [a for a in live if a.id != taken.id]
    assert new.volunteer_id not in {anna.id, bert.id}
    assert new.starts_at == taken.starts_at, "a duo starts together"
    assert db.session.get_one(HelpRequest, duo.id).status == "proposed"


def test_weekly_limits_count_only_that_calendar_week(app: Flask) -> None:
    org = make_organisation()
    busy = _free_every_day(org, first_name="Marc", max_tasks_per_week=1)
    # An accepted task eight days ago nobody confirmed: it must not eat this week's limit.
    long_ago = _ask(org, utcnow() - timedelta(days=8))
    make_assignment(long_ago, busy, status="accepted", starts_at=long_ago.window_start)
    request = _ask(org, _at(1, 10))
    _round(org)
    assert [a.volunteer_id for a in _live(request)] == [busy.id]


def test_a_failed_round_shows_a_sentence_not_a_traceback(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_organisation()
    _free_every_day(org)
    _ask(org, _at(2, 10))

    def broken(*_: object, **__: object) -> matching.Solution:
        raise RuntimeError("the solver fell over")

    monkeypatch.setattr(matching, "solve", broken)
    run = _round(org)
    assert run.status == "failed" and "Traceback" not in (run.error or "")
    log_in(client, org)
    page = client.get(f"/c/matching/runs/{run.id}").get_data(as_text=True)
    assert "Traceback" not in page and "RuntimeError" not in page
    assert "vorige voorstellen blijven gelden" in page


# 4. The public form never merges people silently.


def test_someone_else_with_a_known_phone_is_a_new_resident_flagged(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    maria = make_resident(org, first_name="Maria", last_name="Maes", phone="+3232345678")
    client.post("/hulp", data=_public_form(first_name="Jef", street="Dambruggestraat"))
    jef = db.session.scalars(select(Resident).where(Resident.id != maria.id)).one()
    assert (jef.first_name, jef.street, jef.possible_duplicate_of_id) == (
        "Jef",
        "Dambruggestraat",
        maria.id,
    )
    db.session.refresh(maria)
    assert (maria.first_name, maria.street) == ("Maria", "Kerkstraat")
    request = db.session.scalars(select(HelpRequest)).one()
    assert request.resident_id == jef.id
    log_in(client, org)
    page = client.get(f"/c/requests/{request.id}").get_data(as_text=True)
    assert "Mogelijk dubbel" in page and "Maria Maes" in page
    # The coordinator knows better: it was Maria after all.
    jef_id = jef.id
    client.post(
        f"/c/requests/{request.id}/link",
        data={"version": request.version, "resident_id": maria.id},
    )
    db.session.expire_all()
    assert db.session.get_one(HelpRequest, request.id).resident_id == maria.id
    left = db.session.scalar(
        select(func.count()).select_from(Resident).where(Resident.id == jef_id)
    )
    assert left == 0, "the record the form made is gone"


def test_a_request_nobody_can_be_called_back_about_is_refused(
    app: Flask, client: FlaskClient
) -> None:
    make_organisation()
    answer = client.post("/hulp", data=_public_form(phone=""))
    assert answer.status_code == 400
    assert "telefoonnummer" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == 0


# 5. Phone intake refuses a day in the past.


def test_phone_intake_refuses_a_day_in_the_past(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    resident = make_resident(org)
    log_in(client, org)
    form = {
        "skill": "shopping",
        "day": _at(-1, 9).date().isoformat(),
        "earliest": "09:00",
        "latest": "12:00",
        "duration_minutes": "60",
        "priority": "3",
        "volunteers_needed": "1",
    }
    answer = client.post(f"/c/intake/new?resident_id={resident.id}", data=form)
    assert answer.status_code == 400
    assert "al voorbij" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == 0


# 6. An offer's time counts from its delivery; cancelling before delivery withdraws it.


def test_an_evening_offer_expires_only_after_its_morning_delivery(app: Flask) -> None:
    evening, night, task = _at(1, 20, 30), _at(1, 21, 30), _at(3, 10)  # quiet from 21:00
    morning = _at(2, 8)
    timeout = timedelta(minutes=180)
    with time_machine.travel(evening, tick=False) as traveller:
        org = make_organisation()
        jan = _free_every_day(org)
        request = _ask(org, task)  # far enough ahead: the offer is not urgent
        assignment = make_assignment(request, jan, status="confirmed")
        traveller.move_to(night)
        sms = send_offer(assignment, utcnow())
        db.session.commit()
        assert sms.next_attempt_at == morning
        traveller.move_to(morning - timedelta(minutes=1))
        assert expire_offers(utcnow(), timeout) == 0, "not sent yet, so not expired"
        traveller.move_to(morning)
        deliver_due(sms_setup().sender, utcnow())
        traveller.move_to(morning + timeout - timedelta(minutes=1))
        assert expire_offers(utcnow(), timeout) == 0, "sent at 08:00: three hours to answer"
        traveller.move_to(morning + timeout + timedelta(minutes=1))
        assert expire_offers(utcnow(), timeout) == 1
    db.session.expire_all()
    assert db.session.get_one(Assignment, assignment.id).status == "expired"


def test_cancelling_before_delivery_withdraws_the_offer(app: Flask) -> None:
    night, task, morning = _at(1, 22), _at(3, 10), _at(2, 8, 5)
    with time_machine.travel(night, tick=False):
        org = make_organisation()
        jan = _free_every_day(org)
        request = _ask(org, task)
        assignment = make_assignment(request, jan, status="confirmed")
        sms = send_offer(assignment, utcnow())
        db.session.commit()
        cancel_help_request(request)
        db.session.commit()
    with time_machine.travel(morning, tick=False):
        report = deliver_due(sms_setup().sender, utcnow())
    db.session.expire_all()
    assert db.session.get_one(SmsMessage, sms.id).status == "withdrawn"
    assert report.sent == 0
    to_jan = db.session.scalars(select(SmsMessage).where(SmsMessage.to_number == jan.phone))
    assert [m.status for m in to_jan] == ["withdrawn"], "no 'no longer open' for an unseen offer"


# 7. Tasks end, even when nobody answers the check-in.


def test_a_task_without_an_answer_is_completed_as_presumed_after_the_grace(app: Flask) -> None:
    org = make_organisation()
    jan = _free_every_day(org, first_name="Jan")
    request = _ask(org, _at(1, 10))
    task = make_assignment(request, jan, status="accepted")
    end = task.starts_at + timedelta(minutes=60)
    grace = timedelta(hours=24)
    assert presume_completed(end + grace - timedelta(minutes=1), grace) == 0
    assert presume_completed(end + grace, grace) == 1
    db.session.expire_all()
    done = db.session.get_one(Assignment, task.id)
    assert (done.status, done.presumed, done.request.status) == ("completed", True, "completed")


def test_the_coordinator_marks_a_no_show_and_the_request_was_missed(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    jan = _free_every_day(org)
    request = _ask(org, _at(-1, 10))
    task = make_assignment(request, jan, status="accepted", starts_at=_at(-1, 10))
    log_in(client, org)
    client.post(
        f"/c/tasks/{task.id}/no-show", data={"version": task.version, "request_id": request.id}
    )
    db.session.expire_all()
    missed = db.session.get_one(Assignment, task.id)
    assert (missed.status, missed.request.status) == ("no_show", "missed")


# 8. A round writes only what still holds.


def test_a_request_cancelled_during_the_solve_gets_no_proposal_nor_offer(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_organisation(matching_mode="auto_offer")
    _free_every_day(org)
    request = _ask(org, _at(2, 10))
    _meanwhile(
        app, monkeypatch, lambda: cancel_help_request(db.session.get_one(HelpRequest, request.id))
    )
    run = _round(org)
    assert run.status == "succeeded" and run.summary["left_for_next_round"] == 1
    assert (
        _live(request) == [] and db.session.get_one(HelpRequest, request.id).status == "cancelled"
    )

    assert offer_proposals(utcnow()) == 0
    assert db.session.scalar(select(func.count()).select_from(SmsMessage)) == 0


def test_a_volunteer_away_or_stopped_during_the_solve_is_not_proposed(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_organisation()
    away = _free_every_day(org, first_name="Away")
    stopped = _free_every_day(org, first_name="Stopped")
    first, second = _ask(org, _at(2, 10)), _ask(org, _at(2, 10))

    def changes() -> None:
        day = _at(2, 10).date()
        db.session.add(Absence(volunteer_id=away.id, first_day=day, last_day=day))
        db.session.get_one(Volunteer, stopped.id).sms_opt_out = True

    _meanwhile(app, monkeypatch, changes)
    run = _round(org)
    assert run.summary["left_for_next_round"] == 2
    assert _live(first) == [] and _live(second) == []
    # The next round, queued at once, sees the new state: nobody is left to propose.
    again = _round(org)
    assert again.status == "succeeded" and again.filled_count == 0


def _meanwhile(app: Flask, monkeypatch: pytest.MonkeyPatch, change: object) -> None:
    """Make the engine's next solve meet ``change``, committed from another session."""
    real = matching.solve

    def solve(*args: object, **kwargs: object) -> matching.Solution:
        solution = real(*args, **kwargs)  # type: ignore[arg-type]
        with app.app_context():
            change()  # type: ignore[operator]
            db.session.commit()
            db.session.remove()
        monkeypatch.setattr(matching, "solve", real)
        return solution

    monkeypatch.setattr(matching, "solve", solve)
