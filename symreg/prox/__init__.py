r"""Proximal operators, derived piece by piece from the optimality condition.

``prox(penalty, step)`` minimises ``1/2 (u - z)**2 + step * P(u)`` over
``u``. The penalty is cut into pieces where its formula is smooth
(:func:`symreg.calculus.pieces`); when ``u**2/2 + step * P(u)`` is strictly
convex (proved: see :mod:`symreg.prox._engine`) the optimality condition
``z in u + step * dP(u)`` is solved on every piece and at every cut, each
solution is verified, and the cases are collapsed into one formula when they
agree. When that objective is not convex the prox is the *set-valued* argmin,
found by comparing the candidates (:mod:`symreg.prox._argmin`), and is
returned as a ``Piecewise`` of sets.

Hypotheses on the parameters (``assume=eta < gamma`` for MCP) are part of the
result: every step is proved under them. The derivation runs in a worker
process under a time budget (``timeout`` seconds, by default
:data:`DEFAULT_TIMEOUT`, changed with :func:`set_default_timeout`); past it,
or when a case cannot be solved, the answer is an
:class:`~symreg.errors.UnsupportedError` saying what could not be done.

The module needs only what :class:`ProxPenalty` names (the expression, a
name, a convention), so any object with those works.

>>> from symreg import L1, L2
>>> from symreg.symbols import eta
>>> prox(L1(), eta)
Piecewise((-eta*lam + z, z > eta*lam), (eta*lam + z, z < -eta*lam), (0, True))
>>> prox(L2(half=True), eta)
z/(eta*lam + 1)
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, Protocol, runtime_checkable

import sympy
from sympy.logic.boolalg import Boolean

from symreg import _budget, symbols
from symreg._memo import forgotten_with_results, results_memo
from symreg._validate import require_positive
from symreg.convention import Convention
from symreg.derivation import Derivation, Step
from symreg.errors import InvalidParameterError, UnsupportedError, VerificationError
from symreg.printing import words
from symreg.proof import prove, simplified
from symreg.prox._hypotheses import DELTA as DELTA  # the symbol of a hypothesis, for callers
from symreg.prox._hypotheses import Parametrisation, parametrise
from symreg.prox._transfer import (
    VerifiedTransfer,
    freeze_derivation,
    record_verified,
    thaw_derivation,
)

__all__ = ["DEFAULT_TIMEOUT", "ProxPenalty", "adopt", "in_this_process", "prox",
           "prox_derivation", "set_default_timeout", "transfers"]

w, z, u = symbols.w, symbols.z, symbols.u

#: Seconds a prox derivation may take before it is given up (see :func:`set_default_timeout`).
DEFAULT_TIMEOUT = 60.0


def set_default_timeout(seconds: float) -> float:
    """Set the default time budget of a prox derivation; returns the previous one.

    >>> previous = set_default_timeout(30)
    >>> set_default_timeout(previous)
    30.0
    """
    global DEFAULT_TIMEOUT
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not seconds > 0:
        raise InvalidParameterError(f"the time budget must be positive seconds, got {seconds!r}")
    previous, DEFAULT_TIMEOUT = DEFAULT_TIMEOUT, float(seconds)
    return previous


@runtime_checkable
class ProxPenalty(Hashable, Protocol):
    """What :func:`prox` needs from a penalty of one weight (every penalty has it).

    The expression is in ``w`` unless the object has a ``var`` attribute
    naming its real variable. It must be hashable (results are cached).

    >>> from symreg import L1
    >>> isinstance(L1(), ProxPenalty), isinstance(3, ProxPenalty)
    (True, False)
    """

    name: str

    @property
    def expr(self) -> sympy.Expr:
        """The penalty as an expression in its variable."""

    @property
    def convention(self) -> Convention:
        """The convention the penalty is written in."""


def prox(penalty: ProxPenalty, step: Any = symbols.eta, *, assume: Any = None,
         timeout: float | None = None) -> sympy.Expr:
    """The proximal operator ``argmin_u 1/2 (u - z)**2 + step * P(u)`` in ``z``.

    A single formula when the argmin is one point for every ``z``, else a
    ``Piecewise`` of sets (the set-valued argmin).

    Args:
        penalty: the penalty.
        step: the step size (> 0).
        assume: a hypothesis on the parameters (a SymPy condition, a
            conjunction of one-sided conditions ``s < U`` or ``s > L``) under
            which the result is derived, or None. The penalty's own
            :attr:`~symreg.penalties.Penalty.hypotheses` are added to it.
        timeout: seconds allowed (default :data:`DEFAULT_TIMEOUT`).

    >>> from symreg import ElasticNet
    >>> from symreg.symbols import eta
    >>> prox(ElasticNet(), eta)
    Piecewise(((-eta*lam_1 + z)/(2*eta*lam_2 + 1), z > eta*lam_1),
              ((eta*lam_1 + z)/(2*eta*lam_2 + 1), z < -eta*lam_1), (0, True))
    """
    derivation = prox_derivation(penalty, step, assume=assume, timeout=timeout)
    written = parametrise(_hypothesis(assume, penalty), require_positive(step, "step"),
                          _names(penalty))
    result = derivation.results["prox"]
    return _substitute_back(result, written) if written.substitutions else result


def prox_derivation(penalty: ProxPenalty, step: Any = symbols.eta, *, assume: Any = None,
                    timeout: float | None = None) -> Derivation:
    """The verified derivation of :func:`prox` from the optimality condition.

    Raises:
        InvalidParameterError: ``penalty`` is not a penalty, ``step`` is not
            positive or ``assume`` is not a condition on the parameters.
        UnsupportedError: a case cannot be solved or verified within the budget.

    >>> from symreg import L1
    >>> d = prox_derivation(L1())
    >>> d.verified, d.steps[-1].reason
    (True, 'the cases cover every $z$; together')
    """
    if not isinstance(penalty, ProxPenalty):
        raise InvalidParameterError(
            f"penalty must be a Penalty, got {type(penalty).__name__}")
    size = require_positive(step, "step")
    hypothesis = _hypothesis(assume, penalty)
    var = getattr(penalty, "var", w)
    expr = penalty.expr.xreplace({var: w}) if var != w else penalty.expr
    if expr.free_symbols & {z, u} or (var != w and w in penalty.expr.free_symbols):
        raise UnsupportedError(
            f"the prox of {penalty!r} is not supported: its parameters use the names "
            "of the prox's own variables (w, u, z)")
    budget = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    written = parametrise(hypothesis, size, _names(penalty))
    if written.substitutions:
        # Each condition becomes the sign of a new positive symbol (the prover then
        # needs no relation between parameters); see symreg.prox._hypotheses.
        expr, size, hypothesis = written.forward(expr), written.forward(size), sympy.true
    return _derive(expr, penalty.name, penalty.convention, size, hypothesis, budget,
                   repr(penalty), written.note())


def _names(penalty: ProxPenalty) -> frozenset[str]:
    """The names of the penalty's symbols (a new symbol must not take one)."""
    return frozenset(s.name for s in penalty.expr.free_symbols)


