"""`buurtmatch translations`: extract, merge and compile the catalogs in one safe step.

`pybabel update` can leave a catalog header marked fuzzy, and `pybabel
compile` then silently skips that catalog; this command clears the flag.
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "web" / "translations"
LANGUAGES = ("nl", "fr")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])  # type: ignore[no-untyped-call]


@click.command("translations")
def translations_command() -> None:
    """Extract texts, merge them into nl and fr, compile, and list what is untranslated."""
    pot = str(FOLDER / "messages.pot")
    _pybabel("extract", "-F", str(FOLDER / "babel.cfg"), "-k", "_l", "-k", "N_", "--omit-header",
             "--no-location", "-o", pot, str(ROOT))  # fmt: skip
    _pybabel("update", "-i", pot, "-d", str(FOLDER), "--no-fuzzy-matching", "--ignore-obsolete")
    for language in LANGUAGES:
        path = FOLDER / language / "LC_MESSAGES" / "messages.po"
        with open(path, "rb") as handle:
            catalog = read_po(handle)
        catalog.fuzzy = False
        with open(path, "wb") as handle:
            write_po(handle, catalog, no_location=True)
        missing = [str(m.id) for m in catalog if m.id and not m.string]
        click.echo(f"{language}: {len(missing)} untranslated")
        for msgid in missing:
            click.echo(f"  {msgid}")
    _pybabel("compile", "-d", str(FOLDER))
