"""Dutch texts. Volunteers are addressed with "je", residents with "u"."""

from __future__ import annotations

from notifications.messages.kinds import Kind

TEXTS: dict[Kind, str] = {
    "offer": "Hulpvraag {code}: {what} voor {name}, {street}, {when}. Kan je? "
    "Antwoord JA {code} of NEE {code}.",
    "confirmation": "Bedankt! Je helpt {name}, {street}, op {when}. "
    "Lukt het toch niet? Laat het ons tijdig weten.",
    "cancellation": "Geannuleerd: je hulp bij {name} op {when} is niet meer nodig. "
    "Bedankt om klaar te staan!",
    "cancellation_unnamed": "Geannuleerd: je hulp op {when} is niet meer nodig. "
    "Bedankt om klaar te staan!",
    "reminder": "Herinnering: op {when} help je {name}, {street}. "
    "Lukt het niet? Stuur ons snel een bericht.",
    "already_taken": "Bedankt voor je antwoord! Een andere vrijwilliger helpt {name} al "
    "({code}). Tot een volgende keer.",
    "help": "Buurtmatch: antwoord JA of NEE op een hulpvraag, met de code (bv. JA K7). "
    "STOP: geen sms meer. START: weer sms. Vragen? Bel je coördinator.",
    "opted_out": "Je krijgt geen sms meer van Buurtmatch. Stuur START om weer sms te krijgen.",
    "opted_in": "Welkom terug! Je krijgt weer hulpvragen per sms. Stuur STOP om te stoppen.",
    "passed_on": "Bedankt, we hebben je bericht doorgegeven aan de coördinator.",
    "offer_expired": "Hulpvraag {code} is niet meer open. Bedankt om te antwoorden!",
    "check_in": "Alles goed bij {name}? Antwoord OK, of vertel kort wat je opviel.",
    "resident_confirmation": "Goed nieuws: {name} komt u helpen op {when}. "
    "Vragen? Bel het dienstencentrum.",
    "resident_cancellation": "Uw afspraak op {when} gaat helaas niet door. "
    "We nemen contact met u op.",
}

SKILLS: dict[str, str] = {
    "shopping": "boodschappen doen",
    "transport": "een rit",
    "company": "een bezoekje",
    "odd_jobs": "een klusje",
    "admin": "hulp met papieren",
    "pets": "zorg voor een huisdier",
    "bins": "vuilnisbakken buitenzetten",
}
