"""The kinds of text buurtmatch sends and the values each one needs."""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal[
    "offer",
    "confirmation",
    "cancellation",
    "cancellation_unnamed",
    "reminder",
    "already_taken",
    "help",
    "opted_out",
    "opted_in",
    "passed_on",
    "offer_expired",
    "check_in",
    "resident_confirmation",
    "resident_cancellation",
]
KINDS: tuple[Kind, ...] = get_args(Kind)

# Placeholders per kind: {name} is always a first name, {street} a street
# without house number, {when} a formatted local day and time.
FIELDS: dict[Kind, frozenset[str]] = {
    "offer": frozenset({"code", "what", "name", "street", "when"}),
    "confirmation": frozenset({"name", "street", "when"}),
    "cancellation": frozenset({"name", "when"}),
    "cancellation_unnamed": frozenset({"when"}),
    "reminder": frozenset({"name", "street", "when"}),
    "already_taken": frozenset({"name", "code"}),
    "help": frozenset(),
    "opted_out": frozenset(),
    "opted_in": frozenset(),
    "passed_on": frozenset(),
    "offer_expired": frozenset({"code"}),
    "check_in": frozenset({"name"}),
    "resident_confirmation": frozenset({"name", "when"}),
    "resident_cancellation": frozenset({"when"}),
}
