"""Matching rounds on real rows: proposals, reasons, pins, declines and failures."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from tests.factories import make_help_request, make_organisation, make_resident, make_volunteer
from web.db import db, utcnow
from web.models import (
    Absence,
    Assignment,
    AvailabilityRule,
    HelpRequest,
    MatchingRun,
    Organisation,
    Volunteer,
)
from web.services.matching import claim_next_run, run_queued_rounds, start_matching_run

TZ = ZoneInfo("Europe/Brussels")


def _tomorrow_at(hour: int) -> datetime:
    day = (utcnow().astimezone(TZ) + timedelta(days=1)).date()
    return datetime.combine(day, time(hour), TZ)


def _available_tomorrow(org: Organisation, **overrides: object) -> Volunteer:
    day = _tomorrow_at(9).weekday()
    return make_volunteer(
        org,
        availability=[AvailabilityRule(weekday=day, starts_at=time(8), ends_at=time(18))],
        **overrides,
    )


def _shopping_tomorrow(org: Organisation, **overrides: object) -> HelpRequest:
    start = _tomorrow_at(10)
    return make_help_request(
        make_resident(org),
        window_start=start,
        window_end=start + timedelta(hours=3),
        **overrides,
    )


def _round(org: Organisation) -> MatchingRun:
    run = start_matching_run(org.id, time_limit=5)
    run_queued_rounds("Europe/Brussels", workers=1)
    db.session.expire_all()
    return db.session.get(MatchingRun, run.id)  # type: ignore[return-value]


def _proposals(request: HelpRequest) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment).where(
                Assignment.request_id == request.id, Assignment.status == "proposed"
            )
        )
    )


def test_a_round_proposes_an_available_volunteer_with_its_reasons(app: Flask) -> None:
    org = make_organisation()
    volunteer = _available_tomorrow(org)
    request = _shopping_tomorrow(org)
    run = _round(org)
    assert (run.status, run.filled_count, run.requests_count) == ("succeeded", 1, 1)
    [proposal] = _proposals(request)
    assert proposal.volunteer_id == volunteer.id
    assert request.window_start <= proposal.starts_at
    assert proposal.explanation is not None and "terms" in proposal.explanation
    assert db.session.get(HelpRequest, request.id).status == "proposed"  # type: ignore[union-attr]


def test_unfilled_requests_say_why(app: Flask) -> None:
    org = make_organisation()
    _available_tomorrow(org, skills=["company"])
    request = _shopping_tomorrow(org)
    assert _round(org).filled_count == 0
    stored = db.session.get(HelpRequest, request.id)
    assert stored is not None and stored.status == "unfilled"
    assert "shopping" in (stored.unfilled_reasons or "")


def test_absent_opted_out_and_foreign_volunteers_are_not_used(app: Flask) -> None:
    org, other = make_organisation(), make_organisation()
    absent = _available_tomorrow(org)
    day = _tomorrow_at(9).date()
    db.session.add(Absence(volunteer_id=absent.id, first_day=day, last_day=day))
    opted_out = _available_tomorrow(org, sms_opt_out=True)
    _available_tomorrow(other)
    request = _shopping_tomorrow(org)
    run = _round(org)
    assert _proposals(request) == []
    assert run.summary is not None
    assert run.summary["skipped_volunteers"] == {str(opted_out.id): "opted out of SMS"}


def test_a_declined_volunteer_is_not_proposed_again(app: Flask) -> None:
    org = make_organisation()
    first, second = _available_tomorrow(org), _available_tomorrow(org)
    request = _shopping_tomorrow(org)
    _round(org)
    [proposal] = _proposals(request)
    proposal.status = "declined"
    request.status = "open"
    db.session.commit()
    _round(org)
    [again] = _proposals(request)
    assert {proposal.volunteer_id, again.volunteer_id} == {first.id, second.id}


def test_rerun_keeps_pins_and_stable_proposals(app: Flask) -> None:
    org = make_organisation()
    volunteers = [_available_tomorrow(org) for _ in range(3)]
    request = _shopping_tomorrow(org)
    _round(org)
    [proposal] = _proposals(request)
    pinned_to = next(v for v in volunteers if v.id != proposal.volunteer_id)
    proposal.status = "cancelled"
    db.session.add(
        Assignment(
            request_id=request.id,
            volunteer_id=pinned_to.id,
            starts_at=proposal.starts_at,
            status="proposed",
            pinned=True,
        )
    )
    db.session.commit()
    for _ in range(2):
        _round(org)
        [kept] = _proposals(request)
        assert (kept.volunteer_id, kept.pinned) == (pinned_to.id, True)


def test_an_impossible_pin_fails_the_round_and_keeps_the_plan(app: Flask) -> None:
    org = make_organisation()
    volunteer = _available_tomorrow(org)
    request = _shopping_tomorrow(org)
    non_shopper = _available_tomorrow(org, skills=["bins"])
    _round(org)
    [before] = _proposals(request)
    db.session.add(
        Assignment(
            request_id=request.id,
            volunteer_id=non_shopper.id,
            starts_at=before.starts_at,
            status="proposed",
            pinned=True,
        )
    )
    db.session.commit()
    run = _round(org)
    assert run.status == "failed"
    assert str(non_shopper.id) in (run.error or "")
    assert {a.volunteer_id for a in _proposals(request)} == {volunteer.id, non_shopper.id}


def test_a_round_is_claimed_once(app: Flask) -> None:
    org = make_organisation()
    run = start_matching_run(org.id)
    assert start_matching_run(org.id).id == run.id  # no second round while one waits
    claimed = claim_next_run(utcnow())
    assert claimed is not None and claimed.id == run.id
    assert claim_next_run(utcnow()) is None


def test_match_command_prints_a_summary(app: Flask, runner: FlaskCliRunner) -> None:
    org = make_organisation(slug="ldc-test")
    _available_tomorrow(org)
    _shopping_tomorrow(org)
    result = runner.invoke(args=["match", "--org", "ldc-test", "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    assert "ldc-test: 1 of 1 requests proposed" in result.output
