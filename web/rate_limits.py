"""Rate limits for login and the public forms, shared by every worker through RATELIMIT_STORAGE_URI.

Use `limiter.limit(login_limit, methods=["POST"])` or
`limiter.limit(public_form_limit, methods=["POST"])` on a view; the login
also counts failed attempts per account (`login_account_limit`), from
whatever address they come, so a botnet cannot try one account's
passwords from many addresses. The counts live in the app's own database
by default (`buurtmatch-db://`, web.rate_limit_storage), so every gunicorn
worker and machine shares them; `redis://host:6379/0` works too, while
`memory://` counts per process and suits one process only.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

# Registers the buurtmatch-db:// scheme with the limits library.
from web import rate_limit_storage  # noqa: F401

limiter = Limiter(get_remote_address)


def login_limit() -> str:
    """How many login attempts one address may make (LOGIN_RATE_LIMIT)."""
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def login_account_limit() -> str:
    """How many failed logins one account may have, from any address (LOGIN_ACCOUNT_RATE_LIMIT)."""
    return str(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])


def login_account() -> str:
    """The account a login attempt names: the e-mail address typed, case and spaces ignored.

    Unknown addresses are counted alike, so the limit does not tell which exist.
    """
    return "login-account:" + request.form.get("email", "").strip().lower()[:254]


def login_failed(response: Response) -> bool:
    """Whether a login attempt failed (a success redirects)."""
    return response.status_code != 302


def public_form_limit() -> str:
    """How many public-form submissions one address may make (PUBLIC_FORM_RATE_LIMIT)."""
    return str(current_app.config["PUBLIC_FORM_RATE_LIMIT"])


def init_app(app: Flask) -> None:
    """Bind the limiter to the app with the configured storage."""
    limiter.init_app(app)
