"""The app factory and the health endpoint."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from web.db import db
from web.models import ClockHeartbeat


def test_factory_honours_test_config(database_url: str) -> None:
    assert not make_app(database_url, TESTING=False).testing
    assert make_app(database_url).testing


def test_postgres_urls_use_psycopg3(database_url: str) -> None:
    app = make_app(database_url)
    assert make_app.__module__  # the helper is importable from tests
    from web.config import database_url as normalise

    assert normalise("postgres://u@h/d").startswith("postgresql+psycopg://")
    assert normalise("postgresql://u@h/d").startswith("postgresql+psycopg://")
    assert app.config["SQLALCHEMY_DATABASE_URI"]


def test_healthz_reports_database_and_no_clock_yet(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "db": "ok",
        "clock": {"last_heartbeat": None, "holder": None},
    }


def test_healthz_reports_the_latest_clock_heartbeat(app: Flask, client: FlaskClient) -> None:
    beat = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    db.session.add(ClockHeartbeat(name="clock", holder="host-a:123", last_heartbeat=beat))
    db.session.commit()
    clock = client.get("/healthz").json["clock"]
    assert clock == {"last_heartbeat": "2026-11-23T09:30:00+00:00", "holder": "host-a:123"}


def test_healthz_says_503_when_the_database_is_gone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app("sqlite:///" + str(tmp_path / "missing" / "nope.sqlite"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["db"] == "error"