def _substitute_back(result: sympy.Basic, written: Parametrisation) -> sympy.Basic:
    """The result in the original parameters (``delta`` replaced), each piece simplified."""
    if isinstance(result, sympy.Piecewise):
        return sympy.Piecewise(*[(_substitute_back(e, written),
                                  simplified(written.back(c))) for e, c in result.args])
    if isinstance(result, sympy.FiniteSet):
        return sympy.FiniteSet(*[_substitute_back(e, written) for e in result.args])
    return sympy.factor_terms(simplified(written.back(result)))


def _hypothesis(assume: Any, penalty: Any = None) -> Boolean:
    """``assume`` checked, and joined to the conditions of the penalty's own parameters."""
    own = getattr(penalty, "hypotheses", sympy.true)
    if assume is None:
        return own
    if isinstance(assume, bool) or not isinstance(assume, Boolean):
        raise InvalidParameterError(f"assume must be a SymPy condition, got {assume!r}")
    if assume.free_symbols & {w, z, u}:
        raise InvalidParameterError(
            f"assume must be a condition on the parameters only, got {assume}")
    return sympy.And(own, assume)


# Whether prox derivations run in this process (see in_this_process), in this context.
_HERE: ContextVar[bool] = ContextVar("symreg_prox_here", default=False)


