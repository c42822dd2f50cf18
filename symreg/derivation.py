r"""Derivations as data: :class:`Step` and :class:`Derivation`, and their verification.

A derivation is a tuple of steps; each step claims one relation between two
SymPy objects (``lhs = rhs`` by default), optionally on a region ``where``.
:meth:`Derivation.verify` checks every step with :func:`symreg.proof.prove`
and raises :class:`~symreg.errors.VerificationError` naming the derivation, the
step and its reason when one is false, cannot be proved, or says nothing
(both sides the same expression). Renderers only render verified derivations.

Examples
--------
>>> import sympy
>>> from symreg.symbols import w, lam
>>> d = Derivation(
...     name="l1-derivative",
...     title="Derivative of the L1 penalty",
...     steps=(
...         Step(sympy.Derivative(lam * sympy.Abs(w), w), lam * sympy.sign(w),
...              reason="chain rule", where=sympy.Ne(w, 0)),
...     ),
... )
>>> d.verify().result
lam*sign(w)
>>> bad = Derivation(name="bad", title="Wrong",
...                  steps=(Step(sympy.sqrt(w**2), w, reason="cancel"),))
>>> bad.verify()
Traceback (most recent call last):
...
symreg.errors.VerificationError: derivation 'bad' (Wrong), step 1 (cancel): false at w = -1

A step whose two sides are the same expression proves nothing and is refused;
keeping the written form on one side (``evaluate=False``) says what it states:

>>> even = Step(lam * sympy.Abs(-w), lam * sympy.Abs(w), reason="L1 is even")
>>> Derivation(name="even", title="Even", steps=(even,)).verify()
Traceback (most recent call last):
...
symreg.errors.VerificationError: derivation 'even' (Even), ...: says nothing: ...
>>> written = lam * sympy.Abs(-w, evaluate=False)
>>> even = Step(written, lam * sympy.Abs(w), reason="L1 is even")
>>> Derivation(name="even", title="Even", steps=(even,)).verify().result
lam*Abs(w)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy
from sympy.logic.boolalg import Boolean

from symreg import printing
from symreg.convention import Convention
from symreg.errors import InvalidParameterError, VerificationError
from symreg.proof import Proof, prove

__all__ = ["Derivation", "Step", "StepRelation"]

StepRelation = Literal["eq", "le", "lt", "ge", "gt", "in", "solve"]

_RELATIONS: tuple[str, ...] = ("eq", "le", "lt", "ge", "gt", "in", "solve")

# Derivations and steps are immutable values, so a verified one stays verified.
_VERIFIED: set[Derivation] = set()
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
        reason: why the step holds, in a few words (rendered as ``\text{...}``).
        relation: ``"eq"`` (equality of expressions or sets), ``"le"``,
            ``"lt"``, ``"ge"``, ``"gt"``, ``"in"`` (``lhs`` is an element of the
            set ``rhs``) or ``"solve"`` (``lhs`` is an equation whose solution
            set in ``variable`` over ``domain`` is ``rhs``).
        where: the region where the step is claimed (a SymPy condition), or
            None for every admissible value of the symbols.
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
        if self.relation not in _RELATIONS:
            raise InvalidParameterError(
                f"relation must be one of {', '.join(_RELATIONS)}, got {self.relation!r}"
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
        the original equation; each finite candidate is substituted back.
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
            outcome = prove(equation.subs(self.variable, candidate), 0, where=self.where,
                            timeout=timeout)
            if outcome.status == "unknown":
                return None
            if outcome.status == "proved":
                kept.append(candidate)
        return sympy.Intersection(sympy.FiniteSet(*kept), *rest, evaluate=False) if rest else (
            sympy.FiniteSet(*kept))


@dataclass(frozen=True, slots=True, kw_only=True)
class Derivation:
    r"""A named, titled sequence of verified steps.

    Args:
        name: a short identifier (the catalogue key, e.g. ``"l1-subdifferential"``).
        title: a human title.
        steps: the steps, in order; the last one establishes :attr:`result`.
        statement: the claim in words (may contain ``$...$`` LaTeX), rendered
            as the theorem of the report.
        conventions: the conventions the result depends on, as
            :class:`~symreg.convention.Convention` values (expression and label).
        remarks: further sentences rendered after the proof.

    >>> import sympy
    >>> from symreg.symbols import w
    >>> d = Derivation(name="square", title="Square of a real",
    ...                steps=(Step(sympy.Abs(w)**2, w**2, reason="w is real"),))
    >>> d.result
    w**2
    """

    name: str
    title: str
    steps: tuple[Step, ...]
    statement: str = ""
    conventions: tuple[Convention, ...] = field(default=())
    remarks: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.steps:
            raise InvalidParameterError("a derivation needs at least one step")
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "conventions", tuple(self.conventions))
        for value in self.conventions:
            if not isinstance(value, Convention):
                raise InvalidParameterError(
                    f"conventions must hold Convention values, got {value!r}")
        object.__setattr__(self, "remarks", tuple(self.remarks))

    @property
    def result(self) -> Any:
        """The SymPy object established by the last step (its right side)."""
        return self.steps[-1].rhs

    @property
    def verified(self) -> bool:
        """Whether :meth:`verify` has already succeeded on an equal derivation."""
        return self in _VERIFIED

    def verify(self, *, timeout: float | None = None) -> Derivation:
        """Check every step; return ``self`` or raise ``VerificationError``.

        The error names the derivation, the 1-based step number and the step's
        reason, and says whether the step is false (with a counterexample),
        could not be proved, or says nothing (its two sides are the same
        expression, see :attr:`Step.vacuous`).

        >>> import sympy
        >>> from symreg.symbols import w
        >>> d = Derivation(name="d", title="Square", steps=(Step((w - 1)**2, w**2 - 2*w + 1,
        ...                                                   reason="expand"),))
        >>> d.verify() is d, d.verified
        (True, True)
        """
        if self in _VERIFIED:
            return self
        for number, step in enumerate(self.steps, start=1):
            if step.vacuous:
                raise VerificationError(
                    f"derivation {self.name!r} ({self.title}), step {number} "
                    f"({step.reason}): says nothing: both sides are {step.lhs}"
                )
            outcome = step.check(timeout=timeout)
            if outcome.status != "proved":
                verdict = outcome.reason if outcome.status == "refuted" else (
                    f"could not be proved ({outcome.reason})")
                raise VerificationError(
                    f"derivation {self.name!r} ({self.title}), step {number} "
                    f"({step.reason}): {verdict}"
                )
        _VERIFIED.add(self)
        return self

    def latex(self, *, notation: Mapping[Any, str] | None = None, **options: Any) -> str:
        r"""The verified steps as an ``align*`` block (see :mod:`symreg.render.latex`).

        ``notation`` renames symbols in the math (see :func:`symreg.printing.notation`):
        ``d.latex(notation={w: r"\beta"})``.

        >>> from symreg.symbols import w
        >>> d = Derivation(name="d", title="Square", steps=(Step((w - 1)**2, w**2 - 2*w + 1,
        ...                                                   reason="expand"),))
        >>> print(d.latex())
        \begin{align*}
        \left(w - 1\right)^{2} &= w^{2} - 2 w + 1 && \text{expand}
        \end{align*}
        """
        from symreg.render.latex import derivation_align

        verified = self.verify()
        with printing.notation(notation):
            return derivation_align(verified, **options)

    def markdown(self, *, notation: Mapping[Any, str] | None = None, **options: Any) -> str:
        """The verified derivation as Markdown with ``$$`` display math.

        ``notation`` renames symbols as in :meth:`latex`; ``flavor="gfm"``
        writes GitHub's dialect of math (see :mod:`symreg.render.markdown`).

        >>> from symreg.symbols import w
        >>> d = Derivation(name="d", title="Square", steps=(Step((w - 1)**2, w**2 - 2*w + 1,
        ...                                                   reason="expand"),))
        >>> d.markdown().splitlines()[0]
        '### Square'
        """
        from symreg.render.markdown import derivation_markdown

        verified = self.verify()
        with printing.notation(notation):
            return derivation_markdown(verified, **options)

    def _repr_latex_(self) -> str:
        from symreg.render.latex import derivation_align

        return "$$" + derivation_align(self.verify(), environment="aligned") + "$$"
