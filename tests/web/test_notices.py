"""The clock's notices show in the coordinator's inbox and can be marked done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import log_in, make_help_request, make_organisation, make_resident
from web.db import db
from web.models import CoordinatorNotice
from web.services.daily_summary import write_daily_summaries
from web.services.notices import add_notice


def test_inbox_shows_the_summary_and_nobody_left(client: FlaskClient) -> None:
    organisation = make_organisation()
    other = make_organisation()
    now = datetime.now(UTC)
    request = make_help_request(
        make_resident(organisation),
        window_start=now - timedelta(hours=1),
        window_end=now + timedelta(hours=2),
    )
    add_notice(organisation.id, "nobody_left", "nobody_left:test", now, request_id=request.id)
    db.session.commit()
    write_daily_summaries(now, "Europe/Brussels")
    log_in(client, organisation, language="en")

    page = client.get("/c/inbox").get_data(as_text=True)
    assert "Nobody left" in page and "See the request" in page
    assert "Your day" in page and "Requests today: 1" in page
    assert "Nothing waiting" not in page

    notices = db.session.scalars(
        select(CoordinatorNotice).where(CoordinatorNotice.organisation_id == organisation.id)
    ).all()
    theirs = db.session.scalars(
        select(CoordinatorNotice.id).where(CoordinatorNotice.organisation_id == other.id)
    ).one()
    assert client.post("/c/notices/done", data={"id": theirs}).status_code == 404
    for notice in notices:
        assert client.post("/c/notices/done", data={"id": notice.id}).status_code == 303
    page = client.get("/c/inbox").get_data(as_text=True)
    assert "Nobody left" not in page and "Your day" not in page
    assert "Nothing waiting" in page
