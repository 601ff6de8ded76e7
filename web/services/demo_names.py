"""Names that reflect who lives in Antwerp's Seefhoek, per home language (demo data only)."""

from __future__ import annotations

# (language, share of people, female first names, male first names, family names)
NAME_POOLS: tuple[tuple[str, float, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "nl",
        0.38,
        ("Maria", "Godelieve", "An", "Els", "Lieve", "Nele", "Sofie", "Marleen", "Rita", "Jeanne"),
        ("Jan", "Jozef", "Luc", "Dirk", "Pieter", "Wim", "Koen", "Frans", "Marc", "Tom"),
        (
            "Peeters",
            "Janssens",
            "Maes",
            "Jacobs",
            "Mertens",
            "Willems",
            "Claes",
            "Goossens",
            "Wouters",
            "De Smet",
            "Van den Broeck",
            "Vermeulen",
        ),
    ),
    (
        "ar",
        0.17,
        ("Fatima", "Khadija", "Naima", "Samira", "Amina", "Latifa", "Zineb", "Houda"),
        ("Mohamed", "Ahmed", "Youssef", "Rachid", "Said", "Karim", "Hamza", "Mustafa"),
        ("El Amrani", "Bouzid", "Benali", "El Idrissi", "Aziz", "Chaoui", "Haddou", "Ouali"),
    ),
    (
        "tr",
        0.1,
        ("Ayşe", "Fatma", "Emine", "Zeynep", "Hatice", "Elif"),
        ("Mehmet", "Mustafa", "Ahmet", "Hasan", "Hüseyin", "Murat"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"),
    ),
    (
        "fr",
        0.1,
        ("Marie-Claire", "Françoise", "Monique", "Nathalie", "Chantal", "Brigitte"),
        ("Jean-Pierre", "Michel", "Philippe", "Alain", "Bernard", "Didier"),
        ("Dubois", "Lambert", "Dupont", "Martin", "Leroy", "Lefèvre"),
    ),
    (
        "pl",
        0.09,
        ("Agnieszka", "Katarzyna", "Małgorzata", "Anna", "Joanna"),
        ("Piotr", "Krzysztof", "Tomasz", "Paweł", "Marek"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński"),
    ),
    (
        "es",
        0.08,
        ("Carmen", "Lucía", "Isabel", "Rosa", "Pilar"),
        ("José", "Antonio", "Manuel", "Javier", "Carlos"),
        ("García", "Fernández", "López", "Martínez", "Sánchez"),
    ),
    (
        "en",
        0.08,
        ("Grace", "Sarah", "Emily", "Joy", "Blessing"),
        ("David", "James", "Samuel", "Michael", "Daniel"),
        ("Smith", "Okafor", "Mensah", "Brown", "Taylor"),
    ),
)
