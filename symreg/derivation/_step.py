"""One claimed relation between two SymPy objects, with its reason: :class:`Step`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy.logic.boolalg import Boolean

from symreg.errors import InvalidParameterError
from symreg.proof import Proof, prove

__all__ = ["RELATIONS", "Step", "StepRelation"]

StepRelation = Literal["eq", "le", "lt", "ge", "gt", "in", "solve"]

RELATIONS: tuple[str, ...] = ("eq", "le", "lt", "ge", "gt", "in", "solve")

# Steps are immutable values, so a decided one stays decided.
_OUTCOMES: dict[Step, Proof] = {}

# Exact sample points tried per step before the symbolic proof. A derivation's
# steps are meant to be true, so sampling there is a guard (it has caught a
# wrong SymPy limit) rather than the main work; answer checking samples more.
_STEP_SAMPLES = 24


@dataclass(frozen=True, slots=True)
class Step:
    r"""One claimed relation ``lhs REL rhs`` with the reason it holds.

    Args:
        lhs: left side (an expression, or a set; unevaluated ``Derivative``,
            ``Limit`` and ``Integral`` are allowed and evaluated when checked).
        rhs: right side.
        reason: why the step holds, in a few words (rendered as ``\text{...}``);
            math in it is printed from SymPy objects (:func:`symreg.printing.words`),
            so that it follows the reader's notation.
        relation: ``"eq"`` (equality of expressions or sets), ``"le"``,
            ``"lt"``, ``"ge"``, ``"gt"``, ``"in"`` (``lhs`` is an element of the
            set ``rhs``) or ``"solve"`` (``lhs`` is an equation whose solution
            set in ``variable`` over ``domain`` is ``rhs``).
        where: the region where the step is claimed (a SymPy condition), or
            None for every admissible value of the symbols. In a ``"solve"``
            step the unknown is bound, so a condition on it only restricts the
            parameters; the step is first proved for every value of them.
        variable: the unknown of a ``"solve"`` step.
        domain: the domain of a ``"solve"`` step (default: all reals).

    >>> import sympy
    >>> from symreg.symbols import w
    >>> Step(w**2, w, reason="w is between 0 and 1", relation="le",
    ...      where=(w > 0) & (w < 1)).check().status
    'proved'
    """

    lhs: Any
    rhs: Any
    reason: str
    relation: StepRelation = "eq"
    where: Boolean | None = None
    variable: sympy.Symbol | None = None
    domain: sympy.Set | None = None

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise InvalidParameterError(
                f"relation must be one of {', '.join(RELATIONS)}, got {self.relation!r}"
            )
        if self.relation == "solve" and self.variable is None:
            raise InvalidParameterError("a 'solve' step needs its variable")
        object.__setattr__(self, "lhs", sympy.sympify(self.lhs, strict=True))
        object.__setattr__(self, "rhs", sympy.sympify(self.rhs, strict=True))

    @property
    def vacuous(self) -> bool:
        """Whether both sides are the same expression, so the step proves nothing.

        The sides are compared as written: SymPy's automatic evaluation on
        construction has happened, so ``Abs(-w)`` is already ``Abs(w)``, but a
        form built with ``evaluate=False`` or ``UnevaluatedExpr`` is kept and
        differs from its value.

        >>> import sympy
        >>> from symreg.symbols import w
        >>> Step(sympy.Abs(-w), sympy.Abs(w), reason="even").vacuous
        True
        >>> Step(sympy.Abs(-w, evaluate=False), sympy.Abs(w), reason="even").vacuous
        False
        """
        return bool(self.lhs == self.rhs)

    def known(self) -> Proof | None:
        """This step's outcome if it was decided already in this process, else None."""
        return _OUTCOMES.get(self)

    def decided(self, outcome: Proof) -> None:
        """Record ``outcome`` as this step's, decided by :meth:`check` in another process."""
        if outcome.status != "unknown":
            _OUTCOMES[self] = outcome

    def check(self, *, timeout: float | None = None) -> Proof:
        """Decide this step; returns the :class:`~symreg.proof.Proof`.

        >>> import sympy
        >>> from symreg.symbols import w
        >>> Step(sympy.Abs(w), w, reason="drop the bars").check().status
        'refuted'
        """
        known = _OUTCOMES.get(self)
        if known is not None:
            return known
        if self.relation == "solve":
            outcome = self._check_solve(timeout=timeout)
        else:
            outcome = prove(self.lhs, self.rhs, relation=self.relation, where=self.where,
                            timeout=timeout, samples=_STEP_SAMPLES)
        if outcome.status != "unknown":
            # Steps are immutable values: a decided step stays decided, so the
            # many derivations that share a step prove it once.
            _OUTCOMES[self] = outcome
        return outcome

    def _check_solve(self, *, timeout: float | None) -> Proof:
        assert self.variable is not None
        if timeout is None and self.where is not None and self.variable in self.where.free_symbols:
            # The unknown is bound in the solution set, so a condition on it only
            # restricts the parameters (to those for which some value of the unknown
            # meets it). The claim for every value of the parameters implies the claim
            # on the region, and is tried first: the same equation solved without
            # the condition elsewhere (its crossover) is then not proved again.
            kept = [c for c in (self.where.args if isinstance(self.where, sympy.And)
                                else (self.where,)) if self.variable not in c.free_symbols]
            stronger = Step(self.lhs, self.rhs, reason=self.reason, relation="solve",
                            where=sympy.And(*kept) if kept else None,
                            variable=self.variable, domain=self.domain)
            outcome = stronger._check_solve(timeout=None)
            if outcome.status == "proved":
                return outcome
        equation = self.lhs
        domain = self.domain if self.domain is not None else sympy.S.Reals
        if isinstance(equation, sympy.Eq):
            equation = equation.lhs - equation.rhs
        solutions = sympy.solveset(equation, self.variable, domain)
        if isinstance(solutions, sympy.ConditionSet):
            return Proof(status="unknown", method="solveset",
                         reason="SymPy could not solve the equation")
        solutions = self._drop_extraneous(equation, solutions, timeout=timeout)
        if solutions is None:
            return Proof(status="unknown", method="solveset",
                         reason="could not check the candidate solutions")
        result = prove(solutions, self.rhs, relation="eq", where=self.where, timeout=timeout)
        if result.status == "proved":
            return Proof(status="proved", method="solveset", reason=result.reason)
        return result

    def _drop_extraneous(self, equation: sympy.Expr, solutions: sympy.Set, *,
                         timeout: float | None) -> sympy.Set | None:
        """Keep only the candidates that provably satisfy the equation.

        ``solveset`` may square both sides and return roots that do not solve
        the original equation; each finite candidate is substituted back. A
        candidate is kept when it is proved to solve the equation for every
        value of the symbols in the region, and dropped only when it is proved
        to solve it for none (``|equation| > 0`` there); one that solves it for
        some values and not others (a root extraneous only for some
        parameters) leaves the solution set undecided.
        """
        if isinstance(solutions, sympy.FiniteSet):
            finite, rest = solutions, []
        elif isinstance(solutions, sympy.Intersection) and any(
                isinstance(a, sympy.FiniteSet) for a in solutions.args):
            finite = next(a for a in solutions.args if isinstance(a, sympy.FiniteSet))
            rest = [a for a in solutions.args if a is not finite]
        else:
            return solutions
        kept = []
        for candidate in finite.args:
            at = equation.subs(self.variable, candidate)
            if prove(at, 0, where=self.where, timeout=timeout).status == "proved":
                kept.append(candidate)
            elif prove(sympy.Abs(at), 0, relation="gt", where=self.where,
                       timeout=timeout).status != "proved":
                return None
        return sympy.Intersection(sympy.FiniteSet(*kept), *rest, evaluate=False) if rest else (
            sympy.FiniteSet(*kept))
