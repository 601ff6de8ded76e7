"""A neighbourhood that runs on the real app: residents ask, a coordinator decides,
volunteers answer by SMS, and the clock's jobs do the rest.

Everything goes through the app's own doors: the public form and the
coordinator's pages through a test client, answers as signed Twilio webhooks,
SMS out through the real twilio client to the local fake Twilio, time moved by
time-machine. A round can be made to meet changes "while it runs": the
engine's solve is wrapped so that pending changes commit, from another
session, before the plan comes back.
"""

from __future__ import annotations

import heapq
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

import matching
from scheduling import jobs
from tests.clock import run_frequent_jobs
from tests.conftest import IsolatedClient
from tests.factories import make_organisation, make_user
from tests.fakes.twilio_server import FakeTwilio
from tests.fakes.twilio_webhooks import inbound_sms_form, signed_headers
from tests.simulation.invariants import all_invariants
from tests.web.sms.conftest import twilio_config
from web.db import db, utcnow
from web.models import Assignment, AuditEvent, HelpRequest, Resident, SmsMessage, Volunteer
from web.services.absences import add_absence
from web.services.outbox import current_settings
from web.services.people import create_resident, create_volunteer
from web.services.versions import record_version
from web.services.volunteer_schedule import replace_availability

STREETS = (
    "Stuivenbergplein",
    "Dambruggestraat",
    "Handelstraat",
    "Offerandestraat",
    "Carnotstraat",
    "Bredastraat",
    "Dahliastraat",
    "Breydelstraat",
    "Cadixstraat",
    "Pothoekstraat",
)
FIRST_NAMES = (
    "Maria", "Jozef", "Godelieve", "Fatima", "Marcel", "Yvonne", "Ahmed", "Rita", "Jan",
    "Leen", "Omar", "Agnes", "Paul", "Mina", "Frans", "Elif", "Karel", "Noor", "Roger", "Ilse",
)  # fmt: skip
LAST_NAMES = ("Peeters", "Janssens", "Maes", "El Amrani", "Claes", "Yilmaz", "Wouters", "Goossens")
SKILLS = ("shopping", "company", "odd_jobs", "bins", "admin")
PARTS = {"morning": (time(9), time(12)), "afternoon": (time(13), time(17))}
CODE = re.compile(r"\b(?:JA|OUI|YES) ([A-Z][2-9]{1,2})\b")
CHECK_IN = re.compile(r"Antwoord OK|Répondez OK|Reply OK")


class InvariantBroken(AssertionError):
    """A rule coordinators rely on did not hold after a step."""


@dataclass
class Figures:
    """What happened in the neighbourhood, for the month's table."""

    filed: Counter[str] = field(default_factory=Counter)
    triaged: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    coordinator: Counter[str] = field(default_factory=Counter)
    meanwhile: int = 0
    steps: int = 0


@dataclass(order=True)
class _Due:
    """A volunteer's answer, sent when its moment comes."""

    at: datetime
    number: int
    phone: str = field(compare=False)
    body: str = field(compare=False)
    kind: str = field(compare=False)


