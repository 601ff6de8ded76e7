"""python -m matching: exit codes 0 (result), 2 (invalid input), 3 (broken result)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from matching.__main__ import main

from .test_scenario import GOOD


def _write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_solve_writes_a_result(tmp_path: Path) -> None:
    scenario = _write(tmp_path, "s.json", GOOD)
    out = tmp_path / "r.json"
    assert main(["solve", scenario, "--workers", "1", "--time-limit", "2", "-o", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["status"] == "optimal"
    assert result["assignments"][0]["start"] == "2026-11-23T10:00:00+01:00"
    assert result["stats"]["filled"] == 1


def test_invalid_scenario_exits_2_with_paths(tmp_path: Path, capsys: object) -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["requests"][0]["window"]["end"] = "2026-11-23T09:00:00+01:00"
    assert main(["solve", _write(tmp_path, "s.json", bad)]) == 2
    assert "requests[0].window: end is before start" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_not_json_and_missing_file_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["solve", str(broken)]) == 2
    assert main(["solve", str(tmp_path / "missing.json")]) == 2


def test_validate_accepts_the_engines_result(tmp_path: Path) -> None:
    scenario = _write(tmp_path, "s.json", GOOD)
    out = tmp_path / "r.json"
    main(["solve", scenario, "--workers", "1", "-o", str(out)])
    assert main(["validate", scenario, str(out)]) == 0
    assert main(["validate", scenario]) == 0


def test_validate_rejects_a_broken_result(tmp_path: Path) -> None:
    scenario = _write(tmp_path, "s.json", GOOD)
    result = {
        "status": "feasible",
        "assignments": [{"request": "r1", "volunteer": "v1", "start": "2026-11-23T11:30:00+01:00"}],
        "unassigned": [],
    }
    assert main(["validate", scenario, _write(tmp_path, "r.json", result)]) == 3


def test_module_runs_as_a_program(tmp_path: Path) -> None:
    scenario = _write(tmp_path, "s.json", GOOD)
    done = subprocess.run(
        [sys.executable, "-m", "matching", "solve", scenario, "--workers", "1", "--seed", "3"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "optimal"
