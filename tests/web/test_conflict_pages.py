"""Two edits that meet in the database get a clear 409 page in the visitor's language, never a 500.

The race itself is injected (a service that has changed a row, then hits a
stale version or a unique key at commit), so the test can show that nothing
of the refused change is kept.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tests.factories import (
    log_in,
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db
from web.models import Assignment
from web.views import review as review_views

EXPECTED = {
    "nl": "Iemand anders wijzigde dit op hetzelfde moment",
    "fr": "Quelqu'un d'autre a modifié ceci au même moment",
    "en": "Someone else changed this at the same moment",
}


@pytest.mark.parametrize("failure", [StaleDataError, IntegrityError])
def test_a_race_at_commit_gets_a_409_page_and_saves_nothing(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, failure: type[Exception]
) -> None:
    home = make_organisation()
    proposal = make_assignment(
        make_help_request(make_resident(home)), make_volunteer(home), status="proposed"
    )
    log_in(client, home)

    def approve_then_collide(_org: int, assignment_id: int, **_: Any) -> None:
        db.session.get_one(Assignment, assignment_id).status = "confirmed"
        db.session.flush()
        if failure is IntegrityError:
            raise IntegrityError("UPDATE assignments", {}, Exception("duplicate key"))
        raise StaleDataError("UPDATE statement on table 'assignments' expected 1 row")

    monkeypatch.setattr(review_views, "approve_one", approve_then_collide)
    form = {"assignment_id": proposal.id, "version": proposal.version}
    for language, text in EXPECTED.items():
        client.post("/language", data={"language": language, "next": "/c/"})
        response = client.post("/c/review/approve", data=form)
        assert response.status_code == 409, language
        page = html.unescape(response.get_data(as_text=True))
        assert text in page and "<h1>409</h1>" in page, page
    client.post("/language", data={"language": "nl", "next": "/c/"})
    as_json = client.post("/c/review/approve", data=form, headers={"Accept": "application/json"})
    assert as_json.status_code == 409 and as_json.json is not None
    assert as_json.json["errors"]["_request"][0].startswith(EXPECTED["nl"])
    db.session.expire_all()
    assert db.session.get_one(Assignment, proposal.id).status == "proposed"
    assert client.get("/c/review").status_code == 200
