"""Shared fixtures: the app on a real database (SQLite by default, PostgreSQL in CI).

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run
every database test against PostgreSQL. The schema is built by the migrations,
never by create_all, so the tests also prove the migrations.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from web import create_app
from web.db import db

# Every test fails if anything reaches the real Twilio.
pytest_plugins = ["tests.fakes.twilio_fixtures", "tests.browser"]


@pytest.fixture(scope="session", autouse=True)
def shifted_clock() -> Iterator[None]:
    """Run the whole suite at BUURTMATCH_TEST_NOW (an aware ISO moment), the clock ticking on.

    CI runs the suite a year ahead and across both summer-time changes, so a
    test that leans on today's date or hour fails there.
    """
    moment = os.environ.get("BUURTMATCH_TEST_NOW")
    if not moment:
        yield
        return
    start = datetime.fromisoformat(moment)
    if start.tzinfo is None:
        raise pytest.UsageError("BUURTMATCH_TEST_NOW needs a UTC offset, e.g. 2027-12-04T10:00Z")
    with time_machine.travel(start, tick=True):
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database every test of this run uses."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return configured
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


def make_app(database_url: str, **overrides: object) -> Flask:
    """An app for tests: a fixed secret, CSRF off unless asked for, the given database."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _migrated(database_url: str) -> str:
    app = make_app(database_url)
    with app.app_context():
        _reset_schema()
        upgrade()
        _dispose()
    return database_url


def _dispose() -> None:
    """Close pooled connections: every test builds its own app and engine."""
    db.session.remove()
    for engine in db.engines.values():
        engine.dispose()


def _reset_schema() -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _empty_tables() -> None:
    db.session.rollback()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app(_migrated: str) -> Iterator[Flask]:
    """The app on a migrated, empty database; rows are removed after each test."""
    app = make_app(_migrated)
    with app.app_context():
        yield app
        _empty_tables()
        _dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    Without this, requests would share the test's app context and so its `g`
    and database session, hiding state that leaks between requests.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def migrations_round_trip(_migrated: str) -> Iterator[Flask]:
    """An app whose test may downgrade and upgrade; the schema is restored afterwards."""
    app = make_app(_migrated)
    with app.app_context():
        yield app
        db.session.remove()
        downgrade(revision="base")
        upgrade()
        _dispose()


@pytest.fixture
def screenshots_dir() -> Path:
    """Where browser tests save their screenshots (kept by CI as artifacts)."""
    path = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
