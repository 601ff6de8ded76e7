"""A live server and a headless Chromium for browser tests."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip locally without Debian's chromium; in CI its absence is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium (see .ci/run)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


# The labels of the public help-request form, by language, as a browser test finds them.
HELP_FORM_WORDS = {
    "nl": {
        "first_name": "Voornaam van wie hulp nodig heeft",
        "last_name": "Achternaam",
        "phone": "Telefoonnummer (als die er een heeft)",
        "postcode": "Postcode",
        "street": "Straat",
        "skill": "Boodschappen doen",
        "day": "Welke dag?",
        "part": "In de voormiddag (9.00 tot 12.00 uur)",
        "duration": "1 uur",
        "consent": "Ik ga akkoord",
        "send": "Mijn vraag versturen",
    },
    "fr": {
        "first_name": "Prénom de la personne qui a besoin d'aide",
        "last_name": "Nom",
        "phone": "Numéro de téléphone (si elle en a un)",
        "postcode": "Code postal",
        "street": "Rue",
        "skill": "Faire les courses",
        "day": "Quel jour ?",
        "part": "Le matin (de 9 h à 12 h)",
        "duration": "1 heure",
        "consent": "J'accepte",
        "send": "Envoyer ma demande",
    },
}


def log_in_page(page: Any, base: str, email: str, password: str = "correct horse") -> None:
    """Log a browser page in as a coordinator; it lands on the start page."""
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.press("#password", "Enter")
    page.wait_for_url(base + "/c/")


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve the app on a free loopback port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
