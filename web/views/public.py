"""Pages anyone can reach: the landing page, login, logout and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from web.auth import log_in, log_out
from web.forms import LoginForm
from web.rate_limits import (
    limiter,
    login_account,
    login_account_limit,
    login_failed,
    login_limit,
)
from web.services.users import authenticate

bp = Blueprint("public", __name__)


@bp.get("/")
def landing() -> str | Response:
    """What buurtmatch is, and the way in for coordinators."""
    if current_user.is_authenticated:
        return redirect(url_for("coordinator.home"))
    return render_template("public/landing.html", form=LoginForm())


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(
    login_account_limit, key_func=login_account, methods=["POST"], deduct_when=login_failed
)
def login() -> str | Response:
    """Log a coordinator in; a wrong e-mail or password gets one neutral message."""
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            log_in(user)
            return redirect(url_for("coordinator.home"))
        form.password.errors = [_("E-mail address or password is not correct.")]
    status = 400 if request.method == "POST" else 200
    return render_template("public/login.html", form=form), status  # type: ignore[return-value]


@bp.post("/logout")
@login_required  # type: ignore[untyped-decorator]
def logout() -> Response:
    """End the session."""
    log_out()
    return redirect(url_for("public.landing"))


@bp.post("/language")
def choose_language() -> Response:
    """Remember the visitor's language choice for this session."""
    language = request.form.get("language", "")
    if language not in current_app.config["LANGUAGES"]:
        abort(400)
    session["language"] = language
    target = request.form.get("next", "")
    # Only local paths: an open redirect would let a link send people elsewhere.
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.landing")
    return redirect(target)
