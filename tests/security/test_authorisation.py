"""Every route, found through the URL map: anonymous users reach only the public ones, and a
user of one organisation can neither read nor change anything of another.

New routes are covered automatically; a route with a path argument this file does not know
fails `test_every_path_argument_is_known` until it is added to `_ids`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import inspect, select
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from tests.api.conftest import make_caller
from tests.factories import (
    log_in,
    make_organisation,
    request_data,
)
from tests.sweep import REFERENCES, SECRET, ids, is_public, rules, seed
from web.db import db
from web.models import (
    RateLimitCounter,
    UserSession,
)


def _snapshot() -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every table, by primary key (the caller's own token, session and rate-limit
    counts excepted)."""
    rows: dict[str, dict[Any, dict[str, Any]]] = {}
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        if model in (UserSession, RateLimitCounter):
            continue
        columns = [c.key for c in inspect(model).column_attrs if c.key != "last_used_at"]
        rows[model.__tablename__] = {
            inspect(row).identity: {c: getattr(row, c) for c in columns}
            for row in db.session.scalars(select(model))
        }
    return rows


def _assert_untouched(before: dict[str, Any], seeded: dict[str, Any], what: str) -> None:
    db.session.expire_all()
    after = _snapshot()
    theirs = {
        "organisation_id": {seeded["organisation_id"]},
        "resident_id": {seeded["resident_id"]},
        "volunteer_id": {seeded["volunteer_id"]},
        "request_id": {seeded["request_id"]},
        "assignment_id": {seeded["assignment_id"]},
    }
    for table, rows in before.items():
        for key, row in rows.items():
            assert after[table].get(key) == row, f"{what} changed {table} {key}"
        for key, row in after[table].items():
            if key not in rows:
                for column in REFERENCES:
                    assert row.get(column) not in theirs[column], f"{what} added {table} {key}"


def _body(seeded: dict[str, Any]) -> dict[str, Any]:
    """A form or JSON body that names every record of the other organisation."""
    return {**seeded, "status": "cancelled", "first_name": "Hacked", "window": {}}


def _intake_form() -> dict[str, Any]:
    return {
        "skill": "shopping",
        "day": (date.today() + timedelta(days=3)).isoformat(),
        "earliest": "09:00",
        "latest": "12:00",
        "duration_minutes": "60",
        "priority": "3",
        "volunteers_needed": "1",
        "description": "Hacked",
    }


# Routes that read record ids from their form, query or JSON body, with a body shaped as
# each expects: only the organisation check can refuse it (the owner's test proves the
# shape). (query, body) per endpoint.
ID_BODIES: dict[str, Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]] = {
    "intake.new": lambda s: ({"resident_id": s["resident_id"]}, _intake_form()),
    "messages.handled": lambda s: ({}, {"id": s["message_id"]}),
    "messages.send_again": lambda s: ({}, {"id": s["failed_message_id"]}),
    "messages.close": lambda s: ({}, {"id": s["signal_id"]}),
    "notices.done": lambda s: ({}, {"id": s["notice_id"]}),
    "review.approve": lambda s: (
        {},
        {"assignment_id": s["assignment_id"], "version": s["version"]},
    ),
    "review.pin": lambda s: ({}, {"assignment_id": s["assignment_id"], "version": s["version"]}),
    "review.exclude": lambda s: (
        {},
        {"assignment_id": s["assignment_id"], "version": s["version"]},
    ),
    "review.swap": lambda s: (
        {},
        {
            "assignment_id": s["assignment_id"],
            "version": s["version"],
            "volunteer_id": s["other_volunteer_id"],
        },
    ),
    "api.confirm": lambda s: ({}, {"version": s["version"]}),
    "api.reassign": lambda s: (
        {},
        {"version": s["version"], "volunteer_id": s["other_volunteer_id"]},
    ),
    "api.create_request": lambda s: ({}, request_data(s["resident_id"])),
}


