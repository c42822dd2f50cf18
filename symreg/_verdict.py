"""Verdicts of the answer checker: the result object and its text and LaTeX display.

A :class:`Verdict` holds exact SymPy objects; its display never fails, even
for a number too long for Python's ``str`` (such a number is shown rounded).

>>> import sympy
>>> show(sympy.Integer(10) ** 5000)
'1.00000e+5000'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import mpmath
import sympy

from symreg import printing

__all__ = ["LinkStatus", "Point", "Status", "StepLink", "StepsVerdict", "Verdict", "show",
           "show_point"]

Status = Literal["equivalent", "different", "undecided"]
LinkStatus = Literal["equivalence", "implication", "fails", "undecided"]
Point = tuple[tuple[sympy.Symbol, sympy.Expr], ...]

# How the caveat of an equivalence starts (its head already says so).
_WHERE_DEFINED = "equivalent where both are defined; "

# Exact numbers with more bits than this are shown rounded (Python refuses to
# print integers of more than 4300 digits by default).
_SHOWN_BITS = 4000


def _rounded(number: sympy.Rational) -> sympy.Float:
    with mpmath.workprec(64):
        value = _leading(int(number.p)) / _leading(int(number.q))
    return sympy.Float(value, 6)


def _leading(n: int) -> mpmath.mpf:
    """``n`` to 64 significant bits, from its leading bits alone.

    Converting the whole integer would normalise every one of its bits (seconds
    for a number of a million digits); the 64 leading bits and a power of two
    carry all that a six-digit display needs.
    """
    shift = max(abs(n).bit_length() - 64, 0)
    return mpmath.ldexp(mpmath.mpf(n >> shift if n >= 0 else -(-n >> shift)), shift)


def show(obj: object) -> str:
    """``obj`` as text, with exact numbers too long to print shown rounded.

    >>> from symreg.symbols import w
    >>> show(w + sympy.Rational(1, 3)), show(sympy.Eq(w, 1, evaluate=False))
    ('w + 1/3', 'w = 1')
    """
    if not isinstance(obj, sympy.Basic):
        return str(obj)
    if isinstance(obj, sympy.Eq):
        return f"{show(obj.lhs)} = {show(obj.rhs)}"
    return str(sympy.sstr(_displayable(obj)))


def show_value(value: sympy.Basic | None) -> str:
    """A side's value at a point, as text: ``undefined`` where it has none, ``not real``
    where it is not a real number.

    >>> show_value(sympy.nan), show_value(sympy.zoo), show_value(sympy.I), show_value(sympy.S(2))
    ('undefined', 'undefined', 'not real', '2')
    """
    if value is sympy.nan or value is sympy.zoo:
        return "undefined"
    if isinstance(value, sympy.Expr) and value.is_number and value.is_extended_real is False:
        return "not real"
    return show(value)


def _displayable(obj: sympy.Basic) -> sympy.Basic:
    """``obj`` with its exact numbers too long to print rounded."""
    huge = {n: _rounded(n) for n in obj.atoms(sympy.Rational)
            if max(int(n.p).bit_length(), int(n.q).bit_length()) > _SHOWN_BITS}
    return obj.xreplace(huge) if huge else obj


def show_point(point: Point) -> str:
    """A point as ``lam = 1, w = -1``.

    >>> from symreg.symbols import lam, w
    >>> show_point(((lam, sympy.Integer(1)), (w, sympy.Integer(-1))))
    'lam = 1, w = -1'
    """
    return ", ".join(f"{sym} = {show(val)}" for sym, val in point)


def _safe_repr(value: object) -> str:
    """``repr(value)``, with exact numbers too long to print shown rounded."""
    if isinstance(value, tuple):
        inner = ", ".join(_safe_repr(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, sympy.Basic):
        return repr(_displayable(value))
    return repr(value)


def _difference(a: sympy.Basic, e: sympy.Basic) -> str:
    """``a - e`` as written, for two constants."""
    shown = show(e)
    if isinstance(e, sympy.Add) or (isinstance(e, sympy.Expr) and e.could_extract_minus_sign()):
        shown = f"({shown})"
    return f"{show(a)} - {shown}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The outcome of :func:`symreg.check.equivalent` or :func:`symreg.check.in_subdifferential`.

    Attributes:
        status: ``"equivalent"`` (proved; for a membership check: the answer is
            proved to belong to the set), ``"different"`` (a counterexample
            proves it wrong) or ``"undecided"`` (neither, e.g. out of time).
        answer: the answer as a SymPy object.
        expected: the expected expression (or set, for a membership check).
        method: how the status was reached (``"simplify"``, ``"case split"``,
            ``"exact sample"``, ``"timeout"``, ...).
        reason: one sentence for humans.
        counterexample: for ``"different"``, the point (pairs of symbol and
            exact value, sorted by name) where the two differ; ``()`` when
            both are constants.
        answer_value: the exact value of the answer at the counterexample.
        expected_value: the exact value of ``expected`` there.
        relation: ``"=="`` for equivalence, ``"in"`` for membership.
        hint: a suggestion, e.g. that the answer matches under the other L2
            convention; empty when there is none.
        caveat: where a side is undefined, e.g. ``"equivalent where both are
            defined; the answer is undefined at x = -1"`` (the default policy
            compares the two where both are defined); empty when both are
            defined everywhere.
        warnings: notes about how the answer was read, e.g. that a letter
            nobody declared was taken as a real symbol.
        elapsed: seconds spent.

    ``bool(verdict)`` is true only for ``"equivalent"``.

    >>> from symreg.check import equivalent
    >>> v = equivalent("2 lam w", "lam w")
    >>> bool(v), v.status, v.answer_value, v.expected_value
    (False, 'different', -2, -1)
    >>> print(equivalent("pi", "3.14159"))
    different: pi - 314159/100000 != 0 (the two constants differ by about 2.65359e-6)
    """

    status: Status
    answer: sympy.Basic
    expected: sympy.Basic
    method: str
    reason: str
    counterexample: Point | None = None
    answer_value: sympy.Basic | None = None
    expected_value: sympy.Basic | None = None
    relation: Literal["==", "in"] = "=="
    hint: str = ""
    caveat: str = ""
    warnings: tuple[str, ...] = ()
    elapsed: float = 0.0

    def __bool__(self) -> bool:
        return self.status == "equivalent"

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={_safe_repr(getattr(self, name))}"
                           for name in self.__dataclass_fields__)
        return f"Verdict({fields})"

    def __str__(self) -> str:
        a, e = show(self.answer), show(self.expected)
        reason = self.reason
        if self.relation == "in":
            head = {"equivalent": f"valid: {a} is in {e}",
                    "different": f"invalid: {a} is not in {e}",
                    "undecided": f"undecided: {a} in {e}?"}[self.status]
        elif self.status == "different" and self.counterexample == () and isinstance(
                self.answer, sympy.Expr) and isinstance(self.expected, sympy.Expr):
            head = f"different: {_difference(self.answer, self.expected)} != 0"
            gap = sympy.Add(self.answer, -self.expected)
            if isinstance(gap, sympy.Expr) and gap.is_number:
                reason = f"the two constants differ by about {show(sympy.N(gap, 6))}"
        elif self.status == "equivalent" and self.caveat:
            head = f"equivalent where both are defined: {a} == {e}"
        else:
            head = {"equivalent": f"equivalent: {a} == {e}",
                    "different": f"different: {a} != {e}",
                    "undecided": f"undecided: {a} vs {e}"}[self.status]
        lines = [f"{head} ({reason})"]
        if self.counterexample:
            values = ""
            if self.answer_value is not None:
                values = f": answer = {show_value(self.answer_value)}"
                label = "expected" if self.relation == "==" else "set"
                values += f", {label} = {show_value(self.expected_value)}"
            lines.append(f"  at {show_point(self.counterexample)}{values}")
        if self.caveat:
            lines.append(f"  caveat: {self.caveat.removeprefix(_WHERE_DEFINED)}")
        if self.hint:
            lines.append(f"  hint: {self.hint}")
        lines.extend(f"  warning: {text}" for text in self.warnings)
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        a = printing.latex(_displayable(self.answer))
        e = printing.latex(_displayable(self.expected))
        if self.relation == "in":
            rel = {"equivalent": r"\in", "different": r"\notin",
                   "undecided": r"\overset{?}{\in}"}[self.status]
        else:
            rel = {"equivalent": "=", "different": r"\neq",
                   "undecided": r"\overset{?}{=}"}[self.status]
        out = f"{a} {rel} {e}"
        if self.counterexample:
            where = ", ".join(f"{printing.latex(s)} = {printing.latex(_displayable(v))}"
                              for s, v in self.counterexample)
            out += rf" \quad \text{{at }} {where}"
        for note in (self.caveat, *self.warnings):
            if note:
                out += rf" \quad \text{{({_tex_text(note)})}}"
        return f"$\\displaystyle {out}$"


