"""No English left on a Dutch or French page: every page, with one of everything on it.

Every GET page of the app is rendered in nl and fr with a neighbourhood that
has a request in every status, tasks, texts, signals and audit events. The
visible text must hold no snake_case code (``filed_by``, ``km_by_car``), no
English sentence the catalog translates, and no English status word.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    log_in,
)
from tests.sweep import everything, ids, is_public, rules
from web.models.vocabulary import ASSIGNMENT_STATUSES, REQUEST_STATUSES, SMS_STATUSES

TRANSLATIONS = Path(__file__).resolve().parents[2] / "web" / "translations"
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# Pages that are not for coordinators' eyes in their language: data, and the API's own page.
NOT_PAGES = ("/api/", "/healthz", "/static/", "/sms/", ".csv", ".json", "/logout")


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def _english(language: str) -> list[str]:
    """English sentences the catalog translates differently: they must not show untranslated."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        text = message.id if isinstance(message.id, str) else ""
        if text and "%(" not in text and len(text.split()) >= 3 and message.string != text:
            found.append(text)
    return found


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_no_english_on_a_dutch_or_french_page(
    app: Flask, client: FlaskClient, language: str
) -> None:
    seeded = everything()
    log_in(client, seeded["organisation"], language=language)  # type: ignore[arg-type]
    sentences = _english(language)
    statuses = set(REQUEST_STATUSES + ASSIGNMENT_STATUSES + SMS_STATUSES) - {
        # Words that are Dutch or French too.
        "new",
        "open",
    }
    problems = []
    pages = 0
    for rule, method in rules(app):
        if method != "GET" or is_public(rule) and rule.arguments:
            continue
        url = app.url_map.bind("localhost").build(rule.endpoint, ids(rule, seeded))
        if any(part in url for part in NOT_PAGES):
            continue
        response = client.get(url, headers={"Accept-Language": language})
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages += 1
        text = _visible(response.get_data(as_text=True))
        problems += [f"{url}: code {code!r}" for code in set(SNAKE.findall(text))]
        problems += [f"{url}: {sentence!r}" for sentence in sentences if sentence in text]
        words = set(re.findall(r"\b[a-z_]+\b", text))
        problems += [f"{url}: status {word!r}" for word in statuses & words]
        assert 'autocomplete="None"' not in response.get_data(as_text=True), url
    assert pages >= 20
    assert problems == []
