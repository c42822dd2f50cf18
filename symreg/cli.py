"""The ``symreg`` command line: the only place that prints or exits.

Commands::

    symreg report [-o FILE] [--auto]     the full report (.pdf, .tex or .md); --no-cache
                                         proves every step again in this run; --macros
                                         writes abs, sign and prox as LaTeX macros
                                         defined in the preamble (.tex and .pdf)
    symreg list [--results]              the catalogue, one "name  title" per line
                                         (with --results: one NAME:KEY per named result)
    symreg derive NAME [--format F]      one derivation as LaTeX (a theorem and its
                                         proof, to paste into a document) or Markdown;
                                         --width LENGTH (the host's text width) and
                                         --macros (defined by the snippet itself)
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
import atexit
import gc
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from symreg._cli_check import _CHECK_TIMEOUT, check_command, steps_command
from symreg._cli_grade import _add_grade_parser, _grade
from symreg.errors import (
    InvalidParameterError,
    RenderError,
    SymregError,
    VerificationError,
)
from symreg.render.text import MD_FLAVORS

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["check_command", "main", "steps_command"]



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
    report.add_argument("--macros", action="store_true", help=_MACROS_HELP)
    report.add_argument("--no-cache", action="store_true", help=_NO_CACHE_HELP)

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
    derive.add_argument("--macros", action="store_true", help=_MACROS_HELP)
    derive.add_argument("--no-cache", action="store_true", help=_NO_CACHE_HELP)

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


_NO_CACHE_HELP = ("prove every step in this run: neither read nor write the verification "
                  "cache (also SYMREG_NO_CACHE=1; SYMREG_CACHE_DIR moves the cache)")

_MACROS_HELP = ("write \\abs{}, \\sign, \\prox and \\argmin in the LaTeX, defined with "
                "\\providecommand (in the preamble, or at the top of a derivation)")
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
            notation: Sequence[str] = (), macros: bool = False) -> int:
    from symreg import _budget, _cache

    if _budget.cores() > 1 and not _cache.holds(_cache.REPORTS):
        # No report can come whole from the cache: this one is built, with entries in a
        # worker process whose template imports the package on the other core meanwhile.
        _budget.prepare("symreg.catalogue._elsewhere", "warm")
    from symreg import printing

    try:
        with printing.notation(_notation(notation)):
            return _write_report(output, auto=auto, md_flavor=md_flavor, macros=macros)
    except OSError as exc:  # the report module says why in one line; this is the backstop
        raise RenderError(f"cannot write the report: {exc.strerror or exc}") from None


def _write_report(output: Path | None, *, auto: bool, md_flavor: str, macros: bool) -> int:
    from symreg import _cache
    from symreg.render.report import write_report

    events = _cache.stats()
    counted = ("reports taken", "derivations taken", "derivations verified by workers")
    before = [events.events_of(event) for event in counted]

    def note() -> str:
        return _verified_note(*(events.events_of(event) - earlier
                                for event, earlier in zip(counted, before, strict=True)))

    have_pdflatex = shutil.which("pdflatex") is not None
    if output is None:
        output = Path("report.pdf" if have_pdflatex else "report.tex")
        if not have_pdflatex:
            print(_pdf_hint(), file=sys.stderr)
    if output.suffix.lower() == ".pdf" and not have_pdflatex and auto:
        # Macros are for LaTeX: the .md of the fallback is written without them.
        written = [write_report(output.with_suffix(".tex"), macros=macros),
                   write_report(output.with_suffix(".md"), md_flavor=md_flavor)]
        for path in written:
            print(f"wrote {path}")
        print(_pdf_hint(), file=sys.stderr)
        print(note(), file=sys.stderr)
        return 0
    path = write_report(output, md_flavor=md_flavor, macros=macros)
    print(f"wrote {path}")
    print(note(), file=sys.stderr)
    return 0


def _verified_note(whole: int = 0, kept: int = 0, elsewhere: int = 0) -> str:
    """Where this run's proofs came from (on stderr: the report's bytes do not depend on it).

    ``whole`` reports of this command were taken whole from the cache of an
    identical earlier build (nothing in them was proved, derived or drawn
    again), ``kept`` catalogue derivations were taken from it built and
    verified, and ``elsewhere`` were built and verified by a worker process of
    this run.
    """
    from symreg import _cache

    events = _cache.stats()
    done = {"proved": events.events_of("steps proved"),
            "cached": events.events_of("steps taken")}
    where = f"the cache in {_cache.cache_dir()}" if _cache.enabled() else "no cache (off)"
    reused = (f"{whole} report{'s' if whole > 1 else ''} taken whole from the cache (built, "
              "every step proved, by an earlier run of the same code on the same inputs); "
              if whole else "")
    if kept:
        reused += (f"derivations: {kept} taken from the cache (built and verified, every step "
                   "proved, by an earlier run of the same code); ")
    if elsewhere:
        reused += (f"derivations: {elsewhere} built and verified by this run's worker "
                   "processes (their steps are not counted here); ")
    return (f"{reused}steps: {done['proved']} proved in this process, {done['cached']} taken "
            f"from the verification cache (proofs of identical steps, kept by an earlier run or "
            f"by this run's worker processes); {where}")


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
            width: str = "345pt", macros: bool = False) -> int:
    from symreg import catalogue, printing, prox
    from symreg.derivation import in_two_processes
    from symreg.render.snippet import snippet, width_em

    names = _notation(notation)
    width_em(width)  # a bad width is refused before any work
    if macros and fmt != "latex":
        raise InvalidParameterError("--macros is for --format latex: Markdown renderers "
                                    "do not read macro definitions")
    # The entry's proximal operators are the package's own: derived here, as there
    # is nothing to do meanwhile (a worker process would load SymPy again).
    # Its links are proved by two processes where two cores are free (see
    # symreg.derivation._shared): one derivation is all there is to do.
    with prox.in_this_process(), in_two_processes():
        derivation = catalogue.get(name)
    with printing.notation(names):
        if fmt == "latex":
            print(snippet(derivation.verify(), width=width, macros=macros))
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


def run() -> NoReturn:
    """The ``symreg`` command: :func:`main` on ``sys.argv``, then exit at once with its code.

    Exit handlers run (worker processes are stopped) and the output is flushed;
    then the process ends without releasing its objects one by one (after a
    report, hundreds of thousands of SymPy expressions: about 0.2 s); every
    file was written and closed before. Meanwhile the collector of reference
    cycles waits for 50,000 new objects, not 700: a command builds mostly
    acyclic expression trees once (collecting took about 4% of a report).
    """
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    code = main()
    exits = getattr(atexit, "_run_exitfuncs", None)
    if exits is None:  # pragma: no cover - an interpreter without it exits as usual
        sys.exit(code)
    exits()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the status Python gives when flushing fails at exit
        os._exit(120)
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(_check_operands_first(sys.argv[1:] if argv is None else argv))
    if getattr(args, "no_cache", False):
        from symreg import _cache

        with _cache.disabled():
            return _main(args)
    return _main(args)


def _main(args: argparse.Namespace) -> int:
    try:
        if args.command == "report":
            return _report(args.output, auto=args.auto, md_flavor=args.md_flavor,
                           notation=args.notation, macros=args.macros)
        if args.command == "list":
            return _list(results=args.results)
        if args.command == "derive":
            return _derive(args.name, args.format, args.md_flavor, args.notation, args.width,
                           args.macros)
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