def _tex_text(text: str) -> str:
    r"""``text`` safe inside ``\text{...}``.

    >>> _tex_text("x_1 {a}")
    'x\\_1 \\{a\\}'
    """
    escapes = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "^": r"\^{}",
               "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "~": r"\~{}"}
    return "".join(escapes.get(ch, ch) for ch in text)


@dataclass(frozen=True, slots=True, kw_only=True)
class StepLink:
    """How step ``step`` (1-based) follows from the step before it.

    Attributes:
        step: the step checked against the one before.
        status: ``"equivalence"`` (the two say the same), ``"implication"``
            (step ``step`` follows, but says less: it has more solutions),
            ``"fails"`` (it does not follow) or ``"undecided"``.
        reason: one sentence for humans.
        counterexample: for ``"fails"``, a point that shows it (for equations,
            a solution of the step before that does not solve this one).
        caveat: where a step is undefined, if anywhere.
    """

    step: int
    status: LinkStatus
    reason: str
    counterexample: Point | None = None
    caveat: str = ""

    def __str__(self) -> str:
        sign = {"equivalence": "<=>", "implication": "=>", "fails": "does not follow",
                "undecided": "undecided"}[self.status]
        text = f"{sign} ({self.reason})"
        if self.counterexample:
            text += f" at {show_point(self.counterexample)}"
        if self.caveat:
            text += f"; caveat: {self.caveat}"
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class StepsVerdict:
    """The outcome of :func:`symreg.check.check_steps`.

    Attributes:
        status: ``"valid"`` (every step follows from the one before),
            ``"invalid"`` (one does not: see ``first_failure``) or ``"undecided"``.
        steps: the steps as written.
        links: one :class:`StepLink` per step after the first, up to the first
            failure.
        first_failure: the first step that does not follow, or None.
        warnings: notes about how the steps were read.
        elapsed: seconds spent.

    ``bool(verdict)`` is true only for ``"valid"``.
    """

    status: Literal["valid", "invalid", "undecided"]
    steps: tuple[sympy.Basic, ...]
    links: tuple[StepLink, ...]
    first_failure: int | None = None
    warnings: tuple[str, ...] = ()
    elapsed: float = 0.0

    @classmethod
    def from_links(cls, steps: tuple[sympy.Basic, ...], links: tuple[StepLink, ...]
                   ) -> StepsVerdict:
        """The verdict of a chain whose links were checked."""
        failed = next((link.step for link in links if link.status == "fails"), None)
        if failed is not None:
            status: Literal["valid", "invalid", "undecided"] = "invalid"
        elif any(link.status == "undecided" for link in links) or len(links) < len(steps) - 1:
            status = "undecided"
        else:
            status = "valid"
        return cls(status=status, steps=steps, links=links, first_failure=failed)

    def __bool__(self) -> bool:
        return self.status == "valid"

    def __str__(self) -> str:
        if self.status == "invalid":
            head = (f"invalid: step {self.first_failure} does not follow from step "
                    f"{(self.first_failure or 2) - 1}")
        elif self.status == "valid":
            head = "valid: every step follows from the one before"
        else:
            head = "undecided: not every step could be checked"
        lines = [head, f"  step 1: {show(self.steps[0])}"] if self.steps else [head]
        for link in self.links:
            lines.append(f"  step {link.step}: {show(self.steps[link.step - 1])}")
            lines.append(f"    {link}")
        lines.extend(f"  warning: {text}" for text in self.warnings)
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        marks = {"equivalence": r"\iff", "implication": r"\implies",
                 "fails": r"\not\implies", "undecided": r"\overset{?}{\implies}"}
        out = printing.latex(_displayable(self.steps[0])) if self.steps else ""
        for link in self.links:
            shown = printing.latex(_displayable(self.steps[link.step - 1]))
            out += rf" \quad {marks[link.status]} \quad {shown}"
        return f"$\\displaystyle {out}$"