class Neighbourhood:
    """One organisation, its residents and volunteers, and a seeded way of living."""

    def __init__(self, app: Flask, fake: FakeTwilio, *, seed: int, start: datetime) -> None:
        self.app, self.fake, self.rng = app, fake, random.Random(seed)
        self.zone = ZoneInfo(app.config["TIMEZONE"])
        self.figures = Figures()
        self.client: FlaskClient
        self._read = 0
        self._due: list[_Due] = []
        self._numbers = count()
        self._meanwhile: list[Callable[[], None]] = []
        self.start = start
        self._traveller: Any = None

    # The world ----------------------------------------------------------------

    @contextmanager
    def running(self) -> Iterator[Neighbourhood]:
        """Travel to the start, wrap the engine, and populate; undo all on leaving."""
        with time_machine.travel(self.start, tick=False) as traveller:
            self._traveller = traveller
            real_solve = matching.solve

            def solve_with_changes(*args: Any, **kwargs: Any) -> matching.Solution:
                solution = real_solve(*args, **kwargs)
                # Only a round solves outside a transaction; a swap solves inside its own.
                if not db.session().in_transaction():
                    self._run_meanwhile()
                return solution

            matching.solve = solve_with_changes  # type: ignore[assignment]
            try:
                self._populate()
                yield self
            finally:
                matching.solve = real_solve  # type: ignore[assignment]

    def _populate(self, residents: int = 20, volunteers: int = 12) -> None:
        organisation = make_organisation(name="LDC Seefhoek")
        self.organisation_id = organisation.id
        make_user(organisation, email="coordinator@example.org", password="correct horse")
        self.app.test_client_class = IsolatedClient
        self.client = self.app.test_client()
        answer = self.client.post(
            "/login", data={"email": "coordinator@example.org", "password": "correct horse"}
        )
        assert answer.status_code == 302, "the coordinator could not log in"
        for n in range(volunteers):
            self._volunteer(n)
        self.residents = [self._resident_data(n) for n in range(residents)]
        for data in self.residents[: residents // 2]:  # known to the centre already
            create_resident(self.organisation_id, {**data, "languages": ["nl"]})

    def _volunteer(self, n: int) -> None:
        skills = self.rng.sample(SKILLS, k=self.rng.randint(1, 3))
        days = self.rng.sample(range(7), k=self.rng.randint(2, 5))
        part = self.rng.choice(list(PARTS))
        create_volunteer(
            self.organisation_id,
            {
                "first_name": FIRST_NAMES[(n * 7) % len(FIRST_NAMES)],
                "last_name": LAST_NAMES[n % len(LAST_NAMES)],
                "phone": f"+32470{n:06d}",
                "postcode": "2060",
                "street": self.rng.choice(STREETS),
                "languages": ["nl"],
                "skills": skills,
                "availability": [
                    {
                        "weekday": day,
                        "start": f"{PARTS[part][0]:%H:%M}",
                        "end": f"{PARTS[part][1]:%H:%M}",
                    }
                    for day in days
                ],
                "capacity_minutes_per_week": self.rng.choice([None, 240, 360]),
                "max_tasks_per_week": self.rng.choice([None, 2, 3]),
            },
        )

    def _resident_data(self, n: int) -> dict[str, str]:
        return {
            "first_name": FIRST_NAMES[n % len(FIRST_NAMES)],
            "last_name": LAST_NAMES[(n * 3) % len(LAST_NAMES)],
            "phone": f"03 {200 + n:03d} {n % 100:02d} {self.rng.randint(10, 99)}",
            "postcode": "2060",
            "street": self.rng.choice(STREETS),
        }

    # Residents and the coordinator --------------------------------------------

    def file_on_public_form(self, *, shares_a_phone: bool = False) -> None:
        """A resident (or, with a known phone, someone else in the house) asks online."""
        data = dict(self.rng.choice(self.residents))
        if shares_a_phone:
            data["first_name"] = self.rng.choice(FIRST_NAMES)
        day = self._day_ahead()
        form = {
            "filed_by": "resident",
            **data,
            "skill": self.rng.choice(SKILLS),
            "day": day.isoformat(),
            "part_of_day": self.rng.choice(list(PARTS)),
            "duration_minutes": str(self.rng.choice([30, 60, 120])),
            "consent": "y",
            "languages": "nl",
        }
        answer = self.client.post("/hulp", data=form)
        if answer.status_code == 302:
            self.figures.filed["public form"] += 1
        else:
            self.figures.filed["refused (form)"] += 1

    def file_by_phone(self, *, weekly: bool = False) -> None:
        """The coordinator takes a call and files the request (every week, if asked)."""
        resident = self._known_resident()
        if resident is None:
            return
        day = self._day_ahead()
        start, end = PARTS[self.rng.choice(list(PARTS))]
        form = {
            "skill": self.rng.choice(SKILLS),
            "day": day.isoformat(),
            "earliest": f"{start:%H:%M}",
            "latest": f"{end:%H:%M}",
            "duration_minutes": str(self.rng.choice([30, 60, 90])),
            "priority": "3",
            "volunteers_needed": "2" if self.rng.random() < 0.1 else "1",
        }
        if weekly:
            form["repeat_weekly"] = "y"
        answer = self.client.post(f"/c/intake/new?resident_id={resident}", data=form)
        kind = "weekly series" if weekly else "phone intake"
        self.figures.filed[kind if answer.status_code == 303 else "refused (intake)"] += 1

    def triage(self) -> None:
        """The coordinator decides on every new request."""
        for request in self._requests(status="new"):
            fate = self.rng.random()
            duplicate = request.resident.possible_duplicate_of_id
            if duplicate and fate < 0.5:
                self._post(f"/c/requests/{request.id}/link", request, resident_id=duplicate)
                self.figures.triaged["linked"] += 1
                db.session.refresh(request)
            if fate > 0.93:
                self._post(f"/c/requests/{request.id}/reject", request, reason="niet voor ons")
                self.figures.triaged["turned down"] += 1
            else:
                self._post(f"/c/requests/{request.id}/accept", request)
                self.figures.triaged["taken on"] += 1

    def approve(self) -> None:
        """The coordinator approves everything, or proposals one by one (skipping some)."""
        if self.rng.random() < 0.5:
            self.client.post("/c/review/approve-all")
            self.figures.coordinator["approve all"] += 1
            return
        for proposal in self._proposals():
            if self.rng.random() < 0.8:
                self._post("/c/review/approve", proposal, assignment_id=proposal.id)
                self.figures.coordinator["approve one"] += 1

    def swap(self) -> None:
        """The coordinator gives a proposal to the engine's next best volunteer."""
        for proposal in self._proposals():
            alternatives = (proposal.explanation or {}).get("alternatives", [])
            if alternatives:
                choice = self.rng.choice(alternatives)["volunteer_id"]
                self._post(
                    "/c/review/swap", proposal, assignment_id=proposal.id, volunteer_id=choice
                )
                self.figures.coordinator["swap"] += 1
                return

    def cancel(self) -> None:
        """A resident calls off a request, whatever stage it reached."""
        live = self._requests(status=("open", "unfilled", "proposed", "offered", "arranged"))
        if live:
            request = self.rng.choice(live)
            self._post(f"/c/requests/{request.id}/cancel", request, reason="afgebeld")
            self.figures.coordinator["cancel"] += 1

    # Volunteers ---------------------------------------------------------------

    def read_phones(self) -> None:
        """Each volunteer reads new texts and decides how (and whether) to answer."""
        received = self.fake.requests[self._read :]
        self._read = len(self.fake.requests)
        now = utcnow()
        for text in received:
            phone, body = text.form["To"], text.form.get("Body", "")
            code = CODE.search(body)
            if code:
                self._decide_on_offer(phone, code[1], now)
            elif CHECK_IN.search(body):
                self._decide_on_check_in(phone, now)

    def _decide_on_offer(self, phone: str, code: str, now: datetime) -> None:
        fate = self.rng.random()
        timeout = timedelta(minutes=self.app.config["OFFER_TIMEOUT_MINUTES"])
        if fate < 0.6:
            self._answer(phone, f"JA {code}", now + self._delay(), "yes")
        elif fate < 0.8:
            self._answer(phone, f"NEE {code}", now + self._delay(), "no")
        elif fate < 0.86:
            self._answer(phone, f"ja {code}", now + timeout + timedelta(hours=1), "late yes")
        elif fate < 0.88:
            self._answer(phone, "STOP", now + self._delay(), "stop")
            self._answer(phone, "START", now + timedelta(days=2), "start")
        else:
            self.figures.answers["never"] += 1

    def _decide_on_check_in(self, phone: str, now: datetime) -> None:
        fate = self.rng.random()
        if fate < 0.7:
            self._answer(phone, "OK", now + self._delay(), "ok")
        elif fate < 0.8:
            self._answer(phone, "De deur ging niet open", now + self._delay(), "signal")

    def _answer(self, phone: str, body: str, at: datetime, kind: str) -> None:
        heapq.heappush(self._due, _Due(at, next(self._numbers), phone, body, kind))

    def _delay(self) -> timedelta:
        return timedelta(minutes=self.rng.choice([5, 20, 45, 90, 150]))

    def send_due_answers(self) -> None:
        """Answers whose moment has come go to the webhook, signed as Twilio signs."""
        now = utcnow()
        while self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            form = inbound_sms_form(due.phone, due.body)
            url = self.app.config["PUBLIC_BASE_URL"] + "/sms/inbound"
            headers = signed_headers(self.app.config["TWILIO_AUTH_TOKEN"], url, form)
            answer = self.client.post("/sms/inbound", data=form, headers=headers)
            assert answer.status_code == 200, f"the webhook answered {answer.status_code}"
            self.figures.answers[due.kind] += 1

    def absent_meanwhile(self) -> None:
        """While the next round runs, a volunteer reports a few days away."""

        def away() -> None:
            volunteer = self._any_volunteer()
            first = utcnow().astimezone(self.zone).date() + timedelta(days=1)
            add_absence(
                self.organisation_id,
                volunteer,
                {
                    "first_day": first.isoformat(),
                    "last_day": (first + timedelta(days=2)).isoformat(),
                },
            )

        self._meanwhile.append(away)

    def availability_meanwhile(self) -> None:
        """While the next round runs, a volunteer changes their week."""

        def new_week() -> None:
            volunteer = db.session.get_one(Volunteer, self._any_volunteer())
            start, end = PARTS[self.rng.choice(list(PARTS))]
            slots = [
                {"weekday": d, "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
                for d in self.rng.sample(range(7), k=3)
            ]
            replace_availability(
                self.organisation_id, volunteer.id, slots, version=record_version(volunteer)
            )

        self._meanwhile.append(new_week)

    def cancel_meanwhile(self) -> None:
        """While the next round runs, a request is called off."""
        self._meanwhile.append(self.cancel)

    def _run_meanwhile(self) -> None:
        while self._meanwhile:
            change = self._meanwhile.pop()
            with self.app.app_context():  # another session: a coordinator's, a volunteer's
                change()
                db.session.remove()
            self.figures.meanwhile += 1

    # The clock ----------------------------------------------------------------

    def tick(self, step: timedelta) -> None:
        """Move the clock one step and run the jobs due, as the clock process would."""
        self._traveller.shift(step)
        self.send_due_answers()
        run_frequent_jobs(self.app)
        local = utcnow().astimezone(self.zone)
        if local.minute < step.total_seconds() / 60:
            jobs.recurring_requests(self.app)
            if local.hour == self.app.config["DAILY_SUMMARY_HOUR"]:
                jobs.daily_summary(self.app)
        self.read_phones()
        self.figures.steps += 1

    def check(self) -> None:
        """Raise InvariantBroken naming every rule that does not hold now."""
        db.session.expire_all()
        settings = current_settings()
        timeout = timedelta(minutes=self.app.config["OFFER_TIMEOUT_MINUTES"])
        broken = [
            problem
            for check in all_invariants(settings.quiet_hours, timeout, settings.timezone)
            for problem in check()
        ]
        if broken:
            raise InvariantBroken(f"at {utcnow():%Y-%m-%d %H:%M}: " + "; ".join(broken[:10]))

    # Reading the world --------------------------------------------------------

    def _post(self, path: str, record: Any, **form: Any) -> None:
        answer = self.client.post(path, data={"version": record.version, **form})
        assert answer.status_code in (302, 303), f"{path} answered {answer.status_code}"

    def _requests(self, status: str | tuple[str, ...]) -> list[HelpRequest]:
        db.session.expire_all()
        statuses = (status,) if isinstance(status, str) else status
        return list(
            db.session.scalars(
                select(HelpRequest)
                .where(HelpRequest.status.in_(statuses), HelpRequest.window_end > utcnow())
                .order_by(HelpRequest.id)
            )
        )

    def _proposals(self) -> list[Assignment]:
        db.session.expire_all()
        return list(
            db.session.scalars(
                select(Assignment).where(Assignment.status == "proposed").order_by(Assignment.id)
            )
        )

    def _known_resident(self) -> int | None:
        ids = db.session.scalars(
            select(Resident.id).where(Resident.erased_at.is_(None)).order_by(Resident.id)
        ).all()
        return self.rng.choice(ids) if ids else None

    def _any_volunteer(self) -> int:
        ids = db.session.scalars(select(Volunteer.id).order_by(Volunteer.id)).all()
        return self.rng.choice(ids)

    def _day_ahead(self) -> date:
        return utcnow().astimezone(self.zone).date() + timedelta(days=self.rng.randint(1, 9))

    def table(self) -> str:
        """The month as a table of figures."""
        return render_table(self.figures)


def _listed(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))


def render_table(figures: Figures) -> str:
    """Filed, triaged, filled, offers and answers, cascades, SMS and the time to a yes."""
    requests = db.session.scalars(select(HelpRequest)).all()
    statuses = Counter(r.status for r in requests)
    first_yes = dict(
        db.session.execute(
            select(Assignment.request_id, func.min(Assignment.answered_at))
            .join(AuditEvent, (AuditEvent.entity_id == Assignment.id))
            .where(AuditEvent.entity_type == "assignments", AuditEvent.action == "accepted")
            .group_by(Assignment.request_id)
        ).all()
    )
    hours = [
        (first_yes[r.id] - r.created_at).total_seconds() / 3600
        for r in requests
        if r.id in first_yes
    ]
    outbound = Counter(
        db.session.scalars(
            select(SmsMessage.kind).where(
                SmsMessage.direction == "outbound", SmsMessage.sent_at.is_not(None)
            )
        ).all()
    )
    refused = {"declined", "expired"}
    assignments = db.session.scalars(select(Assignment).where(Assignment.offered_at.is_not(None)))
    by_request: dict[int, list[Assignment]] = {}
    for a in assignments:
        by_request.setdefault(a.request_id, []).append(a)
    cascades = sum(
        1
        for offers in by_request.values()
        for a in offers
        if any(b.status in refused and b.offered_at < a.offered_at for b in offers)  # type: ignore[operator]
    )
    rows = [
        ("filed", _listed(figures.filed) or "0"),
        ("triaged", _listed(figures.triaged) or "0"),
        ("requests by status", _listed(statuses)),
        ("filled (a volunteer said yes)", f"{len(first_yes)} of {len(requests)}"),
        ("offers sent", str(outbound["offer"])),
        ("answers", _listed(figures.answers)),
        ("cascades (offers after a no or silence)", str(cascades)),
        ("SMS sent", f"{sum(outbound.values())} ({_listed(outbound)})"),
        ("coordinator", _listed(figures.coordinator)),
        ("changes while a round ran", str(figures.meanwhile)),
        ("median hours from filing to a yes", f"{statistics.median(hours):.1f}" if hours else "-"),
        ("clock steps, all invariants held after each", str(figures.steps)),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"| {'':{width}} | figure |", f"|{'-' * (width + 2)}|--------|"]
    lines += [f"| {name:{width}} | {value} |" for name, value in rows]
    return "\n".join(lines)


def simulation_config(fake: FakeTwilio) -> dict[str, object]:
    """Twilio through the fake, the real quiet hours, and rounds short enough for a test."""
    return twilio_config(
        fake,
        QUIET_HOURS="21:00-08:00",
        # One simulated coordinator logs in and files for a whole neighbourhood.
        PUBLIC_FORM_RATE_LIMIT="1000/minute",
        LOGIN_RATE_LIMIT="1000/minute",
        MATCHING_WORKERS=1,
    )


def next_monday_morning() -> datetime:
    """07:00 Brussels time on the Monday after today: a fresh week, whenever the run."""
    zone = ZoneInfo("Europe/Brussels")
    today = utcnow().astimezone(zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, time(7), zone)


def live_a_month(world: Neighbourhood, weeks: int, step: timedelta = timedelta(minutes=30)) -> None:
    """The scripted life of the neighbourhood, checking every invariant after each step."""
    rng = world.rng
    end = utcnow() + timedelta(weeks=weeks)
    for _ in range(3):
        world.file_by_phone(weekly=True)
    while utcnow() < end:
        world.tick(step)
        local = utcnow().astimezone(world.zone)
        daytime = 8 <= local.hour < 20
        office = local.weekday() < 5 and 9 <= local.hour < 17
        if daytime and rng.random() < 0.12:
            world.file_on_public_form(shares_a_phone=rng.random() < 0.1)
        if office and rng.random() < 0.08:
            world.file_by_phone()
        if office and local.minute == 0 and local.hour % 2 == 1:
            world.triage()
            if rng.random() < 0.3:
                world.swap()
            world.approve()
            if rng.random() < 0.1:
                world.cancel()
        if rng.random() < 0.02:
            rng.choice(
                [world.absent_meanwhile, world.availability_meanwhile, world.cancel_meanwhile]
            )()
        world.check()
