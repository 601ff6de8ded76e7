"""A coordinator's actions after the plan, in a real browser, in Dutch and French.

Each click is followed by what must come of it: the SMS queued or taken
back, the series' dates cancelled, the download, the person gone.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import select

from tests.browser import live_server, log_in_page
from tests.factories import (
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_user,
    make_volunteer,
)
from web.db import db, utcnow
from web.models import Assignment, AvailabilityRule, HelpRequest, Resident, SmsMessage
from web.services.offers import send_offer
from web.services.recurrence import WEEKDAYS, materialise_series

TZ = ZoneInfo("Europe/Brussels")
WORDS = {
    "nl": {
        "give": "Aan deze vrijwilliger geven",
        "given": "Gegeven aan de andere vrijwilliger",
        "stop": "De reeks nu stoppen",
        "no_show": "Niet gekomen",
        "cancel": "Hulpvraag annuleren",
        "download": "Hun gegevens downloaden (JSON)",
        "erase": "Wissen…",
        "yes_erase": "Ja, Maria Maes wissen",
    },
    "fr": {
        "give": "Confier à ce bénévole",
        "given": "Confiée à l'autre bénévole",
        "stop": "Arrêter la série maintenant",
        "no_show": "N'est pas venu",
        "cancel": "Annuler la demande",
        "download": "Télécharger ses données (JSON)",
        "erase": "Effacer…",
        "yes_erase": "Oui, effacer Maria Maes",
    },
}


def _at(days: int, hour: int) -> datetime:
    day = (utcnow().astimezone(TZ) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour), TZ)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_after_the_plan_in_the_browser(  # type: ignore[no-untyped-def]
    app: Flask, browser, screenshots_dir: Path, language: str
) -> None:
    words = WORDS[language]
    org = make_organisation()
    make_user(org, email="lotte@example.org", password="correct horse", language=language)
    week = [AvailabilityRule(weekday=d, starts_at=time(8), ends_at=time(20)) for d in range(7)]
    jan = make_volunteer(org, first_name="Jan", availability=week)
    piet = make_volunteer(
        org,
        first_name="Piet",
        availability=[
            AvailabilityRule(weekday=d, starts_at=time(8), ends_at=time(20)) for d in range(7)
        ],
    )
    maria = make_resident(org, first_name="Maria", last_name="Maes")
    start = _at(2, 10)
    shopping = make_help_request(maria, window_start=start, window_end=start + timedelta(hours=3))
    offer = make_assignment(shopping, jan, status="confirmed")
    send_offer(offer, utcnow())
    db.session.commit()
    weekly = make_help_request(
        make_resident(org, first_name="Jef"),
        window_start=_at(1, 14),
        window_end=_at(1, 16),
        recurrence_rule=f"FREQ=WEEKLY;BYDAY={WEEKDAYS[_at(1, 14).weekday()]}",
    )
    materialise_series(utcnow(), 3, "Europe/Brussels")
    yesterday = make_help_request(
        make_resident(org, first_name="Rita"), window_start=_at(-1, 9), window_end=_at(-1, 12)
    )
    missed = make_assignment(yesterday, piet, status="accepted", starts_at=_at(-1, 9))

    with live_server(app) as base:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        log_in_page(page, base, "lotte@example.org")

        page.goto(f"{base}/c/requests/{shopping.id}")
        page.select_option(f"#give-{offer.id}", str(piet.id))
        page.get_by_role("button", name=words["give"]).click()
        assert words["given"] in page.inner_text(".flash")
        page.screenshot(path=str(screenshots_dir / f"after-{language}-given.png"), full_page=True)
        db.session.expire_all()
        assert db.session.get_one(Assignment, offer.id).status == "cancelled"
        new_offer = db.session.scalars(
            select(SmsMessage).where(SmsMessage.volunteer_id == piet.id, SmsMessage.kind == "offer")
        ).one()
        assert new_offer.status == "pending"

        page.goto(f"{base}/c/requests/{weekly.id}")
        page.get_by_role("button", name=words["stop"]).click()
        db.session.expire_all()
        series = db.session.scalars(
            select(HelpRequest.status).where(
                (HelpRequest.id == weekly.id) | (HelpRequest.series_id == weekly.id)
            )
        ).all()
        assert set(series) == {"cancelled"} and len(series) >= 3

        page.goto(f"{base}/c/requests/{yesterday.id}")
        page.get_by_role("button", name=words["no_show"]).click()
        db.session.expire_all()
        assert db.session.get_one(Assignment, missed.id).status == "no_show"
        assert db.session.get_one(HelpRequest, yesterday.id).status == "missed"

        page.goto(f"{base}/c/requests/{shopping.id}")
        page.get_by_role("button", name=words["cancel"]).click()
        db.session.expire_all()
        assert db.session.get_one(HelpRequest, shopping.id).status == "cancelled"
        withdrawn = db.session.get_one(SmsMessage, new_offer.id)
        assert withdrawn.status == "withdrawn", "Piet's offer had not gone out: taken back"

        page.goto(f"{base}/c/residents/{maria.id}")
        with page.expect_download() as download:
            page.get_by_role("link", name=words["download"]).click()
        exported = json.loads(Path(download.value.path()).read_text())
        assert exported["resident"]["first_name"] == "Maria"
        page.get_by_role("link", name=words["erase"]).click()
        page.screenshot(path=str(screenshots_dir / f"after-{language}-erase.png"), full_page=True)
        page.get_by_role("button", name=words["yes_erase"]).click()
        db.session.expire_all()
        assert db.session.get_one(Resident, maria.id).erased_at is not None