@contextlib.contextmanager
def in_this_process() -> Iterator[None]:
    """Within the block, derive proximal operators in this process, without a time budget.

    For a caller that derives the package's own penalties only (whose derivations
    are known to finish: the test suite derives every one of them) and has nothing
    to do meanwhile, such as the command that prints one catalogue entry: starting
    a worker process, which loads SymPy again, would cost more than the
    derivation. The derivation and its verification are the worker's, step for
    step (:func:`derive_frozen`), so the result is the same.

    >>> from symreg import L1
    >>> with in_this_process():
    ...     prox_derivation(L1(strength=3)).verified
    True
    """
    token = _HERE.set(True)
    try:
        yield
    finally:
        _HERE.reset(token)


# The derivations made in this process, or adopted from another (see adopt()), by
# what they are derived from.
_MADE: dict[tuple[Any, ...], Derivation] = {}
forgotten_with_results(_MADE.clear)  # (forgotten with the memoised ones)


def transfers() -> list[tuple[tuple[Any, ...], VerifiedTransfer]]:
    """Every prox derivation made in this process, frozen, for :func:`adopt` in another.

    >>> from symreg import L1
    >>> _ = prox(L1())
    >>> any(key[1] == "L1" for key, _ in transfers())
    True
    """
    return [(key, VerifiedTransfer(freeze_derivation(d), d.witness)) for key, d in _MADE.items()]


def adopt(found: Iterable[tuple[tuple[Any, ...], VerifiedTransfer]]) -> None:
    """Take the derivations ``found`` by :func:`transfers` in another process of this program.

    They were verified there, and are rebuilt here exactly as verified (see
    :mod:`symreg.prox._transfer`), so they are not derived again. A report
    hands them to the worker that draws its figures.
    """
    for key, transfer in found:
        _MADE.setdefault(key, record_verified(thaw_derivation(transfer.derivation),
                                              transfer.witness))


@results_memo(128)
def _derive(expr: sympy.Expr, name: str, convention: Convention, step: sympy.Expr,
            hypothesis: Boolean, budget: float, label: str, note: str = "") -> Derivation:
    key = (expr, name, convention, step, hypothesis, note)
    made = _MADE.get(key)
    # Kept while its verification is on record: a process that clears the record of
    # verified derivations (to measure from scratch) derives it again.
    if made is not None and made.verified:
        return made
    args = (expr, name, convention, step, hypothesis, note)
    try:
        status, value = _budget.here(derive_rebuilt, args) if _HERE.get() else _budget.run(
            derive_frozen, args, budget, warmup=_warm)
    except UnsupportedError as exc:
        raise UnsupportedError(f"the prox of {label} is not supported: {exc}") from None
    if status == "timeout":
        raise UnsupportedError(
            f"the prox of {label} could not be derived within the time budget of "
            f"{budget:g} seconds")
    if status == "error":
        raise UnsupportedError(f"the prox of {label} could not be derived: {value}")
    if isinstance(value, Derivation):  # derived here
        _MADE[key] = value
        return value
    # The worker verified exactly the derivation that thawing rebuilds here (see
    # derive_frozen), so it is recorded as verified instead of being proved again.
    _MADE[key] = record_verified(thaw_derivation(value.derivation), value.witness)
    return _MADE[key]


def _warm() -> None:  # pragma: no cover - runs in the worker process
    import symreg.prox._engine  # noqa: F401


