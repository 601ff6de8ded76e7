"""`python -m tests.simulation --seed N --weeks W`: live a neighbourhood's month, print it.

Runs on a fresh SQLite database in a temporary folder (or on --database, which
it empties first), with SMS through a local fake Twilio. Every invariant of
tests/simulation/invariants.py is checked after every half hour; the first
one that breaks stops the run with its reason.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade

from tests.conftest import _reset_schema, make_app
from tests.fakes.twilio_server import FakeTwilio
from tests.simulation.world import (
    InvariantBroken,
    Neighbourhood,
    live_a_month,
    next_monday_morning,
    simulation_config,
)


def main() -> int:
    """Parse the arguments, live the weeks, print the table; 1 when an invariant broke."""
    parser = argparse.ArgumentParser(prog="python -m tests.simulation", description=__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--database", help="a SQLAlchemy URL; its tables are dropped first")
    parser.add_argument("--start", type=datetime.fromisoformat, help="aware ISO moment")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder, FakeTwilio() as fake:
        url = args.database or f"sqlite:///{Path(folder) / 'simulation.sqlite'}"
        app = make_app(url, **simulation_config(fake))
        with app.app_context():
            _reset_schema()
            upgrade()
            world = Neighbourhood(
                app, fake, seed=args.seed, start=args.start or next_monday_morning()
            )
            began = time.monotonic()
            try:
                with world.running():
                    live_a_month(world, weeks=args.weeks, step=timedelta(minutes=30))
                    print(f"seed {args.seed}, {args.weeks} weeks from {world.start:%Y-%m-%d}")
                    print(world.table())
            except InvariantBroken as broken:
                print(f"invariant broken: {broken}", file=sys.stderr)
                return 1
            print(f"({time.monotonic() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
