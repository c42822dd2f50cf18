"""The ``symreg`` command line: the only place that prints or exits.

Commands::

    symreg report [-o FILE] [--auto]     the full report (.pdf, .tex or .md)
    symreg list                          the catalogue, one "name  title" per line
    symreg derive NAME [--format F]      one derivation as LaTeX or Markdown
    symreg check ANSWER EXPECTED         is ANSWER equivalent to EXPECTED?

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
from collections.abc import Sequence
from pathlib import Path

from symreg.errors import SymregError, VerificationError

__all__ = ["main"]

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
    check.add_argument("--timeout", type=float, default=5.0,
                       help="seconds before the verdict is 'undecided' (default 5)")
    return parser


def _report(output: Path | None, *, auto: bool) -> int:
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
    print(derivation.latex() if fmt == "latex" else derivation.markdown())
    return 0


def _check(answer: str, expected: str, *, latex: bool, timeout: float) -> int:
    from symreg.check import check_command

    code, text = check_command(answer, expected, latex=latex, timeout=timeout)
    print(text, file=sys.stderr if code == 2 else sys.stdout)
    return code


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