def _send(
    app: Flask, client: FlaskClient, rule: Rule, method: str, seeded: dict[str, Any], caller: Any
) -> TestResponse:
    """One request to a route, naming the seeded records in its path, query and body."""
    query, body = ID_BODIES.get(rule.endpoint, lambda s: ({}, _body(s)))(seeded)
    url = app.url_map.bind("localhost").build(
        rule.endpoint, {**ids(rule, seeded), **query}, method=method
    )
    if rule.rule.startswith("/api/"):
        return client.open(url, method=method, json=body, headers=caller.headers)
    return client.open(url, method=method, data=body)


def test_every_path_argument_is_known(app: Flask) -> None:
    seeded_names = {
        "resident_id",
        "volunteer_id",
        "request_id",
        "assignment_id",
        "absence_id",
        "run_id",
        "message_id",
    }
    for rule, _ in rules(app):
        if not is_public(rule):
            assert set(rule.arguments) <= seeded_names, f"add the arguments of {rule.rule}"


def test_anonymous_users_reach_only_the_public_routes(app: Flask, client: FlaskClient) -> None:
    seeded = seed(make_organisation())
    before = _snapshot()
    checked = 0
    for rule, method in rules(app):
        if is_public(rule):
            continue
        url = app.url_map.bind("localhost").build(rule.endpoint, ids(rule, seeded), method=method)
        response = client.open(url, method=method, data=_body(seeded))
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, f"{method} {url}"
        else:
            assert response.status_code == 302, f"{method} {url}"
            assert "/login" in response.headers["Location"], f"{method} {url}"
        checked += 1
    assert checked >= 30
    _assert_untouched(before, seeded, "anonymous")


@pytest.mark.slow
def test_one_organisation_cannot_read_or_change_another_s_data(
    app: Flask, client: FlaskClient
) -> None:
    theirs = make_organisation()
    seeded = seed(theirs)
    mine = make_caller()
    log_in(client, mine.organisation)
    before = _snapshot()
    # Logging out ends the session the sweep runs in: it comes last.
    for rule, method in sorted(rules(app), key=lambda r: r[0].endpoint == "public.logout"):
        if rule.endpoint == "static":
            continue
        response = _send(app, client, rule, method, seeded, mine)
        what = f"{method} {rule.rule}"
        assert response.status_code < 500, what
        assert SECRET not in response.get_data(as_text=True), f"{what} shows their data"
        if rule.endpoint in ID_BODIES or (rule.arguments and not is_public(rule)):
            # Refused by the organisation check, not by a malformed body before it.
            assert response.status_code in (403, 404) or _names_the_reference(response), (
                f"{what}: {response.status_code} {response.get_data(as_text=True)[:300]}"
            )
    _assert_untouched(before, seeded, "another organisation")


def _names_the_reference(response: TestResponse) -> bool:
    """A 422 that refuses a foreign id by name (creating a request for their resident)."""
    errors = (response.json or {}).get("errors", {}) if response.is_json else {}
    return response.status_code == 422 and set(errors) <= set(REFERENCES)


def test_the_owner_s_bodies_are_well_formed(app: Flask, client: FlaskClient) -> None:
    """Proves the bodies above are real: in their own organisation no route refuses its body."""
    caller = make_caller()
    log_in(client, caller.organisation)
    by_endpoint = {rule.endpoint: (rule, method) for rule, method in rules(app) if method != "GET"}
    for endpoint in ID_BODIES:
        rule, method = by_endpoint[endpoint]
        seeded = seed(caller.organisation)
        response = _send(app, client, rule, method, seeded, caller)
        text = response.get_data(as_text=True)
        what = f"{method} {rule.rule}: {response.status_code} {text[:300]}"
        assert response.status_code < 400, what


def test_the_owner_can_open_every_page_with_theirids(app: Flask, client: FlaskClient) -> None:
    """Proves the ids above are real: their own organisation gets 200 for each GET."""
    caller = make_caller()
    seeded = seed(caller.organisation)
    log_in(client, caller.organisation)
    for rule, method in rules(app):
        if method != "GET" or not rule.arguments or rule.endpoint == "static":
            continue
        url = app.url_map.bind("localhost").build(rule.endpoint, ids(rule, seeded), method=method)
        response = client.get(url, headers=caller.headers)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
