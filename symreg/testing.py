r"""Assertions for tests: equivalence, implementations and subgradients.

The helpers raise :class:`AssertionError` with a message that shows both
expressions and the point where they differ. Under pytest they get assertion
rewriting from symreg's plugin (registered through the ``pytest11`` entry
point, no configuration needed), which also provides the ``symreg_check``
fixture: a :class:`Checker` whose time budget is set by ``--symreg-timeout``
or the ``symreg_timeout`` ini option.

Examples
--------
>>> from symreg.testing import assert_equivalent, assert_implements
>>> assert_equivalent("sign(z) max(|z| - lam, 0)", "z - max(-lam, min(z, lam))").status
'equivalent'
>>> def soft(z, lambda_):
...     return max(abs(z) - lambda_, 0.0) * (1 if z > 0 else -1)
>>> assert_implements(soft, "sign(z) max(|z| - lam, 0)") > 0
True
>>> assert_equivalent("2 lam w", "lam w")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AssertionError: answer is not equivalent to expected (different: a counterexample proves it)
  answer:   2 lam w
  expected: lam w
  at lam = 1, w = -1: answer = -2, expected = -1...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sympy

from symreg._answers import SymbolsArg
from symreg._implements import assert_implements
from symreg._verdict import StepsVerdict, show, show_point, show_value
from symreg.check import (
    DEFAULT_TIMEOUT,
    Verdict,
    check_steps,
    equivalent,
    in_subdifferential,
    parse,
)
from symreg.errors import VerificationError

__all__ = [
    "Checker",
    "assert_equivalent",
    "assert_implements",
    "assert_in_subdifferential",
    "assert_steps",
]


def _fail_unless(status: str, wanted: str, message: str) -> None:
    """Fail with ``message`` unless ``status`` is ``wanted``."""
    __tracebackhide__ = True
    assert status == wanted, message
    if status != wanted:  # pragma: no cover - only under python -O
        raise VerificationError(message)


def _as_written(given: Any, parsed: sympy.Basic) -> str:
    """The answer as the user wrote it: their text, else the written SymPy form."""
    return given if isinstance(given, str) else show(parsed)


def _explain(verdict: Verdict, what: str, given: Any = None, expected: Any = None) -> str:
    a = _as_written(given, verdict.answer) if given is not None else show(verdict.answer)
    e = _as_written(expected, verdict.expected) if expected is not None \
        else show(verdict.expected)
    if verdict.status == "different":
        head = f"{what} ({verdict.status}: {verdict.reason})"
    else:
        head = f"could not prove it: {what} ({verdict.status}: {verdict.reason})"
    label = "set:     " if verdict.relation == "in" else "expected:"
    lines = [head, f"  answer:   {a}", f"  {label} {e}"]
    if verdict.counterexample:
        line = f"  at {show_point(verdict.counterexample)}"
        if verdict.answer_value is not None:
            line += (f": answer = {show_value(verdict.answer_value)}, "
                     f"{'set' if verdict.relation == 'in' else 'expected'} = "
                     f"{show_value(verdict.expected_value)}")
        lines.append(line)
    if verdict.caveat:
        lines.append(f"  caveat: {verdict.caveat}")
    if verdict.hint:
        lines.append(f"  hint: {verdict.hint}")
    lines.extend(f"  warning: {note}" for note in verdict.warnings)
    return "\n".join(lines)


def assert_equivalent(
    answer: Any,
    expected: Any,
    *,
    latex: bool = False,
    expected_latex: bool | None = None,
    symbols: SymbolsArg = None,
    timeout: float = DEFAULT_TIMEOUT,
    hints: bool = True,
    strict: bool = False,
    rtol: float | None = None,
) -> Verdict:
    r"""Assert that ``answer`` equals ``expected`` (wherever both are defined, unless strict).

    Arguments are as for :func:`symreg.check.equivalent`: answers may be
    expressions, sets, intervals, tuples or equations; ``strict=True`` counts
    a point where a side is undefined as a difference. An ``undecided``
    verdict fails too: equality must be proved.

    Returns:
        The (equivalent) :class:`~symreg.check.Verdict`, whose ``caveat`` says
        where a side is undefined.

    Raises:
        AssertionError: the two differ or equality could not be proved in time.
            The message shows the answer as written, the counterexample, the
            caveat and any warning.

    >>> assert_equivalent(r"\sqrt{w^2}", r"\left|w\right|", latex=True).status
    'equivalent'
    >>> assert_equivalent("w/w", "1").caveat
    'equivalent where both are defined; the answer is undefined at w = 0'
    >>> assert_equivalent("(w^2 - 1)/(w + 1)", "w - 1", strict=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: answer is not equivalent to expected (different: strict: ...)
      answer:   (w^2 - 1)/(w + 1)
      expected: w - 1
      at w = -1: answer = undefined, expected = -2
      caveat: the answer is undefined at w = -1...
    """
    __tracebackhide__ = True
    verdict = equivalent(answer, expected, latex=latex, expected_latex=expected_latex,
                         symbols=symbols, timeout=timeout, hints=hints, strict=strict,
                         rtol=rtol)
    _fail_unless(verdict.status, "equivalent",
                 _explain(verdict, "answer is not equivalent to expected", answer, expected))
    return verdict


def _explain_steps(verdict: StepsVerdict, given: list[Any]) -> str:
    if verdict.status == "invalid":
        head = (f"step {verdict.first_failure} does not follow from step "
                f"{(verdict.first_failure or 2) - 1}")
    else:
        head = "could not check every step (undecided)"
    lines = [head]
    for n, step in enumerate(verdict.steps, start=1):
        text = _as_written(given[n - 1], step) if n <= len(given) else show(step)
        link = next((link for link in verdict.links if link.step == n), None)
        lines.append(f"  step {n}: {text}" + (f"   {link}" if link is not None else ""))
    lines.extend(f"  warning: {note}" for note in verdict.warnings)
    return "\n".join(lines)


def assert_steps(steps: Iterable[Any], **options: Any) -> StepsVerdict:
    """Assert that every step of a multi-step answer follows from the one before.

    The options (``latex``, ``symbols``, ``timeout``, ``strict``) are those of
    :func:`symreg.check.check_steps`, which checks them. A step that is only
    implied (it has more solutions) passes; the returned verdict's ``links``
    say which steps are equivalences and which implications.

    Raises:
        AssertionError: a step does not follow (the message shows the steps as
            written and the counterexample) or a step could not be checked.

    >>> [link.status for link in assert_steps(["(w - 1)^2", "w^2 - 2 w + 1"]).links]
    ['equivalence']
    >>> assert_steps(["w^2 = w", "w = 1"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: step 2 does not follow from step 1
      step 1: w^2 = w
      step 2: w = 1   does not follow (a solution of step 1 does not solve step 2) at w = 0...
    """
    __tracebackhide__ = True
    given = list(steps)
    verdict = check_steps(given, **options)
    _fail_unless(verdict.status, "valid", _explain_steps(verdict, given))
    return verdict


def assert_in_subdifferential(
    g: Any,
    penalty: Any,
    at: Any = 0,
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    """Assert that ``g`` is a subgradient of ``penalty`` at ``w = at``.

    Arguments are as for :func:`symreg.check.in_subdifferential`.

    >>> assert_in_subdifferential("-lam/2", "lam |w|", at=0).status
    'equivalent'
    >>> assert_in_subdifferential("lam", "lam |w|", at=-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: g is not in the subdifferential (different: a counterexample proves it)
      answer:   lam
      set:      {-lam}
      at lam = 1: answer = 1, set = {-1}...
    """
    __tracebackhide__ = True
    verdict = in_subdifferential(g, penalty, at, latex=latex, symbols=symbols,
                                 timeout=timeout)
    _fail_unless(verdict.status, "equivalent",
                 _explain(verdict, "g is not in the subdifferential"))
    return verdict


# ---------------------------------------------------------------------------
# the fixture's object


@dataclass(frozen=True, slots=True, kw_only=True)
class Checker:
    """The object of the ``symreg_check`` fixture: the helpers with a set budget.

    >>> checker = Checker(timeout=2.0)
    >>> checker.equivalent("|w|^2", "w^2").status
    'equivalent'
    """

    timeout: float = DEFAULT_TIMEOUT
    strict: bool = False

    def parse(self, text: str, *, latex: bool = False, symbols: SymbolsArg = None
              ) -> sympy.Basic:
        """:func:`symreg.check.parse`."""
        return parse(text, latex=latex, symbols=symbols)

    def equivalent(self, answer: Any, expected: Any, **options: Any) -> Verdict:
        """:func:`symreg.check.equivalent` with this checker's time budget and policy."""
        options.setdefault("timeout", self.timeout)
        options.setdefault("strict", self.strict)
        return equivalent(answer, expected, **options)

    def assert_equivalent(self, answer: Any, expected: Any, **options: Any) -> Verdict:
        """:func:`assert_equivalent` with this checker's time budget and policy."""
        __tracebackhide__ = True
        options.setdefault("timeout", self.timeout)
        options.setdefault("strict", self.strict)
        return assert_equivalent(answer, expected, **options)

    def assert_in_subdifferential(self, g: Any, penalty: Any, at: Any = 0,
                                  **options: Any) -> Verdict:
        """:func:`assert_in_subdifferential` with this checker's time budget."""
        __tracebackhide__ = True
        options.setdefault("timeout", self.timeout)
        return assert_in_subdifferential(g, penalty, at, **options)

    def assert_implements(self, fn: Callable[..., Any], expr: Any, **options: Any) -> int:
        """:func:`assert_implements`."""
        __tracebackhide__ = True
        return assert_implements(fn, expr, **options)

    def check_steps(self, steps: Iterable[Any], **options: Any) -> StepsVerdict:
        """:func:`symreg.check.check_steps` with this checker's time budget and policy."""
        options.setdefault("timeout", self.timeout)
        options.setdefault("strict", self.strict)
        return check_steps(steps, **options)

    def assert_steps(self, steps: Iterable[Any], **options: Any) -> StepsVerdict:
        """:func:`assert_steps` with this checker's time budget and policy."""
        __tracebackhide__ = True
        options.setdefault("timeout", self.timeout)
        options.setdefault("strict", self.strict)
        return assert_steps(steps, **options)
