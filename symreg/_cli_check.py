"""The ``symreg check`` command: one answer, or a file of steps, to an exit code and text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from symreg.errors import (
    InvalidParameterError,
    ParseError,
    SymregError,
)

if TYPE_CHECKING:  # pragma: no cover
    import sympy

__all__ = ["check_command", "steps_command"]

_EXIT_CODES = {"equivalent": 0, "different": 1, "undecided": 3}
# The time budget of `symreg check` (symreg.check.DEFAULT_TIMEOUT, without importing it).
_CHECK_TIMEOUT = 5.0


def _option_timeout(timeout: float) -> float:
    """``--timeout`` checked, refused in the words of the command line."""
    from symreg._answers import check_timeout

    try:
        return check_timeout(timeout)
    except InvalidParameterError:
        raise InvalidParameterError(
            f"--timeout must be a positive finite number of seconds, got {timeout!r}"
        ) from None


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
    from symreg._reading import OutOfTime
    from symreg.check import check_steps

    try:
        timeout = _option_timeout(timeout)
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
    except OutOfTime as exc:  # reading took the whole budget: no verdict
        return 3, f"undecided: {exc}"
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


def _flag_refusal(role: str, error: Exception) -> Exception:
    """A refusal of the operand ``role``, named, with advice in terms of the command's flags."""
    if not isinstance(error, ParseError):
        return error  # it names the operand already ("answer is not a real expression")
    text = str(error)
    advice = "backslash in plain text (use latex=True for LaTeX) at position "
    if text.startswith(advice):
        # The parser's advice names the Python keyword; here the flags are meant.
        text = (f"backslash in plain text (use --{role}-latex or --latex for LaTeX) "
                f"at position {text[len(advice):]}")
    return ParseError(f"{role}: {text}")


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

    from symreg._answers import symbols_from_spec
    from symreg._reading import OutOfTime
    from symreg.check import _equivalent, _in_subdifferential

    try:
        timeout = _option_timeout(timeout)
        named = list(symbols_from_spec(symbols).values()) if symbols else []
        target = _catalogue_result(expected)
        if target is None:
            extra: list[sympy.Symbol] | None = named or None
            goal: sympy.Basic | str = expected
        else:
            extra = [*(_widen(target.free_symbols) or []), *named] or None
            if not isinstance(target, (sympy.Expr, sympy.Set)):
                raise InvalidParameterError(
                    f"catalogue result {expected!r} is not an expression or a set")
            goal = target
        if isinstance(target, sympy.Set) and not isinstance(goal, str):
            verdict = _in_subdifferential(answer, target, at=None, latex=latex or answer_latex,
                                          symbols=extra, timeout=timeout, role="answer",
                                          label=_flag_refusal)
        else:
            verdict = _equivalent(answer, goal, latex=latex or answer_latex,
                                  expected_latex=latex or expected_latex, symbols=extra,
                                  timeout=timeout, strict=strict, rtol=rtol,
                                  label=_flag_refusal)
        text = str(verdict)
    except OutOfTime as exc:  # reading took the whole budget: no verdict
        return _EXIT_CODES["undecided"], f"undecided: {exc}"
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
