"""The whole loop in a real browser, in Dutch and French.

A resident asks on the public form; the coordinator takes the request on,
runs a round and approves; the offer is sent through the real twilio client
to the local fake Twilio and shows in the SMS log; the volunteer answers JA
on the signed webhook; the start page shows the task arranged; after the
task the volunteer answers OK to the check-in and the request is done.
The test is the clock: it runs the clock's jobs itself, moving time with
time-machine.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduling import jobs
from tests.browser import HELP_FORM_WORDS, live_server, log_in_page
from tests.factories import make_organisation, make_user, make_volunteer
from tests.fakes.twilio_server import FakeTwilio
from tests.fakes.twilio_webhooks import inbound_sms_form
from tests.web.sms.test_webhooks import post_signed
from web.db import db, utcnow
from web.models import Assignment, AvailabilityRule, HelpRequest

WORDS = {
    "nl": {
        **HELP_FORM_WORDS["nl"],
        "ask": "Hulp vragen",
        "take_on": "Aanvaarden: zoek een vrijwilliger",
        "approve": "Goedkeuren",
        "approved": "1 goedgekeurd; het aanbod gaat per sms meteen.",
        "offer": "Hulpvraag",
        "arranged": "Afgesproken voor de komende dagen",
        "done": "klaar",
    },
    "fr": {
        **HELP_FORM_WORDS["fr"],
        "ask": "Demander de l",
        "take_on": "Accepter : trouver un bénévole",
        "approve": "Approuver",
        "approved": "1 approuvée ; l'offre part par SMS tout de suite.",
        "offer": "Demande",
        "arranged": "Prévu pour les prochains jours",
        "done": "terminé",
    },
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_public_form_to_completed_task(  # type: ignore[no-untyped-def]
    twilio_app: Flask,
    twilio_client: FlaskClient,
    fake_twilio: FakeTwilio,
    browser,
    screenshots_dir: Path,
    language: str,
) -> None:
    words = WORDS[language]
    with time_machine.travel(utcnow(), tick=True) as traveller:
        org = make_organisation(name="LDC Seefhoek")
        make_user(org, email="lotte@example.org", password="correct horse", language=language)
        day = (utcnow() + timedelta(days=2)).astimezone(_zone(twilio_app)).date()
        samira = make_volunteer(
            org,
            first_name="Samira",
            sms_language=language,
            skills=["shopping"],
            availability=[
                AvailabilityRule(weekday=day.weekday(), starts_at=time(8), ends_at=time(18))
            ],
        )

        def shot(name: str) -> None:
            path = screenshots_dir / f"loop-{language}-{name}.png"
            page.screenshot(path=str(path), full_page=True)

        with live_server(twilio_app) as base:
            resident = browser.new_page(extra_http_headers={"Accept-Language": language})
            resident.goto(base + "/")
            resident.get_by_role("link", name=words["ask"]).first.click()
            resident.get_by_label(words["first_name"]).fill("Godelieve")
            resident.get_by_label(words["last_name"], exact=True).fill("Maes")
            resident.get_by_label(words["phone"]).fill("03 234 56 78")
            resident.get_by_label(words["postcode"], exact=True).fill("2060")
            resident.get_by_label(words["street"], exact=True).fill("Stuivenbergplein")
            resident.get_by_label(words["skill"]).check()
            resident.get_by_label(words["day"]).select_option(day.isoformat())
            resident.get_by_label(words["part"]).check()
            resident.get_by_label(words["duration"], exact=True).check()
            resident.get_by_label(words["consent"]).check()
            resident.get_by_role("button", name=words["send"]).click()
            resident.wait_for_url(base + "/hulp/verstuurd")
            request_id = db.session.scalars(select(HelpRequest.id)).one()
            assert str(request_id) in resident.inner_text("main")

            page = browser.new_page(viewport={"width": 1100, "height": 900})
            log_in_page(page, base, "lotte@example.org")
            new = page.locator("[aria-labelledby=new] li", has_text="Godelieve Maes")
            new.get_by_role("link").first.click()  # the request; the name opens her page
            shot("1-triage")
            page.get_by_role("button", name=words["take_on"]).click()
            assert page.locator(".flash-success").count() == 1

            jobs.matching_rounds(twilio_app)  # the clock runs the queued round
            page.goto(base + "/c/review")
            assert "Samira" in page.inner_text("main")
            page.get_by_role("button", name=words["approve"], exact=True).first.click()
            assert words["approved"] in page.inner_text(".flash")
            shot("2-approved")

            jobs.sms_outbox(twilio_app)  # the offer leaves through the real twilio client
            [offer] = [r for r in fake_twilio.requests if r.form["To"] == samira.phone]
            assert offer.form["Body"].startswith(words["offer"])
            page.goto(base + "/c/sms")
            assert offer.form["Body"] in page.inner_text("main")
            shot("3-sms-log")

            code = _assignment(request_id).short_code
            reply = post_signed(
                twilio_client, "/sms/inbound", inbound_sms_form(samira.phone, f"JA {code}")
            )
            assert reply.status_code == 200
            page.goto(base + "/c/")
            arranged = page.locator("[aria-labelledby=arranged]").inner_text()
            assert (
                words["arranged"] in arranged and "Godelieve" in arranged and "Samira" in arranged
            )
            shot("4-arranged")

            task = _assignment(request_id)
            ends = task.starts_at + timedelta(minutes=task.request.duration_minutes)
            traveller.move_to(ends + timedelta(minutes=10))
            jobs.check_ins(twilio_app)
            jobs.sms_outbox(twilio_app)
            post_signed(twilio_client, "/sms/inbound", inbound_sms_form(samira.phone, "OK"))
            log_in_page(page, base, "lotte@example.org")  # two days on, her session ended
            page.goto(base + f"/c/requests/{request_id}")
            assert words["done"] in page.locator(".run-status").inner_text()
            shot("5-done")
    db.session.expire_all()
    done = _assignment(request_id)
    assert (done.status, done.presumed, done.request.status) == ("completed", False, "completed")


def _assignment(request_id: int) -> Assignment:
    db.session.expire_all()
    return db.session.scalars(select(Assignment).where(Assignment.request_id == request_id)).one()


def _zone(app: Flask) -> ZoneInfo:
    return ZoneInfo(app.config["TIMEZONE"])
