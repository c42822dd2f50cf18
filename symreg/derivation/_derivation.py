r"""A derivation: hypotheses, a claim, a proof made of calc chains, and named results."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.logic.boolalg import Boolean

from symreg import _cache, printing
from symreg.convention import Convention
from symreg.derivation import _proofcache, _shared
from symreg.derivation._chain import Chain
from symreg.derivation._claim import Conjunct, conjuncts, implies, witness
from symreg.derivation._step import Step
from symreg.errors import InvalidParameterError, VerificationError
from symreg.proof import Proof

__all__ = ["Derivation", "Results", "verified_together"]

# Derivations are immutable values, so a verified one stays verified; the
# witness of its hypotheses is kept with it.
_VERIFIED: dict[Derivation, tuple[tuple[sympy.Symbol, Any], ...]] = {}


class Results(Mapping[str, Any]):
    """Named results of a derivation: a read-only, hashable mapping in the author's order.

    >>> r = Results({"b": 1, "a": 2})
    >>> list(r), r["a"], hash(r) == hash(Results({"b": 1, "a": 2}))
    (['b', 'a'], 2, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        pairs = tuple((str(k), sympy.sympify(v, strict=True)) for k, v in (items or {}).items())
        self._items = dict(pairs)

    def __getitem__(self, key: str) -> Any:
        try:
            return self._items[key]
        except KeyError:
            known = ", ".join(self._items) or "none"
            raise KeyError(f"no result named {key!r}; known: {known}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Results):
            return NotImplemented
        return tuple(self._items.items()) == tuple(other._items.items())

    def __repr__(self) -> str:
        return f"Results({self._items!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Derivation:
    r"""A named theorem: hypotheses, a claim, its proof as calc chains, and named results.

    Args:
        name: a short identifier (the catalogue key, e.g. ``"subdifferential"``).
        title: a human title.
        steps: the proof: calc chains (:class:`~symreg.derivation.Chain`, see
            :func:`~symreg.derivation.calc`), each a separate fact with its own
            region; a lone :class:`~symreg.derivation.Step` is a chain of one link.
        hypotheses: a SymPy condition assumed throughout (default ``True``):
            every step is proved under it, and it must be satisfiable.
        claim: the theorem, a SymPy statement (see :mod:`symreg.derivation`)
            or a sequence of them (their conjunction, kept in this order for
            the reader); None claims exactly what the chains establish.
        results: named objects of the claim (each must occur in it, usually as
            a side of a conjunct), e.g. ``{"prox": ...}``.
        prose: words that name and motivate the theorem; no formulas (the
            statement a reader sees is rendered from hypotheses and claim), and
            symbols named as math printed from SymPy objects
            (:func:`symreg.printing.words`), so they follow the reader's notation.
        conventions: the conventions the result depends on.
        remarks: further sentences rendered after the proof, in words only.
    """

    name: str
    title: str
    steps: tuple[Step | Chain, ...]
    hypotheses: Boolean = sympy.true
    claim: Boolean | Sequence[Boolean] | None = None
    results: Mapping[str, Any] = field(default_factory=Results)
    prose: str = ""
    conventions: tuple[Convention, ...] = field(default=())
    remarks: tuple[str, ...] = field(default=())
    chains: tuple[Chain, ...] = field(init=False, repr=False)
    statements: tuple[Boolean, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = tuple(self.steps)
        if not items:
            raise InvalidParameterError("a derivation needs at least one step")
        for item in items:
            if not isinstance(item, (Step, Chain)):
                raise InvalidParameterError(
                    f"a proof is made of steps and chains, got {type(item).__name__}")
        chains = tuple(c if isinstance(c, Chain) else Chain((c,)) for c in items)
        object.__setattr__(self, "chains", chains)
        object.__setattr__(self, "steps", tuple(s for c in chains for s in c.steps))
        hypotheses = sympy.sympify(self.hypotheses, strict=True)
        if not isinstance(hypotheses, Boolean):
            raise InvalidParameterError(f"hypotheses must be a condition, got {hypotheses!r}")
        object.__setattr__(self, "hypotheses", hypotheses)
        claim = self.claim
        if claim is None:
            statements = tuple(c.fact for c in chains)
        elif isinstance(claim, (list, tuple)):
            statements = tuple(claim)
        else:
            statements = tuple(claim.args) if isinstance(claim, sympy.And) else (claim,)
        if not statements or not all(isinstance(s, Boolean) for s in statements):
            raise InvalidParameterError(f"a claim is a SymPy statement, got {claim!r}")
        for part in statements:
            conjuncts(part)  # a claim of a kind that can be checked, or an error now
        object.__setattr__(self, "statements", statements)
        object.__setattr__(self, "claim", statements[0] if len(statements) == 1 else (
            sympy.And(*statements, evaluate=False)))
        results = self.results if isinstance(self.results, Results) else Results(self.results)
        object.__setattr__(self, "results", results)
        object.__setattr__(self, "conventions", tuple(self.conventions))
        for value in self.conventions:
            if not isinstance(value, Convention):
                raise InvalidParameterError(
                    f"conventions must hold Convention values, got {value!r}")
        object.__setattr__(self, "remarks", tuple(self.remarks))

    @property
    def conjuncts(self) -> tuple[Conjunct, ...]:
        """The conjuncts of :attr:`claim` in the author's order, each with its region."""
        return tuple(c for s in self.statements for c in conjuncts(s))

    @property
    def verified(self) -> bool:
        """Whether :meth:`verify` has already succeeded on an equal derivation."""
        return self in _VERIFIED

    @property
    def witness(self) -> tuple[tuple[sympy.Symbol, Any], ...]:
        """A point where the hypotheses hold (pairs of symbol and exact value), from ``verify``.

        Empty when the hypotheses are ``True``.
        """
        if self not in _VERIFIED:
            self._verify(None, None)  # now, also while a batch defers verify()
        return _VERIFIED[self]

    def _where(self, number: int, step: int | None = None, reason: str = "") -> str:
        head = f"derivation {self.name!r} ({self.title})"
        if step is None:
            return head
        return f"{head}, chain {number}, step {step} ({reason})"

    def verify(self, *, timeout: float | None = None) -> Derivation:
        """Check the hypotheses, every link of every chain, the claim and the results.

        Returns ``self``, or raises :class:`~symreg.errors.VerificationError`
        naming the derivation and what failed: hypotheses with no point that
        satisfies them; a link (by chain, step and reason) that is false (with
        a counterexample), could not be proved, or says nothing (both sides
        the same expression); a conjunct of the claim that no chain
        establishes; a named result that does not occur in the claim.
        """
        if self in _VERIFIED:
            return self
        if timeout is None and _shared.defer(self):
            return self  # verified with the others at the end of the batch
        return self._verify(timeout, None)

    def _verify(self, timeout: float | None, known: Mapping[Step, Proof] | None) -> Derivation:
        """:meth:`verify`, with the outcomes of links proved already (None: prove them here,
        and in a fork where that is allowed)."""
        hypotheses = self.hypotheses
        point = witness(hypotheses)
        if point is None:
            raise VerificationError(
                f"{self._where(0)}: no point satisfying the hypotheses {hypotheses} was found")
        links = [(number, index, step) for number, chain in enumerate(self.chains, start=1)
                 for index, step in enumerate(chain.steps, start=1)]
        if known is None:
            known = self._proved_elsewhere(links, timeout)
        for number, index, step in links:
            self._check_step(number, index, step, timeout, known)
        facts = [conjuncts(c.fact)[0] for c in self.chains]
        for number, goal in enumerate(self.conjuncts, start=1):
            self._check_goal(number, goal, facts, timeout)
        sides = [x for c in self.conjuncts for x in (c.lhs, c.rhs)]
        claim = self.claim
        assert isinstance(claim, Boolean)
        for key, value in self.results.items():
            if not any(value == side for side in sides) and not claim.has(value):
                raise VerificationError(
                    f"{self._where(0)}: result {key!r} ({value}) is not part of the claim")
        _VERIFIED[self] = point
        return self

    def _checked(self, step: Step) -> Step:
        """``step`` on its region within the hypotheses: the link as it is proved."""
        if self.hypotheses is sympy.true:
            return step
        region = self.hypotheses if step.where is None else sympy.And(self.hypotheses, step.where)
        return dataclasses.replace(step, where=region)

    def _proved_elsewhere(self, links: list[tuple[int, int, Step]], timeout: float | None,
                          ) -> dict[Step, Proof]:
        """Outcomes of the links left to prove, from a fork of this process as well (see
        :mod:`symreg.derivation._shared`); empty when nothing was forked."""
        if not _shared.enabled():
            return {}
        return _outcomes(self._left(step for _, _, step in links), timeout)

    def _left(self, steps: Iterable[Step]) -> list[Step]:
        """The links of ``steps`` as they are proved, without those decided already."""
        return [checked for step in steps if not step.vacuous
                for checked in (self._checked(step),)
                if checked.known() is None and _proofcache.taken(checked, counted=False) is None]

    def _check_step(self, number: int, index: int, step: Step, timeout: float | None,
                    known: Mapping[Step, Proof] | None = None) -> None:
        if step.vacuous:
            raise VerificationError(
                f"{self._where(number, index, step.reason)}: says nothing: both sides are "
                f"{step.lhs}")
        checked = self._checked(step)
        # A link proved by an earlier run (the same content, versions and prover)
        # is taken from the on-disk cache; see symreg.derivation._proofcache.
        outcome = _proofcache.taken(checked)
        if outcome is None:
            outcome = (known or {}).get(checked)
            if outcome is None:
                outcome = checked.check(timeout=timeout)
            else:
                checked.decided(outcome)
            _proofcache.remember(checked, outcome)
        if outcome.status != "proved":
            verdict = outcome.reason if outcome.status == "refuted" else (
                f"could not be proved ({outcome.reason})")
            raise VerificationError(f"{self._where(number, index, step.reason)}: {verdict}")

    def _check_goal(self, number: int, goal: Conjunct, facts: list[Conjunct],
                    timeout: float | None) -> None:
        # (Without the on-disk cache there is nothing to look up, nor to keep, and
        # the key is costly: it writes out every fact.)
        cached = _cache.enabled()
        if cached and _proofcache.follows(goal, facts, self.hypotheses):
            return
        region = self.hypotheses if goal.region is None else sympy.And(
            self.hypotheses, goal.region)
        if witness(region) is None:
            raise VerificationError(
                f"{self._where(0)}: claim {number} ({goal.statement}) holds vacuously: "
                f"no point satisfies {region}")
        if not any(implies(fact, goal, self.hypotheses, timeout=timeout) for fact in facts):
            raise VerificationError(
                f"{self._where(0)}: claim {number} ({goal.statement}) does not follow from "
                "any chain of the proof")
        if cached:
            _proofcache.remember_goal(goal, facts, self.hypotheses)

    def latex(self, *, notation: Mapping[Any, str] | None = None, **options: Any) -> str:
        r"""The verified proof as an ``align*`` block (see :mod:`symreg.render.latex`).

        ``notation`` renames symbols in the math (see :func:`symreg.printing.notation`):
        ``d.latex(notation={w: r"\beta"})``.

        >>> from symreg.derivation import Step
        >>> from symreg.symbols import w
        >>> d = Derivation(name="d", title="Square", steps=(Step((w - 1)**2, w**2 - 2*w + 1,
        ...                                                   reason="expand"),))
        >>> print(d.latex())
        \begin{align*}
        \left(w - 1\right)^{2} &= w^{2} - 2 w + 1 \tag*{expand}
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

        >>> from symreg.derivation import Step
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


@contextmanager
def verified_together() -> Iterator[None]:
    """Inside :func:`~symreg.derivation.in_two_processes`, the derivations whose
    ``verify()`` is called in the block are verified together at its end (their links
    proved by two processes in one fork); elsewhere, each at once.

    >>> from symreg.derivation import Derivation, Step, in_two_processes
    >>> from symreg.symbols import w
    >>> d = Derivation(name="product", title="A product",
    ...                steps=(Step(w * (w + 1), w**2 + w, reason="expand"),))
    >>> with in_two_processes(), verified_together():
    ...     d.verify().verified
    False
    >>> d.verified
    True
    """
    with _shared.one_batch(verify_together):
        yield


def verify_together(derivations: list[Derivation]) -> None:
    """Verify ``derivations`` in order, their links (each once) proved first by two processes.

    What :meth:`Derivation.verify` of each in turn does, with one fork for all
    of their links instead of one per derivation (see
    :func:`symreg.derivation._shared.one_batch`).
    """
    left = [d for d in derivations if d not in _VERIFIED]
    known = _outcomes((link for d in left
                       for link in d._left(s for c in d.chains for s in c.steps)), None)
    for derivation in left:
        if derivation not in _VERIFIED:
            derivation._verify(None, known)


def _outcomes(links: Iterable[Step], timeout: float | None) -> dict[Step, Proof]:
    """The outcome of each of ``links`` (each once), proved by this process and a fork
    (:func:`symreg.derivation._shared.outcomes`); empty when nothing was forked."""
    ordered = _twins_last(dict.fromkeys(links))
    found = _shared.outcomes(ordered, lambda link: link.check(timeout=timeout))
    return {} if found is None else dict(zip(ordered, found, strict=True))


def _twins_last(links: Iterable[Step]) -> list[Step]:
    """``links`` in the order two processes should prove them: twins last, together.

    Links about the same two sides on different regions (one proximal step
    from ``w_k`` for ``w0 > 0`` and for ``w0 < 0``) share most of their work,
    the sides' case forms, which a process computes once. This process takes
    links from the first on and the fork from the last back
    (:func:`symreg.derivation._shared.outcomes`), so twins put last are taken
    together, by the fork, the twins with the largest sides first; the other
    links keep their order.
    """
    groups: dict[tuple[Any, Any], list[Step]] = {}
    for link in links:
        groups.setdefault((link.lhs, link.rhs), []).append(link)
    single = [group[0] for group in groups.values() if len(group) == 1]
    # the largest sides last: the fork starts with them
    twins = sorted((group for group in groups.values() if len(group) > 1),
                   key=lambda group: sympy.count_ops(group[0].lhs) + sympy.count_ops(
                       group[0].rhs))
    return single + [link for group in twins for link in group]


def record_verified(derivation: Derivation,
                    witness: tuple[tuple[sympy.Symbol, Any], ...]) -> Derivation:
    """Record ``derivation`` as verified, with the witness of its hypotheses.

    Only for a derivation equal to one that :meth:`~symreg.Derivation.verify`
    accepted in a worker process of this package (the worker verifies the
    rebuilt derivation, which is what the caller rebuilds from the same data).
    """
    _VERIFIED[derivation] = tuple(witness)
    return derivation
