"""Every page through axe-core in a real browser, in Dutch and French: no serious or critical
violation. The pages carry one of everything (tests/sweep.py), so lists, forms, tables and
flash messages are all on show."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask

from tests.browser import live_server, log_in_page
from tests.factories import make_user
from tests.sweep import everything, ids, is_public, rules

SKIPPED = ("/api/", "/healthz", "/static/", "/sms/", ".csv", ".json", "/logout")
SERIOUS = {"serious", "critical"}


def _pages(app: Flask, seeded: dict[str, Any]) -> list[str]:
    """Every GET page, public or a coordinator's, with the seeded records in its path."""
    urls = []
    for rule, method in rules(app):
        if method != "GET" or (is_public(rule) and rule.arguments):
            continue
        url = app.url_map.bind("localhost").build(rule.endpoint, ids(rule, seeded))
        if not any(part in url for part in SKIPPED):
            urls.append(url)
    return urls


@pytest.mark.slow
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_page_passes_axe(app: Flask, browser: Any, language: str) -> None:
    seeded = everything()
    make_user(seeded["organisation"], email="axe@example.org", language=language)
    axe = Axe()
    found = []
    with live_server(app) as base:
        page = browser.new_page(extra_http_headers={"Accept-Language": language})
        pages = _pages(app, seeded)
        for url in ("/", "/hulp", "/vrijwilliger", "/login"):
            page.goto(base + url)
            found += _serious(axe, page, url)
        log_in_page(page, base, "axe@example.org")
        for url in pages:
            response = page.goto(base + url)
            if response is None or response.status != 200:
                continue
            found += _serious(axe, page, url)
    assert len(pages) >= 20
    assert found == []


def _serious(axe: Axe, page: Any, url: str) -> list[str]:
    results = axe.run(page)
    return [
        f"{url}: {v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
