"""Phone intake → matching → review → approve in a real browser, in Dutch and French.

The clock runs for real here (a background scheduler), as in `buurtmatch demo`.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import select

from scheduling import build_scheduler
from tests.browser import live_server, log_in_page
from tests.factories import make_organisation, make_resident, make_user, make_volunteer
from web.db import db
from web.models import Assignment, AvailabilityRule, SmsMessage

WORDS = {
    "nl": {
        "search": "Zoeken",
        "file": "Hulpvraag opslaan",
        "shopping": "Boodschappen",
        "run": "Nu matchen",
        "review": "Voorstellen nakijken",
        "approve": "Goedkeuren",
        "approved": "1 goedgekeurd; het aanbod gaat per sms",
    },
    "fr": {
        "search": "Rechercher",
        "file": "Enregistrer la demande",
        "shopping": "Courses",
        "run": "Lancer l'appariement",
        "review": "Examiner les propositions",
        "approve": "Approuver",
        "approved": "1 approuvée ; l'offre part par SMS",
    },
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_intake_to_approval(app: Flask, browser, screenshots_dir: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    words = WORDS[language]
    org = make_organisation(name="LDC Seefhoek")
    make_user(org, email="lotte@example.org", password="correct horse", language=language)
    make_resident(org, first_name="Godelieve", last_name="Maes")
    day = date.today() + timedelta(days=2)
    rule = AvailabilityRule(weekday=day.weekday(), starts_at=time(8), ends_at=time(18))
    make_volunteer(org, first_name="Samira", skills=["shopping"], availability=[rule])
    clock = build_scheduler(app, BackgroundScheduler())
    clock.start()

    def shot(name: str) -> None:
        page.screenshot(path=str(screenshots_dir / f"flow-{language}-{name}.png"), full_page=True)

    try:
        with live_server(app) as base:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            log_in_page(page, base, "lotte@example.org")

            page.goto(base + "/c/intake/")
            page.fill("#q", "Godel")
            page.get_by_role("button", name=words["search"]).click()
            page.get_by_role("link", name="Godelieve Maes").click()
            page.get_by_label(words["shopping"], exact=True).check()
            page.fill("#day", day.isoformat())
            page.fill("#earliest", "10:00")
            page.fill("#latest", "13:00")
            shot("1-intake")
            page.get_by_role("button", name=words["file"]).click()
            assert page.locator(".flash-success").count() == 1

            page.goto(base + "/c/matching")
            page.get_by_role("button", name=words["run"]).click()
            page.get_by_role("link", name=words["review"]).wait_for(timeout=20_000)
            shot("2-run-done")
            page.get_by_role("link", name=words["review"]).click()
            assert "Samira" in page.inner_text("main")
            shot("3-review")
            page.get_by_role("button", name=words["approve"], exact=True).first.click()
            assert words["approved"] in page.inner_text(".flash")
            shot("4-approved")
    finally:
        clock.shutdown(wait=False)
    db.session.expire_all()
    # Approving offers the task: the status says so, and the offer SMS waits in the outbox.
    [assignment] = db.session.scalars(select(Assignment)).all()
    assert (assignment.status, assignment.request.status) == ("offered", "offered")
    [offer] = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == "offer")).all()
    assert (offer.assignment_id, offer.to_number) == (assignment.id, assignment.volunteer.phone)
