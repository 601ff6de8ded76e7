"""A volunteer's weekly availability, replaced as a whole by a coordinator."""

from __future__ import annotations

from typing import Any

from web.models import Volunteer
from web.schemas import load_or_refuse
from web.schemas.people import VolunteerInput
from web.services.errors import InvalidInput
from web.services.people_updates import update_volunteer


def _refuse_overlaps(slots: list[dict[str, Any]]) -> None:
    """Two slots on one weekday may touch but not overlap (nor start together)."""
    ordered = sorted(enumerate(slots), key=lambda p: (p[1]["weekday"], p[1]["start"]))
    for (_, earlier), (index, later) in zip(ordered, ordered[1:], strict=False):
        if earlier["weekday"] == later["weekday"] and later["start"] < earlier["end"]:
            raise InvalidInput(
                {f"availability.{index}.start": ["overlaps another time on the same day"]}
            )


def replace_availability(
    organisation_id: int,
    volunteer_id: int,
    slots: list[dict[str, Any]],
    *,
    version: int,
    user_id: int | None = None,
) -> Volunteer:
    """Set the volunteer's week to these slots; refuse bad or overlapping ones, writing nothing.

    Raises NotFound for other organisations' volunteers and StaleVersion when
    the volunteer changed since `version` was read.
    """
    parsed = load_or_refuse(VolunteerInput(partial=True), {"availability": slots})
    _refuse_overlaps(parsed["availability"])
    return update_volunteer(
        organisation_id, volunteer_id, {"availability": slots}, version=version, user_id=user_id
    )