def derive_rebuilt(expr: sympy.Expr, name: str, convention: Convention, step: sympy.Expr,
                   hypothesis: Boolean, note: str = "") -> Derivation:
    """:func:`derive_frozen` in this process: the derivation as rebuilt from the frozen data,
    verified (at the end of the batch, inside :func:`symreg.derivation.verified_together`).

    The same derivation as a worker's, thawed here: what the caller gets does not
    depend on where it was derived.
    """
    frozen = freeze_derivation(derive(expr, name, convention, step, hypothesis, note))
    return _verified(thaw_derivation(frozen), name)


def derive_frozen(expr: sympy.Expr, name: str, convention: Convention, step: sympy.Expr,
                  hypothesis: Boolean, note: str = "") -> VerifiedTransfer:
    """:func:`derive` and its verification, frozen for the way back to the calling process.

    What is verified is the derivation as the caller will rebuild it from the
    frozen data (rebuilding is deterministic), so the caller may record it as
    verified without proving it again.
    """
    frozen = freeze_derivation(derive(expr, name, convention, step, hypothesis, note))
    return VerifiedTransfer(frozen, _verified(thaw_derivation(frozen), name).witness)


def _verified(rebuilt: Derivation, name: str) -> Derivation:
    """``rebuilt.verify()``, a link that fails reported as a prox that is not supported."""
    try:
        return rebuilt.verify()
    except VerificationError as exc:
        raise UnsupportedError(f"the prox of {name} could not be verified: {exc}") from exc


def derive(expr: sympy.Expr, name: str, convention: Convention, step: sympy.Expr,
           hypothesis: Boolean, note: str = "") -> Derivation:
    """Derive (in the current process, without a budget) and verify the prox of ``expr``.

    ``note`` is appended to the prose (how a hypothesis was written).
    """
    from symreg.prox._engine import convex_objective, single_valued

    monotone, why = convex_objective(expr, step, hypothesis)
    if why:
        from symreg.prox._argmin import set_valued

        steps, result, statement = set_valued(expr, step, hypothesis, why)
    else:
        steps, cases, branches = single_valued(expr, step, hypothesis)
        steps = [*monotone, *steps]
        result = _collapse(sympy.Piecewise(*branches[:-1], (branches[-1][0], True)),
                           branches)
        together = Step(cases, result, where=hypothesis if hypothesis is not sympy.true
                        else None, reason=words("the cases cover every {}; together", z))
        if len(branches) == 1:
            slope = sympy.diff(expr, w).subs(w, result)
            together = Step(sympy.Add(z, sympy.Mul(-1, step, slope), evaluate=False), result,
                            where=hypothesis if hypothesis is not sympy.true else None,
                            reason=words(r"so ${} = {} - {}\,P'({})$ at this {}, for every {}",
                                         u, z, step, u, u, z))
        steps.append(together)
        statement = (
            "The proximal operator is the minimiser of the prox objective: half the squared "
            "distance to the input plus the step times the penalty. Its optimality "
            "condition is strictly monotone in the output, so the minimiser is the one "
            "solution of that condition, found piece by piece.")
    derivation = Derivation(name=f"prox-{name.lower().replace(' ', '-')}",
                            title=words(f"Proximal operator of {name} ({{}})",
                                        convention.expr), steps=tuple(steps),
                            hypotheses=hypothesis, prose=statement + note,
                            results={"prox": result}, conventions=(convention,))
    try:
        return derivation.verify()
    except VerificationError as exc:
        raise UnsupportedError(f"the prox of {name} could not be verified: {exc}") from exc


def _collapse(prox: sympy.Piecewise,
              branches: list[tuple[sympy.Expr, sympy.Basic]]) -> sympy.Expr:
    """Return one formula when every case agrees with it, else the Piecewise."""
    first = branches[0][0]
    if len(branches) == 1 or prove(prox, first).status == "proved":
        return first
    return prox
