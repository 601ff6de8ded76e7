"""Login sessions and CSRF protection for every form."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_login import LoginManager, login_required
from flask_wtf import CSRFProtect
from werkzeug.security import check_password_hash, generate_password_hash

from web.db import db
from web.models import User

login_manager = LoginManager()
csrf = CSRFProtect()


@login_manager.user_loader  # type: ignore[untyped-decorator]
def load_user(user_id: str) -> User | None:
    """Load the logged-in user from the session."""
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def _nothing_more() -> None:
    """The request goes on to its view."""


def coordinators_only(blueprint: Blueprint) -> None:
    """Every page of `blueprint` needs a logged-in coordinator (others go to the login page)."""
    blueprint.before_request(login_required(_nothing_more))


def hash_password(password: str) -> str:
    """A salted, slow hash of a password."""
    return generate_password_hash(password)


def password_matches(user: User, password: str) -> bool:
    """Whether a password is the user's."""
    return check_password_hash(user.password_hash, password)


def init_app(app: Flask) -> None:
    """Install the login manager and CSRF protection."""
    login_manager.init_app(app)
    login_manager.login_view = "public.login"
    csrf.init_app(app)
