"""The demo neighbourhood: realistic, deterministic, seeded once."""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from web.db import db
from web.models import HelpRequest, Organisation, Resident, Volunteer
from web.services.demo_data import seed_demo

TODAY = date(2026, 11, 23)


def _fingerprint() -> list[tuple[object, ...]]:
    volunteers = db.session.scalars(select(Volunteer).order_by(Volunteer.id))
    requests = db.session.scalars(select(HelpRequest).order_by(HelpRequest.id))
    return [(v.first_name, v.last_name, v.phone, v.street, tuple(v.skills)) for v in volunteers] + [
        (r.skill, r.window_start, r.duration_minutes, r.resident.last_name) for r in requests
    ]


def test_demo_has_the_promised_size_and_mix(app: Flask) -> None:
    summary = seed_demo(TODAY)
    assert (summary.organisations, summary.volunteers, summary.residents, summary.requests) == (
        2,
        60,
        40,
        120,
    )
    kinds = {o.kind for o in db.session.scalars(select(Organisation))}
    assert kinds == {"service_centre", "street_initiative"}
    skills = Counter(db.session.scalars(select(HelpRequest.skill)))
    assert 0.30 <= skills["company"] / 120 <= 0.50
    assert 0.10 <= skills["transport"] / 120 <= 0.26
    languages = Counter(
        lang for langs in db.session.scalars(select(Resident.languages)) for lang in langs
    )
    languages.update(
        lang for langs in db.session.scalars(select(Volunteer.languages)) for lang in langs
    )
    assert {"nl", "fr", "ar", "tr", "pl", "es", "en"} <= set(languages)
    requests = db.session.scalars(select(HelpRequest)).all()
    assert all(r.window_start.date() > TODAY for r in requests)
    assert all((r.window_end - r.window_start).days < 1 for r in requests)
    assert {v.postcode for v in db.session.scalars(select(Volunteer))} == {"2060"}


def test_seeding_is_deterministic_and_happens_once(app: Flask, runner: FlaskCliRunner) -> None:
    seed_demo(TODAY)
    first = _fingerprint()
    assert seed_demo(TODAY).volunteers == 0  # not seeded twice
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    seed_demo(TODAY)
    assert [row[:-1] for row in _fingerprint()] == [row[:-1] for row in first]
    assert "nothing seeded" in runner.invoke(args=["seed-demo"]).output
