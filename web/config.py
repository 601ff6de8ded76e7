"""Every setting of the web app and the clock, with its environment variable and default."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import make_url


class ConfigError(ValueError):
    """A setting has a value that cannot be used."""


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Read a yes/no setting; refuse anything that is not clearly one or the other."""
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}: expected true or false, got {raw!r}")


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    """Read a whole-number setting."""
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None


def database_url(raw: str) -> str:
    """Normalise a database URL so PostgreSQL always uses the psycopg 3 driver."""
    url = make_url(raw)
    if url.drivername in {"postgres", "postgresql"}:
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def load_config(instance_path: str, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Build the configuration from the environment; nothing is read at import time."""
    default_db = "sqlite:///" + os.path.join(instance_path, "buurtmatch.sqlite")
    secret = environ.get("SECRET_KEY")
    return {
        "SECRET_KEY": secret or secrets.token_hex(32),
        "SECRET_KEY_IS_RANDOM": not secret,
        "SQLALCHEMY_DATABASE_URI": database_url(environ.get("DATABASE_URL") or default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SMS_BACKEND": environ.get("SMS_BACKEND", "outbox"),
        "TWILIO_ACCOUNT_SID": environ.get("TWILIO_ACCOUNT_SID"),
        "TWILIO_AUTH_TOKEN": environ.get("TWILIO_AUTH_TOKEN"),
        "TWILIO_FROM_NUMBER": environ.get("TWILIO_FROM_NUMBER"),
        "TWILIO_MESSAGING_SERVICE_SID": environ.get("TWILIO_MESSAGING_SERVICE_SID"),
        "TWILIO_API_BASE_URL": environ.get("TWILIO_API_BASE_URL"),
        "PUBLIC_BASE_URL": environ.get("PUBLIC_BASE_URL"),
        "TIMEZONE": environ.get("TIMEZONE", "Europe/Brussels"),
        "QUIET_HOURS": environ.get("QUIET_HOURS", "21:00-08:00"),
        "SESSION_COOKIE_SECURE": env_bool("SESSION_COOKIE_SECURE", False, environ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # Server-side sessions (web.services.sessions) end after this long idle, or this old.
        "SESSION_IDLE_MINUTES": env_int("SESSION_IDLE_MINUTES", 120, environ),
        "SESSION_MAX_HOURS": env_int("SESSION_MAX_HOURS", 12, environ),
        "MATCHING_WORKERS": env_int("MATCHING_WORKERS", 2, environ),
        "MAX_CONTENT_LENGTH": env_int("MAX_CONTENT_LENGTH", 1024 * 1024, environ),
        "BUURTMATCH_ENV": environ.get("BUURTMATCH_ENV", "development"),
        # The app's own database, shared by every worker (web.rate_limit_storage).
        "RATELIMIT_STORAGE_URI": environ.get("RATELIMIT_STORAGE_URI", "buurtmatch-db://"),
        "LOGIN_RATE_LIMIT": environ.get("LOGIN_RATE_LIMIT", "10/minute;100/day"),
        # Failed logins per account, from any address.
        "LOGIN_ACCOUNT_RATE_LIMIT": environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "5/minute;20/hour"),
        "PUBLIC_FORM_RATE_LIMIT": environ.get("PUBLIC_FORM_RATE_LIMIT", "10/minute;50/day"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "API_MAX_BODY_BYTES": env_int("API_MAX_BODY_BYTES", 64 * 1024, environ),
        # Behind N reverse proxies, trust N X-Forwarded-* hops (client address, https).
        "PROXY_COUNT": env_int("PROXY_COUNT", 0, environ),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": environ.get("TIMEZONE", "Europe/Brussels"),
        "LANGUAGES": ("nl", "fr", "en"),
        # The clock (scheduling/): leader lock, job intervals and what the jobs do.
        "CLOCK_LOCK_ID": env_int("CLOCK_LOCK_ID", 727_001, environ),
        "CLOCK_POLL_SECONDS": env_int("CLOCK_POLL_SECONDS", 3, environ),
        "CLOCK_HEARTBEAT_SECONDS": env_int("CLOCK_HEARTBEAT_SECONDS", 15, environ),
        "SMS_OUTBOX_SECONDS": env_int("SMS_OUTBOX_SECONDS", 5, environ),
        "MATCHING_ROUND_MINUTES": env_int("MATCHING_ROUND_MINUTES", 15, environ),
        "OFFER_TIMEOUT_MINUTES": env_int("OFFER_TIMEOUT_MINUTES", 180, environ),
        "TASK_GRACE_HOURS": env_int("TASK_GRACE_HOURS", 24, environ),
        "REMINDER_EVENING_HOUR": env_int("REMINDER_EVENING_HOUR", 18, environ),
        "RECURRENCE_WEEKS_AHEAD": env_int("RECURRENCE_WEEKS_AHEAD", 3, environ),
        "RETENTION_DAYS": env_int("RETENTION_DAYS", 730, environ),
        "DAILY_SUMMARY_HOUR": env_int("DAILY_SUMMARY_HOUR", 7, environ),
    }
