"""The ``symreg grade`` command: a file of answers in, one JSON verdict a line out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from symreg.errors import (
    InvalidParameterError,
)

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__: list[str] = []

# The time budget of each answer (symreg.check.DEFAULT_TIMEOUT, without importing it).
_CHECK_TIMEOUT = 5.0


def _add_grade_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    grade = commands.add_parser(
        "grade", help="check a batch of answers, one JSON verdict a line",
        description="Check each line of ANSWERS.jsonl, an object with \"answer\" and "
                    "\"expected\" (and optionally \"id\", \"latex\", \"answer_latex\", "
                    "\"expected_latex\", \"symbols\", \"hints\"), and write one JSON "
                    "verdict per input line, in order: id, line, status, reason, caveat (when "
                    "there is one), counterexample, hint, time. Exit code 0 when every line "
                    "was an item, 1 when some were not, 2 on a usage error.")
    grade.add_argument("answers", help="the JSON-lines file ('-' for standard input)")
    grade.add_argument("-o", "--output", type=Path, default=None,
                       help="write the verdicts to this file (default: standard output)")
    grade.add_argument("--timeout", type=float, default=_CHECK_TIMEOUT,
                       help="seconds for each answer, reading included (default 5)")
    grade.add_argument("--workers", type=int, default=None,
                       help="worker processes (default: one per CPU)")


def _grade(answers: str, output: Path | None, *, timeout: float, workers: int | None) -> int:
    """The ``symreg grade`` command: verdicts to ``output``, progress to a terminal."""
    import contextlib
    import json
    import math

    from symreg.grade import iter_grade, read_jsonl

    if not (math.isfinite(timeout) and timeout > 0):
        raise InvalidParameterError(
            f"--timeout must be a positive finite number of seconds, got {timeout!r}")
    if workers is not None and workers < 1:
        raise InvalidParameterError(f"--workers must be a positive integer, got {workers}")
    with contextlib.ExitStack() as stack:
        try:
            total = None
            if answers == "-":
                source = sys.stdin
            else:
                with open(answers, encoding="utf-8", errors="replace") as counted:
                    total = sum(1 for _ in counted)
                source = stack.enter_context(open(answers, encoding="utf-8", errors="replace"))
            sink = sys.stdout if output is None else stack.enter_context(
                open(output, "w", encoding="utf-8"))
        except OSError as exc:
            raise InvalidParameterError(
                f"cannot open {exc.filename}: {exc.strerror or exc}") from None
        show = sys.stderr.isatty()
        invalid = 0
        graded_all = iter_grade(read_jsonl(source), timeout=timeout, workers=workers)
        for done, graded in enumerate(graded_all, start=1):
            invalid += graded.status == "invalid"
            sink.write(json.dumps({"line": done, **graded.as_json()}, default=str) + "\n")
            sink.flush()
            if show:
                of = f"/{total}" if total is not None else ""
                print(f"\rgraded {done}{of}", end="", file=sys.stderr, flush=True)
        if show:
            print(file=sys.stderr)
    return 1 if invalid else 0
