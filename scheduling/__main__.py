"""`python -m scheduling`: run the clock process (leader-elected on PostgreSQL)."""

from __future__ import annotations

import logging

from scheduling import build_scheduler
from scheduling.leader import clock_for, stop_on_signals
from web import create_app


def main() -> None:
    """Build the app and run the clock until stopped; a standby while another clock leads."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    clock = clock_for(create_app(), build_scheduler)
    stop_on_signals(clock)
    clock.run()


if __name__ == "__main__":
    main()
