"""A coordinator logs in with a real browser, in Dutch and in French."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.browser import live_server
from tests.factories import make_organisation, make_user


@pytest.fixture
def page(browser: Any) -> Any:
    """A fresh page in the shared headless Chromium."""
    return browser.new_page()


@pytest.mark.parametrize(
    ("language", "log_in", "welcome"),
    [("nl", "Aanmelden", "Welkom"), ("fr", "Se connecter", "Bienvenue")],
)
def test_coordinator_logs_in_and_out(
    app: Flask, page, screenshots_dir: Path, language: str, log_in: str, welcome: str
) -> None:
    organisation = make_organisation(name="LDC Seefhoek")
    make_user(organisation, email="lotte@example.org", password="correct horse", language=language)
    with live_server(app) as base:
        page.set_extra_http_headers({"Accept-Language": language})
        page.goto(base + "/")
        page.get_by_label("E-mail" if language == "nl" else "Adresse e-mail").fill(
            "lotte@example.org"
        )
        page.get_by_label("Wachtwoord" if language == "nl" else "Mot de passe").fill("nope")
        page.get_by_role("button", name=log_in).click()
        assert page.locator(".error").count() == 1
        page.screenshot(path=str(screenshots_dir / f"login-error-{language}.png"), full_page=True)
        page.get_by_label("Wachtwoord" if language == "nl" else "Mot de passe").fill(
            "correct horse"
        )
        page.get_by_role("button", name=log_in).click()
        page.wait_for_url(base + "/c/")
        assert welcome in page.content()
        assert "LDC Seefhoek" in page.locator("h1").inner_text()
        page.screenshot(path=str(screenshots_dir / f"home-{language}.png"), full_page=True)
