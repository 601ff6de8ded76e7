"""Jinja filters for the coordinator's people pages: weekdays and phone numbers as shown.

Skills, statuses and languages have their words in web.labels.
"""

from __future__ import annotations

from flask import Flask

from web.forms_public import WEEKDAYS
from web.services.phones import display_phone


def weekday_name(number: int) -> str:
    """Monday for 0 ... Sunday for 6."""
    return str(WEEKDAYS[number])


def init_app(app: Flask) -> None:
    """Make the words available as Jinja filters."""
    app.add_template_filter(weekday_name, "weekday_name")
    app.add_template_filter(display_phone, "display_phone")
