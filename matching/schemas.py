"""marshmallow schemas of the scenario format (SCENARIO.md), one per JSON object.

The only module besides scenario.py that imports marshmallow.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validates_schema
from marshmallow.validate import Equal, OneOf, Range

from matching import problem as p


def _strings() -> fields.List[Any]:
    return fields.List(fields.String(), load_default=list)


class LocationSchema(Schema):
    """A point: `{lat, lon}`."""

    lat = fields.Float(required=True, validate=Range(-90, 90))
    lon = fields.Float(required=True, validate=Range(-180, 180))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.Location:
        """Build the Location dataclass."""
        return p.Location(**data)


class SlotSchema(Schema):
    """A time slot or window: `{start, end}` with UTC offsets."""

    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)

    @validates_schema
    def end_after_start(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Reject a slot that ends before it starts."""
        if "start" in data and "end" in data and data["end"] < data["start"]:
            raise ValidationError("end is before start")

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.TimeSlot:
        """Build the TimeSlot dataclass."""
        return p.TimeSlot(**data)


class VehicleSchema(Schema):
    """`{seats, wheelchair}`."""

    seats = fields.Integer(strict=True, validate=Range(min=1), load_default=4)
    wheelchair = fields.Boolean(load_default=False)

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.Vehicle:
        """Build the Vehicle dataclass."""
        return p.Vehicle(**data)


class VolunteerSchema(Schema):
    """A volunteer row of SCENARIO.md."""

    id = fields.String(required=True)
    location = fields.Nested(LocationSchema, load_default=None)
    mode = fields.String(validate=OneOf(p.MODES), load_default="walk")
    skills = _strings()
    languages = _strings()
    gender = fields.String(validate=OneOf(("f", "m", "x")), load_default=None)
    availability = fields.List(fields.Nested(SlotSchema), load_default=list)
    capacity_minutes = fields.Integer(strict=True, validate=Range(min=0), load_default=None)
    max_tasks = fields.Integer(strict=True, validate=Range(min=0), load_default=None)
    max_distance_km = fields.Float(validate=Range(min=0), load_default=None)
    vehicle = fields.Nested(VehicleSchema, load_default=None)
    blocked_residents = _strings()

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.Volunteer:
        """Build the Volunteer dataclass."""
        for name in ("skills", "languages", "blocked_residents"):
            data[name] = frozenset(data[name])
        data["availability"] = tuple(data["availability"])
        return p.Volunteer(**data)


class RequestSchema(Schema):
    """A request row of SCENARIO.md."""

    id = fields.String(required=True)
    resident = fields.String(load_default=None)
    location = fields.Nested(LocationSchema, load_default=None)
    skill = fields.String(required=True)
    duration_minutes = fields.Integer(strict=True, required=True, validate=Range(min=0))
    window = fields.Nested(SlotSchema, required=True)
    priority = fields.Integer(strict=True, validate=Range(1, 5), load_default=3)
    volunteers_needed = fields.Integer(strict=True, validate=Range(min=1), load_default=1)
    languages = _strings()
    language_strict = fields.Boolean(load_default=False)
    gender_preference = fields.String(validate=OneOf(("f", "m")), load_default=None)
    needs_vehicle = fields.Boolean(load_default=False)
    wheelchair = fields.Boolean(load_default=False)
    previous_volunteers = _strings()
    pinned_volunteers = _strings()
    excluded_volunteers = _strings()

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.HelpRequest:
        """Build the HelpRequest dataclass."""
        # Without a resident id, each request stands for its own resident.
        data["resident"] = data["resident"] or data["id"]
        for name in ("languages", "previous_volunteers", "excluded_volunteers"):
            data[name] = frozenset(data[name])
        data["pinned_volunteers"] = tuple(data["pinned_volunteers"])
        return p.HelpRequest(**data)


class PairSchema(Schema):
    """A pair override."""

    request = fields.String(required=True)
    volunteer = fields.String(required=True)
    allowed = fields.Boolean(load_default=None)
    busy_minutes = fields.Integer(strict=True, validate=Range(min=0), load_default=None)
    cost = fields.Float(load_default=None)

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.PairOverride:
        """Build the PairOverride dataclass."""
        return p.PairOverride(**data)


class CurrentSchema(Schema):
    """A pair of the plan in force."""

    request = fields.String(required=True)
    volunteer = fields.String(required=True)

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.CurrentAssignment:
        """Build the CurrentAssignment dataclass."""
        return p.CurrentAssignment(**data)


class SpeedSchema(Schema):
    """Travel speeds per mode in km/h."""

    walk = fields.Float(validate=Range(min=0, min_inclusive=False), load_default=4.5)
    bike = fields.Float(validate=Range(min=0, min_inclusive=False), load_default=14.0)
    car = fields.Float(validate=Range(min=0, min_inclusive=False), load_default=25.0)
    transit = fields.Float(validate=Range(min=0, min_inclusive=False), load_default=12.0)


class TravelSchema(Schema):
    """Detour factor and speeds."""

    detour_factor = fields.Float(validate=Range(min=1.0), load_default=1.3)
    speed_kmh = fields.Nested(SpeedSchema, load_default=dict)

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.Travel:
        """Build the Travel dataclass."""
        speeds = SpeedSchema().load({}) | data["speed_kmh"]
        return p.Travel(data["detour_factor"], *(speeds[m] for m in p.MODES))


class WeightsSchema(Schema):
    """Objective weights."""

    unfilled = fields.Float(validate=Range(min=0), load_default=1000.0)
    per_km = fields.Float(validate=Range(min=0), load_default=10.0)
    continuity = fields.Float(validate=Range(min=0), load_default=50.0)
    language = fields.Float(validate=Range(min=0), load_default=30.0)
    change = fields.Float(validate=Range(min=0), load_default=200.0)
    fairness = fields.Float(validate=Range(min=0), load_default=1.0)

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> p.Weights:
        """Build the Weights dataclass."""
        return p.Weights(**data)


class ScenarioSchema(Schema):
    """The whole scenario document, version 1."""

    version = fields.Integer(strict=True, required=True, validate=Equal(1))
    travel = fields.Nested(TravelSchema, load_default=p.Travel)
    weights = fields.Nested(WeightsSchema, load_default=p.Weights)
    volunteers = fields.List(fields.Nested(VolunteerSchema), required=True)
    requests = fields.List(fields.Nested(RequestSchema), required=True)
    pairs = fields.List(fields.Nested(PairSchema), load_default=list)
    current_assignments = fields.List(fields.Nested(CurrentSchema), load_default=list)
