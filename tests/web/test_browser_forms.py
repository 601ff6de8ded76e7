"""The public forms on a phone, and a coordinator's week editor, in a real browser."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tests.browser import HELP_FORM_WORDS, live_server
from tests.factories import make_organisation, make_user, make_volunteer
from web.db import db
from web.models import AvailabilityRule, HelpRequest, Volunteer

PHONE = {"width": 390, "height": 844}
WORDS = {
    "nl": {**HELP_FORM_WORDS["nl"], "fill_in": "Vul dit in.", "thanks": "Bedankt!"},
    "fr": {**HELP_FORM_WORDS["fr"], "fill_in": "Veuillez remplir ce champ.", "thanks": "Merci !"},
}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_help_request_on_a_phone(app: Flask, browser, screenshots_dir: Path, language: str) -> None:
    make_organisation(name="LDC Seefhoek")
    words = WORDS[language]
    page = browser.new_page(viewport=PHONE, extra_http_headers={"Accept-Language": language})
    with live_server(app) as base:
        page.goto(base + "/")
        page.get_by_role("link", name=re.compile("Hulp vragen|Demander de l")).click()
        page.get_by_label(words["last_name"], exact=True).fill("Peeters")
        page.get_by_label(words["postcode"], exact=True).fill("2060")
        page.get_by_label(words["street"], exact=True).fill("Stuivenbergplein")
        page.get_by_label(words["skill"]).check()
        page.get_by_role("button", name=words["send"]).click()
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert words["fill_in"] in page.locator("#first_name-error").inner_text()
        assert page.get_by_label(words["last_name"], exact=True).input_value() == "Peeters"
        assert page.get_by_label(words["skill"]).is_checked()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(
            path=str(screenshots_dir / f"help-request-error-{language}.png"), full_page=True
        )

        page.get_by_label(words["first_name"]).fill("Maria")
        page.get_by_label(words["phone"]).fill("03 234 56 78")
        page.get_by_label(words["day"]).select_option(index=3)
        page.get_by_label(words["part"]).check()
        page.get_by_label(words["duration"], exact=True).check()
        page.get_by_label(re.compile(words["consent"])).check()
        page.get_by_role("button", name=words["send"]).click()
        page.wait_for_url(base + "/hulp/verstuurd")
        assert words["thanks"] in page.locator("h1").inner_text()
        # The thank-you page repeats what was asked, with a reference to quote on the phone.
        asked = page.locator("main").inner_text()
        request_id = db.session.scalars(select(HelpRequest.id)).one()
        assert str(request_id) in asked and "Maria" in asked and "03 234 56 78" in asked
        page.screenshot(
            path=str(screenshots_dir / f"help-request-sent-{language}.png"), full_page=True
        )
    request = db.session.scalars(select(HelpRequest)).one()
    assert (request.status, request.skill, request.resident.first_name) == (
        "new",
        "shopping",
        "Maria",
    )


def test_volunteer_signs_up_on_a_phone(app: Flask, browser, screenshots_dir: Path) -> None:
    make_organisation(name="LDC Seefhoek")
    page = browser.new_page(viewport=PHONE, extra_http_headers={"Accept-Language": "nl"})
    with live_server(app) as base:
        page.goto(base + "/vrijwilliger")
        page.get_by_label("Voornaam", exact=True).fill("Samira")
        page.get_by_label("Achternaam", exact=True).fill("El Amrani")
        page.get_by_label(re.compile("^Gsm-nummer")).fill("0470 12 34 56")
        page.get_by_label("Postcode", exact=True).fill("2060")
        page.get_by_label("Straat", exact=True).fill("Stuivenbergplein")
        page.get_by_label("Arabisch").check()
        page.get_by_label("Een bezoekje en wat gezelschap").check()
        page.get_by_label("Dinsdag: Voormiddag").check()
        page.get_by_label("Met de fiets").check()
        page.get_by_role("button", name="Schrijf me in").click()
        assert "Vink het vakje aan" in page.locator("#consent-error").inner_text()
        assert page.get_by_label("Dinsdag: Voormiddag").is_checked()
        page.get_by_label(re.compile("Ik ga akkoord")).check()
        page.screenshot(path=str(screenshots_dir / "volunteer-sign-up-nl.png"), full_page=True)
        page.get_by_role("button", name="Schrijf me in").click()
        page.wait_for_url(base + "/vrijwilliger/verstuurd")
        page.screenshot(path=str(screenshots_dir / "volunteer-signed-up-nl.png"), full_page=True)
    volunteer = db.session.scalars(select(Volunteer)).one()
    assert (volunteer.active, volunteer.travel_mode, volunteer.languages) == (False, "bike", ["ar"])
    assert [(a.weekday, a.starts_at) for a in volunteer.availability] == [(1, time(9))]


def test_coordinator_edits_a_volunteers_week(app: Flask, browser, screenshots_dir: Path) -> None:
    organisation = make_organisation(name="LDC Seefhoek")
    make_user(organisation, email="lotte@example.org", password="correct horse")
    volunteer = make_volunteer(organisation, first_name="Samira", last_name="El Amrani")
    page = browser.new_page(extra_http_headers={"Accept-Language": "nl"})
    with live_server(app) as base:
        page.goto(base + "/login")
        page.get_by_label("E-mail").fill("lotte@example.org")
        page.get_by_label("Wachtwoord").fill("correct horse")
        page.get_by_role("button", name="Aanmelden").click()
        page.get_by_role("link", name="Vrijwilligers").click()
        page.get_by_role("link", name="El Amrani, Samira").click()
        page.get_by_role("link", name="Week en afwezigheden").first.click()
        page.locator("#slots-0-weekday").select_option("3")
        page.locator("#slots-0-start").fill("14:00")
        page.locator("#slots-0-end").fill("13:00")
        page.get_by_role("button", name="Week bewaren").click()
        assert "na het begin" in page.locator("#slots-0-end-error").inner_text()
        page.locator("#slots-0-end").fill("17:30")
        page.get_by_role("button", name="Week bewaren").click()
        assert "Bewaard." in page.content()
        assert page.locator("#slots-0-start").input_value() == "14:00"
        page.screenshot(path=str(screenshots_dir / "volunteer-week-nl.png"), full_page=True)
    db.session.expire_all()
    rules = db.session.scalars(
        select(AvailabilityRule).where(AvailabilityRule.volunteer_id == volunteer.id)
    ).all()
    assert [(r.weekday, r.starts_at, r.ends_at) for r in rules] == [(3, time(14), time(17, 30))]
