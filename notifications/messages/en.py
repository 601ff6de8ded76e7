"""English texts."""

from __future__ import annotations

from notifications.messages.kinds import Kind

TEXTS: dict[Kind, str] = {
    "offer": "Request {code}: {what} for {name}, {street}, {when}. Can you? "
    "Reply YES {code} or NO {code}.",
    "confirmation": "Thank you! You are helping {name}, {street}, on {when}. "
    "Cannot make it after all? Please tell us in time.",
    "cancellation": "Cancelled: your help for {name} on {when} is no longer needed. "
    "Thank you for being available!",
    "cancellation_unnamed": "Cancelled: your help on {when} is no longer needed. "
    "Thank you for being available!",
    "reminder": "Reminder: on {when} you are helping {name}, {street}. "
    "A problem? Send us a message soon.",
    "already_taken": "Thanks for replying! Another volunteer is already helping {name} "
    "({code}). Maybe next time.",
    "help": "Buurtmatch: reply YES or NO to a request, with its code (e.g. YES K7). "
    "STOP: no more SMS. START: SMS again. Questions? Call your coordinator.",
    "opted_out": "You will get no more SMS from Buurtmatch. Send START to get them again.",
    "opted_in": "Welcome back! You will get requests by SMS again. Send STOP to stop.",
    "passed_on": "Thanks, we passed your message on to the coordinator.",
    "offer_expired": "Request {code} is no longer open. Thank you for replying!",
    "check_in": "Is everything all right with {name}? Reply OK, or tell us briefly "
    "what you noticed.",
    "resident_confirmation": "Good news: {name} will come to help you on {when}. "
    "Questions? Call the service centre.",
    "resident_cancellation": "Your appointment on {when} is unfortunately cancelled. "
    "We will contact you again.",
}

SKILLS: dict[str, str] = {
    "shopping": "shopping",
    "transport": "a lift",
    "company": "a visit",
    "odd_jobs": "a small job",
    "admin": "help with paperwork",
    "pets": "pet care",
    "bins": "putting the bins out",
}
