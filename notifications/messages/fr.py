"""French texts, with "vous". Only GSM-7 letters: no ê, ç, ô, î, œ or capital À."""

from __future__ import annotations

from notifications.messages.kinds import Kind

TEXTS: dict[Kind, str] = {
    "offer": "Demande {code} : {what} pour {name}, {street}, le {when}. Possible ? "
    "Répondez OUI {code} ou NON {code}.",
    "confirmation": "Merci ! Vous aidez {name}, {street}, le {when}. "
    "Si ce n'est plus possible, prévenez-nous à temps.",
    "cancellation": "Annulé : votre aide pour {name} le {when} n'est plus nécessaire. "
    "Merci d'avoir été disponible !",
    "cancellation_unnamed": "Annulé : votre aide du {when} n'est plus nécessaire. "
    "Merci d'avoir été disponible !",
    "reminder": "Rappel : le {when}, vous aidez {name}, {street}. "
    "Un souci ? Envoyez-nous vite un message.",
    "already_taken": "Merci pour votre réponse ! Un autre bénévole aide déjà {name} "
    "({code}). A une prochaine fois.",
    "help": "Buurtmatch : répondez OUI ou NON à une demande, avec son code (ex. OUI K7). "
    "STOP : plus de SMS. START : SMS à nouveau. Questions ? Appelez votre coordinateur.",
    "opted_out": "Vous ne recevrez plus de SMS de Buurtmatch. "
    "Envoyez START pour les recevoir à nouveau.",
    "opted_in": "Bon retour ! Vous recevez à nouveau les demandes par SMS. "
    "Envoyez STOP pour ne plus en recevoir.",
    "passed_on": "Merci, nous avons transmis votre message au coordinateur.",
    "offer_expired": "La demande {code} n'est plus ouverte. Merci d'avoir répondu !",
    "check_in": "Tout va bien chez {name} ? Répondez OK, ou dites-nous en bref "
    "ce que vous avez remarqué.",
    "resident_confirmation": "Bonne nouvelle : {name} viendra vous aider le {when}. "
    "Des questions ? Appelez le centre de services.",
    "resident_cancellation": "Votre rendez-vous du {when} est malheureusement annulé. "
    "Nous vous recontacterons.",
}

SKILLS: dict[str, str] = {
    "shopping": "faire les courses",
    "transport": "un trajet",
    "company": "une visite",
    "odd_jobs": "un petit bricolage",
    "admin": "aide aux papiers",
    "pets": "garder un animal",
    "bins": "sortir les poubelles",
}
