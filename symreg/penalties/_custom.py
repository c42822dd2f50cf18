r"""Any scalar penalty: :func:`penalty` builds one from a SymPy expression in a real symbol.

The expression is checked (the variable ranges over the real line, the
expression depends on it and is real for every real value of it), its
convexity is decided by the calculus or, when declared, verified, and every
operation of :class:`~symreg.penalties.Penalty` then works on it.

>>> import sympy
>>> from symreg.symbols import lam
>>> beta = sympy.Symbol("beta", real=True)
>>> p = penalty(lam * sympy.Abs(beta), beta, name="L1 in beta")
>>> p.derivative(), p.subdifferential(at=0), p.convex
(lam*sign(beta), Interval(-lam, lam), True)
>>> p.prox()
Piecewise((-eta*lam + z, z > eta*lam), (eta*lam + z, z < -eta*lam), (0, True))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg import _budget, _cache, calculus
from symreg.convention import Convention
from symreg.derivation import witness
from symreg.errors import InvalidParameterError, UnsupportedError
from symreg.penalties._base import Penalty, _decide_convex, with_positive_strengths

__all__ = ["CustomPenalty", "penalty"]

#: Seconds allowed for deciding the convexity of a custom penalty.
CONVEXITY_TIMEOUT = 60.0

_ROOT = Path(__file__).resolve().parent.parent
# A convexity decided by the calculus is remembered on disk (the penalties of
# symreg.proxlib are built by every process that imports it): keyed by the exact
# penalty and variable, under the fingerprint of the code that decides it, which is
# this module, the penalties' decision, the calculus and the prover.
_DECIDED = _cache.Store("convexity", code=(
    str(_ROOT / "penalties" / "_custom.py"), str(_ROOT / "penalties" / "_base.py"),
    *sorted(str(p) for part in ("calculus", "proof") for p in (_ROOT / part).glob("*.py"))))


class CustomPenalty(Penalty):
    """A penalty given by an expression in a real variable (built by :func:`penalty`)."""

    __slots__ = ("_convex", "_expr", "_hypotheses", "_var", "name")
    _expr: sympy.Expr
    _var: sympy.Symbol
    _convex: bool | None  # None until first asked for (see convex)
    _hypotheses: Boolean

    @property
    def expr(self) -> sympy.Expr:
        return self._expr

    @property
    def var(self) -> sympy.Symbol:
        return self._var

    @property
    def convex(self) -> bool:
        """Whether the penalty is convex: proved, or declared and not refuted.

        Decided when first asked for (a declared convexity is checked by
        :func:`penalty` itself), so that building a penalty costs no proof.
        """
        if self._convex is None:
            decided = _convexity(self._expr, self._var, hypotheses=self._hypotheses)
            # undecided and undeclared: nothing relies on convexity
            self._set(_convex=bool(decided))
        return bool(self._convex)

    @property
    def hypotheses(self) -> Boolean:
        """The conditions on the parameters given to :func:`penalty` (``True`` when none)."""
        return self._hypotheses

    @property
    def convention(self) -> Convention:
        return Convention(label=f"{self.name} penalty", expr=self._expr)

    def _key(self) -> tuple[Any, ...]:
        return (self._var, self._expr, self.name, self._hypotheses)

    def __repr__(self) -> str:
        given = "" if self._hypotheses is sympy.true else f", assume={self._hypotheses}"
        return f"penalty({self._expr}, {self._var}, name={self.name!r}{given})"


def penalty(expr: Any, var: Any, *, name: str | None = None,
            convex: bool | None = None, assume: Any = None) -> CustomPenalty:
    """The penalty ``expr`` of the real variable ``var``.

    Parameters of unknown sign are taken positive (strengths), as for the
    built-in families. The expression is refused when SymPy cannot show it
    real and a sample point shows a value that is not (three-way, as every
    parameter check). Convexity is decided from the second derivative on
    each piece and the one-sided derivatives at the kinks: here when
    ``convex`` is declared, which is checked against that proof (a false
    declaration is an error; one the calculus cannot decide is kept as a
    hypothesis), otherwise when :attr:`~CustomPenalty.convex` is first asked
    for (undecided then means not convex: nothing relies on it).

    ``assume`` states the conditions the parameters must satisfy for the
    penalty to be what it says (SCAD needs ``a > 2``): a conjunction of
    one-sided strict conditions ``s < U`` or ``s > L``, each on a parameter.
    They are kept as data (:attr:`~symreg.penalties.Penalty.hypotheses`),
    checked (on the parameters only, of that shape, satisfiable together) and
    used: the prox is derived under them.

    Raises:
        InvalidParameterError: ``var`` is not a real symbol ranging over the
            line, ``expr`` does not depend on it or is not real for every
            real ``var``, a declared convexity is false, or ``assume`` is not a
            satisfiable conjunction of such conditions on the parameters.

    >>> import sympy
    >>> from symreg.symbols import lam, w
    >>> penalty(lam * sympy.sqrt(sympy.Abs(w)), w, name="root").convex
    False
    >>> penalty(lam * w**2, sympy.Symbol("w"))
    Traceback (most recent call last):
    ...
    symreg.errors.InvalidParameterError: the variable w must be a real symbol \
