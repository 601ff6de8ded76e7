"""CSV for spreadsheets: any text that could start a formula is written as text.

A cell beginning with = + - @ (or a tab or carriage return, or those signs
after leading spaces, or their full-width forms) is a formula to Excel,
LibreOffice and Google Sheets: ``=HYPERLINK(...)`` typed into the public
sign-up form would run in the coordinator's spreadsheet. Such a cell gets a
leading apostrophe (OWASP's advice), which spreadsheets show as text.
Numbers are written as numbers. (defusedcsv misses tabs, carriage returns
and leading spaces, hence this small module.)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CONTROL_STARTS = ("\t", "\r", "\n")
# Spreadsheets skip these before deciding that a cell is a formula.
LEADING_BLANKS = " \t\r\n\u00a0"


def as_text(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell; numbers stay numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    if text.startswith(CONTROL_STARTS) or text.lstrip(LEADING_BLANKS).startswith(FORMULA_SIGNS):
        return "'" + text
    return text


class SpreadsheetWriter:
    """``csv.writer`` whose every cell goes through ``as_text``."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        """Write one row."""
        self._writer.writerow([as_text(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write several rows."""
        for row in rows:
            self.writerow(row)
