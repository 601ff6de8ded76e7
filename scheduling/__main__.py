"""`python -m scheduling`: run the clock process."""

from __future__ import annotations

import logging

from scheduling import build_scheduler
from web import create_app


def main() -> None:
    """Build the app and run the clock until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    build_scheduler(create_app()).start()


if __name__ == "__main__":
    main()