(Symbol('w', real=True)); without that assumption SymPy treats it as complex
    """
    symbol = _check_var(var)
    hypotheses = _check_hypotheses(assume, symbol)
    try:
        value = sympy.sympify(expr, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidParameterError(
            f"the penalty must be a SymPy expression, got {expr!r}") from exc
    if not isinstance(value, sympy.Expr):
        raise InvalidParameterError(f"the penalty must be a SymPy expression, got {expr!r}")
    if symbol not in value.free_symbols:
        plain = [s for s in value.free_symbols if s.name == symbol.name]
        hint = f" (it uses {plain[0]!r}, a different symbol)" if plain else ""
        raise InvalidParameterError(f"the penalty {value} does not depend on {symbol}{hint}")
    _check_real(value, symbol)
    if name is not None and not isinstance(name, str):
        raise InvalidParameterError(f"name must be a string, got {name!r}")
    if convex is not None and not isinstance(convex, bool):
        raise InvalidParameterError(f"convex must be True, False or None, got {convex!r}")
    label = name or "P"
    known: bool | None = None  # undeclared: decided when first asked for
    if convex is not None:
        decided = _convexity(value, symbol, declared=convex, hypotheses=hypotheses)
        if decided is not None and convex != decided:
            raise InvalidParameterError(
                f"the penalty {value} was declared {'convex' if convex else 'not convex'}, "
                f"but it is {'convex' if decided else 'not convex'}")
        known = convex
    made = CustomPenalty.__new__(CustomPenalty)
    Penalty.__init__(made, _expr=value, _var=symbol, _convex=known, name=label,
                     _hypotheses=hypotheses)
    return made


def _check_hypotheses(assume: Any, var: sympy.Symbol) -> Boolean:
    """The conditions on the parameters, checked: shape, variables and satisfiability."""
    if assume is None:
        return sympy.true
    if isinstance(assume, bool) or not isinstance(assume, Boolean):
        raise InvalidParameterError(f"assume must be a SymPy condition, got {assume!r}")
    if var in assume.free_symbols:
        raise InvalidParameterError(
            f"assume must be a condition on the parameters, not on {var}: got {assume}")
    parts = tuple(assume.args) if isinstance(assume, sympy.And) else (assume,)
    for part in parts:
        if not isinstance(part, sympy.StrictLessThan | sympy.StrictGreaterThan):
            raise InvalidParameterError(
                f"assume must be a conjunction of strict one-sided conditions (s < U or "
                f"s > L), got {part}")
    if witness(assume) is None:
        raise InvalidParameterError(f"no values of the parameters satisfy {assume}")
    return assume


def _check_var(var: Any) -> sympy.Symbol:
    if not isinstance(var, sympy.Symbol):
        raise InvalidParameterError(f"the variable must be a SymPy Symbol, got {var!r}")
    if var.is_real is not True:
        raise InvalidParameterError(
            f"the variable {var} must be a real symbol (Symbol({var.name!r}, real=True)); "
            "without that assumption SymPy treats it as complex")
    if any(getattr(var, f"is_{a}") is not None
           for a in ("positive", "negative", "zero", "integer")):
        raise InvalidParameterError(
            f"the variable {var} must range over the whole real line: declare it with "
            "real=True only")
    return var


def _check_real(value: sympy.Expr, var: sympy.Symbol) -> None:
    positive = {s: sympy.Dummy(s.name, positive=True)
                for s in value.free_symbols - {var} if s.is_positive is None}
    local = value.xreplace(positive)
    if local.is_real:
        return
    params = sorted(local.free_symbols - {var}, key=lambda s: s.name)
    points = (-3, -1, sympy.Rational(-1, 2), 0, sympy.Rational(1, 2), 1, 3)
    defined = False
    for choice in (sympy.Rational(5, 2), sympy.Rational(7, 3), 3, 2):
        values = {s: choice + i for i, s in enumerate(params)}
        at = [(p, sympy.N(local.subs(var, p).subs(values))) for p in points]
        if any(v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) for _p, v in at):
            continue  # these parameter values are a singularity of the formula
        defined = True
        for p, v in at:
            if not v.is_real:
                raise InvalidParameterError(
                    f"the penalty {value} is not real-valued on the reals: at {var} = {p} "
                    f"it is {v}")
    if not defined:
        raise InvalidParameterError(f"the penalty {value} is not defined on the reals")
    # Three-way, as for every parameter: refused only when shown not real.


def _convexity(value: sympy.Expr, var: sympy.Symbol, *, declared: bool | None = None,
               hypotheses: Boolean = sympy.true) -> bool | None:
    """Convexity: by the composition rules, a midpoint counterexample, else in a worker.

    A counterexample is looked for only when nothing is declared and the
    parameters are free (it is then the answer the calculus would give, found
    without starting the proof). What the worker decides is kept in the cache of
    verified facts (:mod:`symreg._cache`) and taken from it by later processes.
    """
    local = with_positive_strengths(value, var)
    if calculus.convex_by_rules(local, var):
        return True
    if declared is None and hypotheses is sympy.true and (
            calculus.midpoint_counterexample(local, var) is not None):
        return False
    key = [sympy.srepr(value), sympy.srepr(var)]
    known = _DECIDED.get(key)
    if isinstance(known, dict) and "convex" in known:
        kept = known["convex"]
        if kept is None or isinstance(kept, bool):
            return kept
    status, result = _budget.run(_decide, (value, var), CONVEXITY_TIMEOUT)
    if status != "ok":
        return None  # out of time: not kept, a later process tries again
    # The calculus has no clock, so its answer, undecided (None) included, is the
    # same in every process with the same code.
    _DECIDED.put(key, {"convex": result})
    return result  # type: ignore[no-any-return]


def _decide(value: sympy.Expr, var: sympy.Symbol) -> bool | None:
    """:func:`_decide_convex`, run in a worker process under the budget."""
    try:
        return _decide_convex(value, var)
    except (UnsupportedError, NotImplementedError):
        return None

