"""Every text of the web app has a Dutch and a French translation, compiled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"


@pytest.fixture(scope="module")
def message_ids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(TRANSLATIONS / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "N_",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as handle:
        ids = {str(m.id) for m in read_po(handle) if m.id}
    assert "Log in" in ids, "extraction found no texts: check babel.cfg and the paths"
    return ids


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_text_is_translated_and_compiled(message_ids: set[str], language: str) -> None:
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    translated = {str(m.id) for m in catalog if m.id and m.string and not m.fuzzy}
    assert sorted(message_ids - translated) == []
    with open(folder / "messages.mo", "rb") as handle:
        compiled = {str(_forms(m.id)): _forms(m.string) for m in read_mo(handle) if m.id}
    assert {str(m.id): _forms(m.string) for m in catalog if m.id and m.string} == compiled


def _forms(string: object) -> object:
    """A translation, with a plural's forms as a tuple whatever the reader returned."""
    return tuple(string) if isinstance(string, list | tuple) else string
