"""The engine's reasons (English sentences, matching/explain.py) in the page's language.

The engine speaks English by contract (SCENARIO.md); pages translate the
sentence shapes they know and leave any other sentence as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from babel import Locale
from flask import Flask
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from web.labels import skill_label

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SPAN = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{2}) ([A-Z][a-z]{2}) (\d{2}:\d{2})–")
RULES = {
    "excluded": _l("excluded"),
    "forbidden by a pair override": _l("not allowed for this request"),
    "blocked by the volunteer": _l("not sent to this resident"),
    "not the preferred gender": _l("not the preferred gender"),
    "without a vehicle": _l("without a car"),
    "without a wheelchair vehicle": _l("without a wheelchair car"),
    "without a shared language": _l("without a shared language"),
    "too far away": _l("too far away"),
    "at capacity_minutes": _l("with no hours left"),
    "at max_tasks": _l("with no tasks left"),
}


def _span(text: str) -> str:
    """'Tue 24 Nov 14:00–16:00' with the day and month named in the page's language."""
    locale = Locale.parse(str(get_locale()))

    def local(match: re.Match[str]) -> str:
        day = locale.days["format"]["abbreviated"][DAYS.index(match[1])]
        month = locale.months["format"]["abbreviated"][MONTHS.index(match[3]) + 1]
        return f"{day} {int(match[2])} {month} {match[4]}–"

    return SPAN.sub(local, text)


def _part(text: str) -> str:
    """'3 too far away' or '2 not available Tue …' or '1 busy Tue …' in the page's language."""
    count, _sep, rest = text.partition(" ")
    if rest in RULES:
        return f"{count} {RULES[rest]}"
    if rest.startswith("not available "):
        return str(_("%(count)s not available %(when)s", count=count, when=_span(rest[14:])))
    if rest.startswith("busy "):
        return str(_("%(count)s busy %(when)s", count=count, when=_span(rest[5:])))
    return text


def _parts(text: str) -> str:
    return ", ".join(_part(p) for p in text.split(", "))


SHAPES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"^no volunteer has skill '(\w+)'$"),
        lambda m: _("no volunteer does %(skill)s", skill=skill_label(m[1]).lower()),
    ),
    (
        re.compile(
            r"^no volunteer with skill '(\w+)' within reach \(nearest is ([\d.]+) km away\)$"
        ),
        lambda m: _(
            "no volunteer for %(skill)s lives close enough (the nearest is %(km)s km away)",
            skill=skill_label(m[1]).lower(),
            km=m[2],
        ),
    ),
    (
        re.compile(r"^(\d+) volunteers with skill '(\w+)', none available (.+)$"),
        lambda m: ngettext(
            "%(num)s volunteer does %(skill)s, and is not free %(when)s",
            "%(num)s volunteers do %(skill)s, none is free %(when)s",
            int(m[1]),
            skill=skill_label(m[2]).lower(),
            when=_span(m[3]),
        ),
    ),
    (
        re.compile(r"^(\d+) volunteers with skill '(\w+)': (.+)$"),
        lambda m: ngettext(
            "%(num)s volunteer does %(skill)s: %(parts)s",
            "%(num)s volunteers do %(skill)s: %(parts)s",
            int(m[1]),
            skill=skill_label(m[2]).lower(),
            parts=_parts(m[3]),
        ),
    ),
    (
        re.compile(r"^(\d+) candidates, all busy (.+)$"),
        lambda m: ngettext(
            "%(num)s candidate, busy %(when)s",
            "%(num)s candidates, all busy %(when)s",
            int(m[1]),
            when=_span(m[2]),
        ),
    ),
    (
        re.compile(r"^needs (\d+) volunteers at the same time; (\d+) free \((.+)\)$"),
        lambda m: _(
            "needs %(need)s volunteers at the same time; %(free)s free (%(parts)s)",
            need=m[1],
            free=m[2],
            parts=_parts(m[3]),
        ),
    ),
    (
        re.compile(r"^(\d+) candidates: (.+)$"),
        lambda m: ngettext(
            "%(num)s candidate: %(parts)s",
            "%(num)s candidates: %(parts)s",
            int(m[1]),
            parts=_parts(m[2]),
        ),
    ),
    (
        re.compile(r"^the cheapest volunteer costs (\d+), more than leaving it \((\d+)\)$"),
        lambda m: _("every candidate lives too far for the priority of this request"),
    ),
    (
        re.compile(r"^serving it would displace other work; free candidates: .*$"),
        lambda m: _("possible, but only by moving other help; try pinning a volunteer"),
    ),
)


def translate_reason(reason: str) -> str:
    """One engine reason in the page's language (unknown sentences stay as they are)."""
    for pattern, render in SHAPES:
        match = pattern.match(reason)
        if match:
            return str(render(match))
    return reason


def init_app(app: Flask) -> None:
    """Offer `reason` as a template filter."""
    app.jinja_env.filters["reason"] = translate_reason
