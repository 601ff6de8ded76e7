"""Belgian postcodes and streets from the bundled open data, turned into coordinates."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STREET_FILES = ("streets_antwerp.csv", "streets_brussels.csv")


@dataclass(frozen=True)
class Locality:
    """A postcode and the point of its locality."""

    postcode: str
    name_nl: str
    name_fr: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Location:
    """Where someone lives, as precise as the bundled data allows."""

    postcode: str
    street: str
    lat: float
    lon: float
    precise: bool  # False: the street is unknown to our data, the postcode's point is used


class UnknownPlace(ValueError):
    """A postcode or street that is not in the bundled data; `field` names which."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def _fold(name: str) -> str:
    """A street name compared without case, accents, dashes or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("'", " ").split())


@cache
def localities() -> dict[str, Locality]:
    """Every Belgian postcode with the point of its first locality."""
    found: dict[str, Locality] = {}
    with open(DATA_DIR / "be_postcodes.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(
                row["postcode"],
                Locality(
                    row["postcode"],
                    row["locality_nl"],
                    row["locality_fr"],
                    float(row["lat"]),
                    float(row["lon"]),
                ),
            )
    return found


@cache
def _streets() -> dict[tuple[str, str], tuple[str, float, float]]:
    """(postcode, folded name) -> (display name, lat, lon) for Antwerp and Brussels."""
    found: dict[tuple[str, str], tuple[str, float, float]] = {}
    for filename in STREET_FILES:
        with open(DATA_DIR / filename, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                point = (float(row["lat"]), float(row["lon"]))
                for name in (row["street_nl"], row["street_fr"]):
                    if name:
                        found.setdefault((row["postcode"], _fold(name)), (name, *point))
    return found


def streets_in(postcode: str) -> list[tuple[str, float, float]]:
    """All bundled streets of one postcode, sorted by name."""
    return sorted(v for (code, _), v in _streets().items() if code == postcode)


def locate(postcode: str, street: str) -> Location:
    """Coordinates for a postcode and street; unknown streets fall back to the postcode's point."""
    postcode = postcode.strip()
    if not (len(postcode) == 4 and postcode.isdigit()):
        raise UnknownPlace("postcode", "must be 4 digits")
    locality = localities().get(postcode)
    if locality is None:
        raise UnknownPlace("postcode", f"{postcode} is not a Belgian postcode")
    if not street.strip():
        raise UnknownPlace("street", "must not be empty")
    known = _streets().get((postcode, _fold(street)))
    if known is not None:
        name, lat, lon = known
        return Location(postcode, name, lat, lon, precise=True)
    return Location(postcode, " ".join(street.split()), locality.lat, locality.lon, precise=False)
