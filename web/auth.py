"""Login sessions and CSRF protection for every form.

The signed session cookie names the user and carries the secret of a
server-side session (web.services.sessions); without a live one the
cookie logs nobody in, however valid its signature.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, session
from flask_login import LoginManager, login_required, login_user, logout_user
from flask_wtf import CSRFProtect

from web.db import utcnow
from web.models import User
from web.services.sessions import end_session, limits_from_config, session_user, start_session

login_manager = LoginManager()
csrf = CSRFProtect()
SESSION_SECRET = "_session_secret"


@login_manager.user_loader  # type: ignore[untyped-decorator]
def load_user(user_id: str) -> User | None:
    """The user of this browser's live server-side session, if it is the one named."""
    user = session_user(
        session.get(SESSION_SECRET, ""), utcnow(), limits_from_config(current_app.config)
    )
    if user is None or str(user.id) != user_id:
        return None
    return user


def log_in(user: User) -> None:
    """Start a server-side session for an active user and remember it in the cookie."""
    session[SESSION_SECRET] = start_session(user, utcnow())
    login_user(user)


def log_out() -> None:
    """End this browser's session on the server too, so a copied cookie dies with it."""
    secret = session.pop(SESSION_SECRET, None)
    if secret:
        end_session(secret)
    logout_user()


def _nothing_more() -> None:
    """The request goes on to its view."""


def coordinators_only(blueprint: Blueprint) -> None:
    """Every page of `blueprint` needs a logged-in coordinator (others go to the login page)."""
    blueprint.before_request(login_required(_nothing_more))


def init_app(app: Flask) -> None:
    """Install the login manager and CSRF protection."""
    login_manager.init_app(app)
    login_manager.login_view = "public.login"
    csrf.init_app(app)
