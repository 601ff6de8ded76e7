"""Login sessions live on the server: deactivating a coordinator, logging out or an
operator's word ends them at once, and a session left idle or grown old ends by itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import IsolatedClient
from tests.factories import log_in, make_organisation
from web.db import db
from web.models import User


def _to_login(client: FlaskClient) -> bool:
    response = client.get("/c/")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """A second browser with the first one's session cookie, as a thief would have it."""
    app.test_client_class = IsolatedClient
    thief = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_deactivated_coordinator_s_open_session_goes_to_the_login_page(
    app: Flask, client: FlaskClient
) -> None:
    user = log_in(client, make_organisation())
    assert client.get("/c/").status_code == 200
    db.session.get_one(User, user.id).active = False
    db.session.commit()
    assert _to_login(client)
    # Active again, the old session stays ended: they log in anew.
    db.session.get_one(User, user.id).active = True
    db.session.commit()
    assert _to_login(client)


def test_a_copied_cookie_stops_working_when_its_owner_logs_out(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, make_organisation())
    thief = _copy(app, client)
    assert thief.get("/c/").status_code == 200
    client.post("/logout")
    assert _to_login(thief)


def test_an_operator_ends_sessions_and_deactivates_coordinators(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner
) -> None:
    organisation = make_organisation()
    user = log_in(client, organisation)
    thief = _copy(app, client)
    app.test_client_class = IsolatedClient
    laptop, colleague = app.test_client(), app.test_client()
    laptop.post("/login", data={"email": user.email, "password": "correct horse"})
    lotte = log_in(colleague, organisation)
    result = runner.invoke(args=["end-sessions", user.email])
    assert result.exit_code == 0, result.output
    assert "2 sessions ended" in result.output
    assert _to_login(client) and _to_login(thief) and _to_login(laptop)
    assert colleague.get("/c/").status_code == 200
    assert runner.invoke(args=["deactivate-user", lotte.email]).exit_code == 0
    assert _to_login(colleague)
    login = {"email": lotte.email, "password": "correct horse"}
    assert colleague.post("/login", data=login).status_code == 400
    assert runner.invoke(args=["deactivate-user", lotte.email, "--activate"]).exit_code == 0
    assert colleague.post("/login", data=login).status_code == 302


def test_a_session_ends_when_idle_or_old(app: Flask, client: FlaskClient) -> None:
    app.config.update(SESSION_IDLE_MINUTES=60, SESSION_MAX_HOURS=8)
    start = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        log_in(client, make_organisation())
        for _ in range(8):  # busy all day: a page every 59 minutes
            clock.shift(timedelta(minutes=59))
            assert client.get("/c/").status_code == 200
        clock.shift(timedelta(minutes=59))  # never idle, but past the eighth hour
        assert _to_login(client)
        log_in(client, make_organisation())
        clock.shift(timedelta(minutes=61))
        assert _to_login(client)
