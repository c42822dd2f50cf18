"""The ``symreg`` command line: the only place that prints or exits.

Commands::

    symreg report [-o FILE] [--auto]     the full report (.pdf, .tex or .md)
    symreg list                          the catalogue, one "name  title" per line
    symreg derive NAME [--format F]      one derivation as LaTeX (a theorem and its
                                         proof, to paste into a document) or Markdown
    symreg check ANSWER EXPECTED         is ANSWER equivalent to EXPECTED?
                                         (EXPECTED may name a catalogue entry)

Exit codes: 0 success (for ``check``: equivalent), 1 a derivation failed
verification (for ``check``: different), 2 invalid input or a missing tool,
3 (``check`` only) undecided.

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

if TYPE_CHECKING:  # pragma: no cover
    import sympy

__all__ = ["check_command", "main"]

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

    commands.add_parser("list", help="list the catalogue's derivations")

    derive = commands.add_parser("derive", help="print one derivation")
    derive.add_argument("name", help="a name from 'symreg list'")
    derive.add_argument("--format", choices=("latex", "markdown"), default="latex")

    check = commands.add_parser("check", help="decide whether ANSWER equals EXPECTED")
    check.add_argument("answer", help="the answer, as text (or LaTeX with --latex)")
    check.add_argument("expected", help="the expected result, or a catalogue name")
    check.add_argument("--latex", action="store_true", help="parse both as LaTeX")
    check.add_argument("--timeout", type=float, default=_CHECK_TIMEOUT,
                       help="seconds before the verdict is 'undecided' (default 5)")
    return parser


def _report(output: Path | None, *, auto: bool) -> int:
    try:
        return _write_report(output, auto=auto)
    except OSError as exc:  # the report module says why in one line; this is the backstop
        raise RenderError(f"cannot write the report: {exc.strerror or exc}") from None


def _write_report(output: Path | None, *, auto: bool) -> int:
    from symreg.render.report import write_report

    have_pdflatex = shutil.which("pdflatex") is not None
    if output is None:
        output = Path("report.pdf" if have_pdflatex else "report.tex")
        if not have_pdflatex:
            print(_pdf_hint(), file=sys.stderr)
    if output.suffix.lower() == ".pdf" and not have_pdflatex and auto:
        written = [write_report(output.with_suffix(".tex")),
                   write_report(output.with_suffix(".md"))]
        for path in written:
            print(f"wrote {path}")
        print(_pdf_hint(), file=sys.stderr)
        return 0
    path = write_report(output)
    print(f"wrote {path}")
    return 0


def _list() -> int:
    from symreg import catalogue

    names = catalogue.names()
    width = max(len(n) for n in names)
    for name in names:
        print(f"{name:<{width}}  {catalogue.title(name)}")
    return 0


def _derive(name: str, fmt: str) -> int:
    from symreg import catalogue

    derivation = catalogue.get(name)
    if fmt == "latex":
        from symreg.render.latex import snippet

        print(snippet(derivation.verify()))
    else:
        print(derivation.markdown())
    return 0


def _check(answer: str, expected: str, *, latex: bool, timeout: float) -> int:
    code, text = check_command(answer, expected, latex=latex, timeout=timeout)
    print(text, file=sys.stderr if code == 2 else sys.stdout)
    return code


def _catalogue_result(name: str) -> sympy.Basic | None:
    """The result of the catalogue derivation ``name``, or None if there is none."""
    import sympy

    try:
        from symreg import catalogue
    except ImportError:  # pragma: no cover - the catalogue is part of symreg
        return None
    try:
        known = name in catalogue.names()
    except Exception:  # pragma: no cover - a broken catalogue must not hide the check
        return None
    if not known:
        return None
    try:
        result = catalogue.get(name).result
    except SymregError:
        raise
    except Exception as exc:  # a broken derivation is reported, not a traceback
        raise InvalidParameterError(
            f"catalogue derivation {name!r} failed: {type(exc).__name__}: {exc}") from exc
    if isinstance(result, sympy.Equality):
        result = result.rhs
    return result


def check_command(
    answer: str,
    expected: str,
    *,
    latex: bool = False,
    timeout: float = _CHECK_TIMEOUT,
) -> tuple[int, str]:
    r"""The ``symreg check ANSWER EXPECTED`` command: exit code and text to print.

    ``EXPECTED`` is an expression, or the name of a catalogue derivation whose
    result is then used (an answer is checked against a set-valued result by
    membership). The exit code is 0 for equivalent, 1 for different, 2 for
    invalid input (the text is one line ``error: ...``) and 3 for undecided.

    >>> check_command("2 lam w", "lam w")[0]
    1
    >>> check_command("2 lam w", "foo(w)")
    (2, "error: expected: unknown name 'foo' at position 0")
    """
    import sympy

    from symreg._answers import check_timeout, parse
    from symreg.check import equivalent, in_subdifferential

    try:
        timeout = check_timeout(timeout)
        target = _catalogue_result(expected)
        if target is None:
            try:
                target = parse(expected, latex=latex)
            except ParseError as exc:
                raise ParseError(f"expected: {exc}") from None
            extra: list[sympy.Symbol] | None = None
        else:
            extra = _widen(target.free_symbols)
            if not isinstance(target, (sympy.Expr, sympy.Set)):
                raise InvalidParameterError(
                    f"catalogue result {expected!r} is not an expression or a set")
        try:
            value = parse(answer, latex=latex, symbols=extra)
        except ParseError as exc:
            raise ParseError(f"answer: {exc}") from None
        if isinstance(target, sympy.Set):
            verdict = in_subdifferential(value, target, at=None, timeout=timeout)
        else:
            verdict = equivalent(value, target, timeout=timeout)
    except SymregError as exc:
        return 2, "error: " + " ".join(str(exc).split())
    return _EXIT_CODES[verdict.status], str(verdict)


def _widen(free: Iterable[sympy.Basic]) -> list[sympy.Symbol] | None:
    """Canonical symbols of a catalogue result that the parser does not know by default."""
    from symreg import parse as _parse
    from symreg import symbols as _symbols

    canonical = set(_symbols.by_name().values())
    known = set(_parse.DEFAULT_NAMES.values())
    extra = sorted((s for s in free if s in canonical and s not in known),
                   key=lambda s: s.name)
    return extra or None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args.output, auto=args.auto)
        if args.command == "list":
            return _list()
        if args.command == "derive":
            return _derive(args.name, args.format)
        return _check(args.answer, args.expected, latex=args.latex, timeout=args.timeout)
    except VerificationError as exc:
        print(f"verification failed: {exc}", file=sys.stderr)
        return 1
    except SymregError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
