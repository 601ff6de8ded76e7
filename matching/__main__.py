"""Command line: python -m matching solve|validate|bench (see SCENARIO.md).

Exit codes: 0 done, 2 invalid input (one line per problem on stderr),
3 `validate` found a result that breaks hard rules, 1 internal error.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from matching.result import parse_result, result_dict
from matching.scenario import ScenarioError, read_scenario
from matching.solver import solve
from matching.validate import violations

INVALID, BROKEN, INTERNAL = 2, 3, 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matching")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("solve", help="plan a scenario and print the result")
    run.add_argument("scenario")
    run.add_argument("--time-limit", type=float, default=10.0)
    run.add_argument("--workers", type=int, default=2)
    run.add_argument("--seed", type=int, default=0)
    run.add_argument("-o", "--output")
    check = commands.add_parser("validate", help="check a scenario, and a result against it")
    check.add_argument("scenario")
    check.add_argument("result", nargs="?")
    bench = commands.add_parser("bench", help="run benchmark suites and print a table")
    bench.add_argument(
        "suites",
        nargs="*",
        default=["gap-orlib"],
        help="gap-orlib gap-ab gap-cde city city-bound region decline determinism",
    )
    bench.add_argument("--time-limit", type=float, default=10.0)
    bench.add_argument("--workers", type=int, default=2)
    bench.add_argument("--seed", type=int, default=0)
    bench.add_argument("--repeat", type=int, default=1)
    return parser


def _solve(args: argparse.Namespace) -> int:
    problem = read_scenario(args.scenario)
    solution = solve(problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    text = json.dumps(result_dict(solution), indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def _validate(args: argparse.Namespace) -> int:
    problem = read_scenario(args.scenario)
    if args.result is None:
        print("scenario is valid")
        return 0
    try:
        solution = parse_result(json.loads(Path(args.result).read_text(encoding="utf-8")))
    except (ValueError, json.JSONDecodeError) as error:
        print(str(error), file=sys.stderr)
        return INVALID
    broken = violations(problem, solution)
    for line in broken:
        print(line, file=sys.stderr)
    if not broken:
        print("result keeps every hard rule")
    return BROKEN if broken else 0


def _bench(args: argparse.Namespace) -> int:
    from matching.bench.run import run_suites
    from matching.bench.suites import all_suites

    unknown = [name for name in args.suites if name not in all_suites()]
    if unknown:
        print(
            f"unknown suite(s): {', '.join(unknown)}; known: {', '.join(all_suites())}",
            file=sys.stderr,
        )
        return INVALID

    run_suites(args.suites, args.time_limit, args.workers, args.seed, args.repeat)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = _parser().parse_args(argv)
    try:
        command = {"solve": _solve, "validate": _validate, "bench": _bench}[args.command]
        return command(args)
    except ScenarioError as error:
        for line in error.problems:
            print(line, file=sys.stderr)
        return INVALID
    except OSError as error:
        print(f"{error.filename}: {error.strerror}", file=sys.stderr)
        return INVALID
    except Exception:
        traceback.print_exc()
        return INTERNAL


if __name__ == "__main__":
    sys.exit(main())
