"""The public forms: a resident (or someone for them) asks for help; a neighbour offers help.

No account needed; both are rate limited per sender (PUBLIC_FORM_RATE_LIMIT)
and carry a honeypot field that people never see and bots fill in.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from web.db import db
from web.form_errors import attach_errors
from web.forms_public import (
    PART_SHORT,
    PART_WORDS,
    SKILL_WORDS,
    WEEKDAYS,
    HelpRequestForm,
    VolunteerSignUpForm,
    day_choices,
    form_input,
    language_choices,
    options,
)
from web.rate_limits import limiter, public_form_limit
from web.services.errors import InvalidInput
from web.services.parts_of_day import PARTS_OF_DAY, weekly_slots
from web.services.phones import display_phone
from web.services.public_intake import sign_up_volunteer, submit_help_request
from web.services.service_areas import all_organisations

bp = Blueprint("public_forms", __name__)


def _too_many() -> str:
    return str(_("Too many attempts. Please wait a few minutes and try again."))


# Counted per sender address and per form, in the limiter's shared storage.
throttled = limiter.limit(public_form_limit, methods=["POST"], error_message=_too_many)


def _offer_organisations(form: FlaskForm) -> None:
    """Let the sender choose only when there is a choice to make."""
    organisations = all_organisations()
    if len(organisations) < 2:
        del form.organisation_id
        return
    form.organisation_id.choices = options(
        [("", _("I don't know: please choose for me"))]
        + [
            (str(o.id), f"{o.name} ({o.neighbourhood})" if o.neighbourhood else o.name)
            for o in organisations
        ]
    )
    if form.organisation_id.data is None:
        form.organisation_id.data = ""


def _submitted(form: FlaskForm) -> bool:
    """A POST that passed CSRF (the honeypot is checked by the caller)."""
    if request.method != "POST":
        return False
    if form.validate():
        return True
    if "csrf_token" in form.errors:
        form.csrf_token.errors = []
        form.form_errors.append(_("This page was open too long. Please send the form again."))
    return False


@bp.route("/hulp", methods=["GET", "POST"])
@throttled
def help_request() -> str | Response | tuple[str, int]:
    """Ask for help, for yourself or for someone else."""
    form = HelpRequestForm()
    today = datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
    form.day.choices = day_choices(today)
    form.languages.choices = language_choices()
    _offer_organisations(form)
    if _submitted(form):
        if form.website.data:
            return redirect(url_for(".help_request_sent"))
        try:
            filed = submit_help_request(form_input(form), timezone=current_app.config["TIMEZONE"])
            # Only this browser may read back what it sent: the summary rides in its session.
            session["filed_request"] = {
                "reference": filed.id,
                "skill": filed.skill,
                "name": filed.resident.first_name,
                "day": form.day.data,
                "part_of_day": form.part_of_day.data,
                "phone": display_phone(filed.resident.phone)
                if filed.resident.phone
                else form.contact.data,
            }
            return redirect(url_for(".help_request_sent"))
        except InvalidInput as error:
            db.session.rollback()
            attach_errors(form, error.errors)
    page = render_template("public/help_request.html", form=form)
    return (page, 400) if request.method == "POST" else page


@bp.get("/hulp/verstuurd")
def help_request_sent() -> str:
    """Thank the sender, repeat what was asked with a reference, say what happens next."""
    filed = session.get("filed_request")
    if filed:
        day = format_date(date.fromisoformat(filed["day"]), "EEEE d MMMM")
        filed = {
            **filed,
            "what": SKILL_WORDS.get(filed["skill"], filed["skill"]),
            "when": f"{day}, {PART_WORDS.get(filed['part_of_day'], '')}",
        }
    return render_template("public/sent.html", kind="help", filed=filed)


@bp.route("/vrijwilliger", methods=["GET", "POST"])
@throttled
def volunteer_sign_up() -> str | Response | tuple[str, int]:
    """Offer help as a neighbour."""
    form = VolunteerSignUpForm()
    form.languages.choices = language_choices()
    form.availability.choices = options(
        (f"{weekday}-{part}", f"{day}: {label}")
        for weekday, day in enumerate(WEEKDAYS)
        for part, label in PART_SHORT.items()
    )
    _offer_organisations(form)
    if _submitted(form):
        if form.website.data:
            return redirect(url_for(".volunteer_signed_up"))
        data = form_input(form, skip=("availability",))
        data["availability"] = weekly_slots(form.availability.data or [])
        data["sms_language"] = str(get_locale())
        try:
            sign_up_volunteer(data)
            return redirect(url_for(".volunteer_signed_up"))
        except InvalidInput as error:
            db.session.rollback()
            attach_errors(form, error.errors)
    page = render_template(
        "public/volunteer_sign_up.html",
        form=form,
        weekdays=WEEKDAYS,
        parts=PART_SHORT,
        hours={p: f"{s:%H:%M}–{e:%H:%M}" for p, (s, e) in PARTS_OF_DAY.items()},
    )
    return (page, 400) if request.method == "POST" else page


@bp.get("/vrijwilliger/verstuurd")
def volunteer_signed_up() -> str:
    """Thank the new volunteer and say what happens next."""
    return render_template("public/sent.html", kind="volunteer")
