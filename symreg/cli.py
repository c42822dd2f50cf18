"""The ``symreg`` command line: the only place that prints or exits.

Commands::

    symreg report [-o FILE] [--auto]     the full report (.pdf, .tex or .md)
    symreg list [--results]              the catalogue, one "name  title" per line
                                         (with --results: one NAME:KEY per named result)
    symreg derive NAME [--format F]      one derivation as LaTeX (a theorem and its
                                         proof, to paste into a document) or Markdown
    symreg check ANSWER EXPECTED         is ANSWER equivalent to EXPECTED?
                                         (EXPECTED may name a catalogue result,
                                         NAME:KEY as listed by 'list --results')
    symreg grade ANSWERS.jsonl [-o OUT]  check a batch of answers, one JSON verdict a line

Exit codes: 0 success (for ``check``: equivalent), 1 a derivation failed
verification (for ``check``: different), 2 invalid input or a missing tool,
3 (``check`` only) undecided. ``grade`` exits 0 when every line was an item
(whatever the verdicts), 1 when some lines could not be read as items (their
verdicts say why), 2 on a usage error or an unreadable input file.

>>> main(["list"])  # doctest: +ELLIPSIS
subdifferential  Subdifferential of L1, gradients of L2
...
0
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from symreg.errors import (
    InvalidParameterError,
    ParseError,
    RenderError,
    SymregError,
    VerificationError,
)
from symreg.render.text import MD_FLAVORS

if TYPE_CHECKING:  # pragma: no cover
    import sympy

__all__ = ["check_command", "main", "steps_command"]

_EXIT_CODES = {"equivalent": 0, "different": 1, "undecided": 3}
# The time budget of `symreg check` (symreg.check.DEFAULT_TIMEOUT, without importing it).
_CHECK_TIMEOUT = 5.0


def _pdf_hint() -> str:
    from symreg.render.pdf import DEBIAN_PACKAGES

    return ("pdflatex is not on PATH, so no PDF was built. On Debian or Ubuntu install it "
            f"with\n  apt-get install {' '.join(DEBIAN_PACKAGES)}\nand run the command again.")


def _parser() -> argparse.ArgumentParser:
    from symreg import __version__

    parser = argparse.ArgumentParser(
        prog="symreg",
        description="Symbolic, machine-checked derivations about L1 and L2 regularization.",
    )
    parser.add_argument("--version", action="version", version=f"symreg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser("report", help="write the full report (.pdf, .tex or .md)")
    report.add_argument("-o", "--output", type=Path, default=None,
                        help="output file; its extension picks the format "
                             "(default: report.pdf when pdflatex is available, else report.tex)")
    report.add_argument("--auto", action="store_true",
                        help="when a .pdf is asked for and pdflatex is missing, write the .tex "
                             "and .md instead and explain how to get the PDF")
    report.add_argument("--md-flavor", choices=MD_FLAVORS, default="myst",
                        help="the math of a .md report: 'myst' ($ and $$; MyST, Jupyter, "
                             "MathJax) or 'gfm' (GitHub)")
    report.add_argument("--notation", action="append", default=[], metavar="NAME=TEX",
                        help=_NOTATION_HELP)

    listing = commands.add_parser("list", help="list the catalogue's derivations")
    listing.add_argument("--results", action="store_true",
                         help="list the named results instead, as NAME:KEY")

    derive = commands.add_parser("derive", help="print one derivation")
    derive.add_argument("name", help="a name from 'symreg list'")
    derive.add_argument("--format", choices=("latex", "markdown"), default="latex")
    derive.add_argument("--md-flavor", choices=MD_FLAVORS, default="myst",
                        help="the math of --format markdown: 'myst' or 'gfm' (GitHub)")
    derive.add_argument("--notation", action="append", default=[], metavar="NAME=TEX",
                        help=_NOTATION_HELP)
    derive.add_argument("--width", default="345pt", metavar="LENGTH",
                        help="the text width of the host document, as a TeX length; long "
                             "lines are broken to fit it (default 345pt, the article class)")

    check = commands.add_parser("check", help="decide whether ANSWER equals EXPECTED",
                                allow_abbrev=False)
    check.add_argument("answer", nargs="?", default=None,
                       help="the answer, as text (or LaTeX with --answer-latex); "
                            "it may start with '-'")
    check.add_argument("expected", nargs="?", default=None,
                       help="the expected result, or a catalogue name")
    check.add_argument("--latex", action="store_true", help="parse both as LaTeX")
    check.add_argument("--answer-latex", action="store_true", help="parse ANSWER as LaTeX")
    check.add_argument("--expected-latex", action="store_true",
                       help="parse EXPECTED as LaTeX")
    check.add_argument("--symbols", default=None, metavar="SPEC",
                       help="more names with their assumption, e.g. "
                            "'x y: real; a: positive; k: integer'")
    check.add_argument("--timeout", type=float, default=_CHECK_TIMEOUT,
                       help="seconds before the verdict is 'undecided' (default 5)")
    check.add_argument("--strict", action="store_true",
                       help="a point where either side is undefined is a difference")
    check.add_argument("--rtol", type=float, default=None, metavar="TOL",
                       help="relative tolerance for numeric answers (default: exact)")
    check.add_argument("--steps", type=Path, default=None, metavar="FILE",
                       help="check a multi-step answer: one expression or equation a line")
    _add_grade_parser(commands)
    return parser


# The options of `symreg check`, and those that take a value.
_CHECK_FLAGS = frozenset({"-h", "--help", "--latex", "--answer-latex", "--expected-latex",
                          "--strict"})
_CHECK_VALUED = frozenset({"--timeout", "--symbols", "--rtol", "--steps"})


def _check_operands_first(argv: Sequence[str]) -> list[str]:
    """``argv`` with the operands of ``symreg check`` after ``--``, so that ``-w`` is an answer.

    Only a known option of ``check`` (and the value of one that takes a value)
    is read as an option; every other word is an operand, even one starting with
    ``-`` (``symreg check "-w" "-1*w"``).

    >>> _check_operands_first(["check", "-w", "--latex", "-1*w"])
    ['check', '--latex', '--', '-w', '-1*w']
    >>> _check_operands_first(["check", "--timeout", "-1", "w", "w"])
    ['check', '--timeout=-1', '--', 'w', 'w']
    >>> _check_operands_first(["list"])
    ['list']
    """
    words = list(argv)
    if "check" not in words:
        return words
    at = words.index("check")
    if any(w.startswith("-") and w not in ("--version", "-h", "--help") for w in words[:at]):
        return words  # not the subcommand's name (an option's value, or a usage error)
    options: list[str] = []
    operands: list[str] = []
    rest = iter(words[at + 1:])
    for word in rest:
        if word == "--":
            operands.extend(rest)
        elif word in _CHECK_FLAGS or (word.split("=", 1)[0] in _CHECK_VALUED and "=" in word):
            options.append(word)
        elif word in _CHECK_VALUED:
            options.append(f"{word}={next(rest, '')}")  # a value may start with "-"
        else:
            operands.append(word)
    return [*words[:at + 1], *options, "--", *operands]


_NOTATION_HELP = ("print a symbol under your name, e.g. --notation w='\\beta' "
                  "--notation lam='\\alpha' (repeatable; NAME as in symreg.symbols)")


def _notation(items: Sequence[str]) -> dict[str, str]:
    r"""``NAME=TEX`` words as a notation mapping.

    >>> _notation(["w=\\beta", "lam = \\alpha"])
    {'w': '\\beta', 'lam': '\\alpha'}
    """
    names: dict[str, str] = {}
    for item in items:
        name, sep, tex = item.partition("=")
        if not sep or not name.strip():
            raise InvalidParameterError(
                f"--notation takes NAME=TEX (e.g. w='\\beta'), got {item!r}")
        names[name.strip()] = tex.strip()
    return names


def _report(output: Path | None, *, auto: bool, md_flavor: str = "myst",
            notation: Sequence[str] = ()) -> int:
    from symreg import printing

    try:
        with printing.notation(_notation(notation)):
            return _write_report(output, auto=auto, md_flavor=md_flavor)
    except OSError as exc:  # the report module says why in one line; this is the backstop
        raise RenderError(f"cannot write the report: {exc.strerror or exc}") from None


def _write_report(output: Path | None, *, auto: bool, md_flavor: str) -> int:
    from symreg.render.report import write_report

    have_pdflatex = shutil.which("pdflatex") is not None
    if output is None:
        output = Path("report.pdf" if have_pdflatex else "report.tex")
        if not have_pdflatex:
            print(_pdf_hint(), file=sys.stderr)
    if output.suffix.lower() == ".pdf" and not have_pdflatex and auto:
        written = [write_report(output.with_suffix(".tex")),
                   write_report(output.with_suffix(".md"), md_flavor=md_flavor)]
        for path in written:
            print(f"wrote {path}")
        print(_pdf_hint(), file=sys.stderr)
        return 0
    path = write_report(output, md_flavor=md_flavor)
    print(f"wrote {path}")
    return 0


def _list(*, results: bool = False) -> int:
    from symreg import catalogue

    names = catalogue.names()
    if results:
        for name in names:
            for key in catalogue.get(name).results:
                print(f"{name}:{key}")
        return 0
    width = max(len(n) for n in names)
    for name in names:
        print(f"{name:<{width}}  {catalogue.title(name)}")
    return 0


def _derive(name: str, fmt: str, md_flavor: str = "myst", notation: Sequence[str] = (),
            width: str = "345pt") -> int:
    from symreg import catalogue, printing
    from symreg.render.latex import snippet, width_em

    names = _notation(notation)
    width_em(width)  # a bad width is refused before any work
    derivation = catalogue.get(name)
    with printing.notation(names):
        if fmt == "latex":
            print(snippet(derivation.verify(), width=width))
        else:
            print(derivation.markdown(flavor=md_flavor))
    return 0


def _check(answer: str | None, expected: str | None, *, answer_latex: bool,
           expected_latex: bool, symbols: str | None, timeout: float, strict: bool = False,
           rtol: float | None = None, steps: Path | None = None) -> int:
    if steps is not None:
        if answer is not None:
            code, text = 2, "error: --steps takes no ANSWER or EXPECTED"
        else:
            code, text = steps_command(steps, latex=answer_latex, symbols=symbols,
                                       timeout=timeout, strict=strict)
    elif answer is None or expected is None:
        code, text = 2, "error: check needs ANSWER and EXPECTED (or --steps FILE)"
    else:
        code, text = check_command(answer, expected, answer_latex=answer_latex,
                                   expected_latex=expected_latex, symbols=symbols,
                                   timeout=timeout, strict=strict, rtol=rtol)
    print(text, file=sys.stderr if code == 2 else sys.stdout)
    return code


#: Most lines of a --steps file.
_MAX_STEPS = 200


def steps_command(path: Path, *, latex: bool = False, symbols: str | None = None,
                  timeout: float = _CHECK_TIMEOUT, strict: bool = False) -> tuple[int, str]:
    """``symreg check --steps FILE``: exit code and text to print.

    ``FILE`` holds one expression or equation a line (blank lines and lines
    starting with ``#`` are skipped). The exit code is 0 when every step
    follows from the one before, 1 when one does not, 2 for invalid input and 3
    when undecided.
    """
    from symreg._answers import check_timeout
    from symreg.check import check_steps

    try:
        try:
            timeout = check_timeout(timeout)
        except InvalidParameterError:
            raise InvalidParameterError(
                f"--timeout must be a positive finite number of seconds, got {timeout!r}"
            ) from None
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidParameterError(f"cannot read {path}: {exc}") from None
        lines = [line.strip() for line in text.splitlines()]
        lines = [line for line in lines if line and not line.startswith("#")]
        if len(lines) > _MAX_STEPS:
            raise InvalidParameterError(f"{path} has {len(lines)} steps (limit {_MAX_STEPS})")
        verdict = check_steps(lines, latex=latex, symbols=symbols, timeout=timeout,
                              strict=strict)
    except SymregError as exc:
        return 2, "error: " + " ".join(str(exc).split())
    except (ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as exc:
        return 2, f"error: could not check this input: {type(exc).__name__}: " + " ".join(
            str(exc).split())
    return {"valid": 0, "invalid": 1, "undecided": 3}[verdict.status], str(verdict)


def _catalogue_result(spec: str) -> sympy.Basic | None:
    """The named result ``NAME:KEY`` of a catalogue derivation, or None if ``spec`` is not one.

    A bare catalogue name is refused with the keys of its results: a
    derivation states several things, and EXPECTED must say which.
    """
    try:
        from symreg import catalogue
    except ImportError:  # pragma: no cover - the catalogue is part of symreg
        return None
    name, colon, key = spec.partition(":")
    try:
        known = name in catalogue.names()
    except Exception:  # pragma: no cover - a broken catalogue must not hide the check
        return None
    if not known:
        return None
    try:
        results = catalogue.get(name).results
    except SymregError:
        raise
    except Exception as exc:  # a broken derivation is reported, not a traceback
        raise InvalidParameterError(
            f"catalogue derivation {name!r} failed: {type(exc).__name__}: {exc}") from exc
    if not colon or key not in results:
        keys = ", ".join(f"{name}:{k}" for k in results)
        what = f"{name!r} has no result {key!r}" if colon else (
            f"{name!r} names a derivation, not one result")
        raise InvalidParameterError(f"{what}; use one of: {keys}")
    return results[key]


def _operand(text: str, role: str, *, latex: bool,
             symbols: str | list[sympy.Symbol] | None) -> sympy.Basic:
    """Parse one operand of ``symreg check`` (as written); an error names the operand and flags."""
    from symreg._answers import coerce_written

    try:
        return coerce_written(text, role, latex=latex, symbols=symbols).written
    except ParseError as exc:
        slash = text.find("\\")
        if not latex and slash >= 0 and str(exc) == (
                f"backslash in plain text (use latex=True for LaTeX) at position {slash}"):
            # The parser's advice names the Python keyword; here the flags are meant.
            raise ParseError(f"{role}: backslash in plain text (use --{role}-latex or --latex "
                             f"for LaTeX) at position {slash}") from None
        raise ParseError(f"{role}: {exc}") from None


def check_command(
    answer: str,
    expected: str,
    *,
    latex: bool = False,
    answer_latex: bool = False,
    expected_latex: bool = False,
    symbols: str | None = None,
    timeout: float = _CHECK_TIMEOUT,
    strict: bool = False,
    rtol: float | None = None,
) -> tuple[int, str]:
    r"""The ``symreg check ANSWER EXPECTED`` command: exit code and text to print.

    ``EXPECTED`` is an expression, or a named result of a catalogue derivation
    written ``NAME:KEY`` (``symreg list --results`` lists them; an answer is
    checked against a set-valued result by membership). ``latex`` parses both as
    LaTeX, ``answer_latex`` and
    ``expected_latex`` one each; ``symbols`` names more symbols with their
    assumption (``"x y: real; a: positive"``); without it an unknown single
    letter is a real symbol, with a warning. ``strict`` counts a point where a
    side is undefined as a difference, ``rtol`` is a relative tolerance for
    numeric answers (see :func:`symreg.check.equivalent`). The exit code is 0 for equivalent, 1 for
    different, 2 for invalid input (the text is one line ``error: ...``) and 3
    for undecided.

    >>> check_command("2 lam w", "lam w")[0]
    1
    >>> check_command("2 lam w", "foo(w)")
    (2, "error: expected: unknown name 'foo' at position 0")
    >>> check_command(r"\frac{\lambda}{2}", "lam/2", answer_latex=True)[0]
    0
    """
    import sympy

    from symreg._answers import check_timeout, symbols_from_spec
    from symreg.check import equivalent, in_subdifferential

    try:
        try:
            timeout = check_timeout(timeout)
        except InvalidParameterError:
            raise InvalidParameterError(
                f"--timeout must be a positive finite number of seconds, got {timeout!r}"
            ) from None
        named = list(symbols_from_spec(symbols).values()) if symbols else []
        target = _catalogue_result(expected)
        if target is None:
            extra: list[sympy.Symbol] | None = named or None
            target = _operand(expected, "expected", latex=latex or expected_latex, symbols=extra)
            goal: sympy.Basic | str = expected
        else:
            extra = [*(_widen(target.free_symbols) or []), *named] or None
            if not isinstance(target, (sympy.Expr, sympy.Set)):
                raise InvalidParameterError(
                    f"catalogue result {expected!r} is not an expression or a set")
            goal = target
        value = _operand(answer, "answer", latex=latex or answer_latex, symbols=extra)
        if isinstance(target, sympy.Set) and not isinstance(goal, str):
            verdict = in_subdifferential(value, target, at=None, timeout=timeout)
        else:
            verdict = equivalent(answer, goal, latex=latex or answer_latex,
                                 expected_latex=latex or expected_latex, symbols=extra,
                                 timeout=timeout, strict=strict, rtol=rtol)
        text = str(verdict)
    except SymregError as exc:
        return 2, "error: " + " ".join(str(exc).split())
    except (ValueError, TypeError, ArithmeticError, RecursionError, MemoryError) as exc:
        # A failure inside SymPy on odd input is reported, never a traceback.
        return 2, f"error: could not check this input: {type(exc).__name__}: " + " ".join(
            str(exc).split())
    return _EXIT_CODES[verdict.status], text


def _widen(free: Iterable[sympy.Basic]) -> list[sympy.Symbol] | None:
    """Canonical symbols of a catalogue result that the parser does not know by default."""
    from symreg import parse as _parse
    from symreg import symbols as _symbols

    canonical = set(_symbols.by_name().values())
    known = set(_parse.DEFAULT_NAMES.values())
    extra = sorted((s for s in free if s in canonical and s not in known),
                   key=lambda s: s.name)
    return extra or None


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(_check_operands_first(sys.argv[1:] if argv is None else argv))
    try:
        if args.command == "report":
            return _report(args.output, auto=args.auto, md_flavor=args.md_flavor,
                           notation=args.notation)
        if args.command == "list":
            return _list(results=args.results)
        if args.command == "derive":
            return _derive(args.name, args.format, args.md_flavor, args.notation, args.width)
        if args.command == "grade":
            return _grade(args.answers, args.output, timeout=args.timeout, workers=args.workers)
        return _check(args.answer, args.expected, answer_latex=args.latex or args.answer_latex,
                      expected_latex=args.latex or args.expected_latex, symbols=args.symbols,
                      timeout=args.timeout, strict=args.strict, rtol=args.rtol,
                      steps=args.steps)
    except VerificationError as exc:
        print(f"verification failed: {exc}", file=sys.stderr)
        return 1
    except SymregError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
