"""Security headers, cookie flags, production-mode checks and rate limits.

Production mode is `BUURTMATCH_ENV=production`: the app then refuses to start
with a missing or weak SECRET_KEY, sends cookies only over HTTPS, and (like
every mode) refuses SMS_BACKEND=twilio without its credentials (web.sms).
`buurtmatch demo` runs outside production mode and needs no secrets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from web import rate_limits
from web.config import ConfigError

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
MIN_SECRET_LENGTH = 32
KNOWN_SECRETS = frozenset(
    {"dev", "development", "secret", "changeme", "change-me", "test-secret", "buurtmatch"}
)


def production_problems(config: Mapping[str, Any]) -> list[str]:
    """Why this configuration must not run in production (empty when it may)."""
    if config.get("BUURTMATCH_ENV") != "production":
        return []
    problems = []
    secret = str(config.get("SECRET_KEY") or "")
    if config.get("SECRET_KEY_IS_RANDOM") or not secret:
        problems.append("SECRET_KEY must be set in production")
    elif secret.lower() in KNOWN_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        problems.append(
            f"SECRET_KEY must be a random value of at least {MIN_SECRET_LENGTH} characters"
        )
    if config.get("SMS_BACKEND") == "twilio" and not config.get("TWILIO_AUTH_TOKEN"):
        problems.append("SMS_BACKEND=twilio needs TWILIO_AUTH_TOKEN")
    return problems


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Check production settings, harden cookies, add headers and rate limits."""
    problems = production_problems(app.config)
    if problems:
        raise ConfigError("; ".join(problems))
    if app.config["BUURTMATCH_ENV"] == "production":
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    count = app.config["PROXY_COUNT"]
    if count > 0:
        proxied = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    app.after_request(_add_headers)
    rate_limits.init_app(app)
