"""Languages and time zones: Dutch by default, French and English on request."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request, session
from flask_babel import Babel, get_locale
from flask_login import current_user

from web.db import utcnow

babel = Babel()


def N_(text: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Mark an English text for the catalogs and keep it as it is; pages translate it where
    they show it (the API's OpenAPI document stays English, its readable page does not)."""
    return text


def select_locale() -> str:
    """The language of the page: explicit choice, then the user's, then the browser's."""
    languages: tuple[str, ...] = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return str(chosen)
    if current_user.is_authenticated and current_user.language in languages:
        return str(current_user.language)
    best = request.accept_languages.best_match(languages)
    return best or str(current_app.config["BABEL_DEFAULT_LOCALE"])


def local_time(value: datetime) -> datetime:
    """An aware UTC datetime shown in the configured time zone."""
    return value.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))


def day_asked() -> date:
    """The day a page was asked for in ?start=YYYY-MM-DD; today (local) when absent or bad."""
    try:
        return date.fromisoformat(request.args.get("start", ""))
    except ValueError:
        return local_time(utcnow()).date()


def hour_minute(value: datetime) -> str:
    """Local clock time "14:30": the same in every language, and cheap on long lists."""
    return local_time(value).strftime("%H:%M")


def init_app(app: Flask) -> None:
    """Install Flask-Babel with our locale selector."""
    translations = app.root_path + "/translations"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translations)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["hour_minute"] = hour_minute
    app.jinja_env.globals["get_locale"] = get_locale
