r"""Multi-step answers: does each step follow from the one before?

:func:`check_steps` (exported by :mod:`symreg.check`) reads the steps and
checks the chain in a worker process within a time budget; :func:`check_chain`
is the check itself, run in that worker.

A chain of expressions (``(w-1)^2``, ``w^2 - 2w + 1``) is checked link by
link with the answer checker: each step must be equivalent to the one before.

A chain of equations or inequalities (reasoning by equivalence) is checked on
solution sets in
the unknown: step ``k`` *follows* from step ``k-1`` when every solution of
step ``k-1`` solves step ``k``; the link is an **equivalence** when the
solutions are the same, and only an **implication** when step ``k`` has more
(squaring both sides). A step that loses a solution (dividing ``w^2 = w`` by
``w``) does not follow: the lost solution is the counterexample.

>>> import sympy
>>> from symreg.symbols import w
>>> out = check_chain([sympy.Eq(w**2, w), sympy.Eq(w, 1)], Policy(), 5.0)
>>> out.status, out.first_failure, out.links[0].counterexample
('invalid', 2, ((w, 0),))
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import sympy

from symreg import _budget
from symreg._answers import SymbolsArg, check_timeout
from symreg._compare import RELATION, _article, _solve, _unknown, decide, kind_of
from symreg._decide import Frozen, Policy, evaluated, freeze, thaw
from symreg._reading import DEFAULT_TIMEOUT, read, resolve_symbols
from symreg._verdict import Point, StepLink, StepsVerdict
from symreg.errors import InvalidParameterError
from symreg.proof import prove

__all__ = ["check_chain", "check_steps"]


def _link(k: int, kind: str, reason: str, point: Point | None = None, caveat: str = ""
          ) -> StepLink:
    return StepLink(step=k, status=kind, reason=reason,  # type: ignore[arg-type]
                    counterexample=point, caveat=caveat)


def _solves(eq: sympy.Basic, x: sympy.Symbol, value: sympy.Basic, deadline: float
            ) -> tuple[str, Point | None]:
    """Whether ``x = value`` solves ``eq``: "yes", "no" or "unknown", and a point of the
    parameters where it does not."""
    rel = evaluated(eq)
    lhs, rhs = rel.lhs.xreplace({x: value}), rel.rhs.xreplace({x: value})
    proof = prove(lhs, rhs, relation=RELATION.get(type(rel), "eq"),  # type: ignore[arg-type]
                  timeout=max(deadline - time.monotonic(), 1e-3))
    if proof.status == "proved":
        return "yes", None
    if proof.status == "refuted":
        return "no", proof.counterexample
    return "unknown", None


def _includes(small: sympy.Set, eq: sympy.Basic, x: sympy.Symbol, deadline: float
              ) -> tuple[str, Point | None]:
    """Whether every element of ``small`` solves ``eq`` (the verdict and a counterexample)."""
    if isinstance(small, sympy.FiniteSet):
        undecided = False
        for value in small.args:
            got, params = _solves(eq, x, value, deadline)
            if got == "no":
                return "no", tuple(sorted([(x, value), *(params or ())],
                                          key=lambda kv: kv[0].name))
            undecided = undecided or got == "unknown"
        return ("unknown" if undecided else "yes"), None
    other = _solve(eq, x)
    if other is None:
        return "unknown", None
    inside = small.is_subset(other)
    if inside is True:
        return "yes", None
    if inside is False:
        rest = sympy.Complement(small, other)
        if isinstance(rest, sympy.Union):
            rest = rest.args[0]
        if isinstance(rest, sympy.FiniteSet) and rest.args:
            return "no", ((x, rest.args[0]),)
        if isinstance(rest, sympy.Interval):
            lo, hi = rest.left, rest.right
            inside = ((lo + hi) / 2 if lo.is_finite and hi.is_finite else
                      lo + 1 if lo.is_finite else hi - 1 if hi.is_finite else sympy.S.Zero)
            return "no", ((x, inside),)
        return "no", None
    return "unknown", None


def _equation_link(k: int, prev: sympy.Basic, cur: sympy.Basic, policy: Policy,
                   deadline: float) -> StepLink:
    same = decide(cur, prev, policy, max(deadline - time.monotonic(), 1e-3))
    if same.status == "equivalent" and same.method == "factor":
        return _link(k, "equivalence", same.reason)
    x = _unknown(prev, cur)
    if x is None:
        return _link(k, "undecided", "cannot tell which symbol is the unknown")
    before = _solve(prev, x)
    if before is None:
        return _link(k, "undecided", f"could not solve step {k - 1} for {x}")
    forward, point = _includes(before, cur, x, deadline)
    if forward == "no":
        return _link(k, "fails", f"a solution of step {k - 1} does not solve step {k}", point)
    if forward == "unknown":
        return _link(k, "undecided", f"could not decide whether step {k} follows")
    after = _solve(cur, x)
    back = _includes(after, prev, x, deadline)[0] if after is not None else "unknown"
    if back == "yes":
        return _link(k, "equivalence", f"the same solutions in {x}")
    if back == "no":
        return _link(k, "implication", f"step {k} has solutions in {x} that step {k - 1} "
                                       f"has not")
    return _link(k, "implication", f"every solution of step {k - 1} solves step {k}; "
                                   "whether the converse holds was not decided")


def check_chain(steps: list[sympy.Basic], policy: Policy, timeout: float) -> StepsVerdict:
    """Check every link of a chain of steps (written forms) under ``policy``."""
    deadline = time.monotonic() + timeout
    links: list[StepLink] = []
    for k in range(2, len(steps) + 1):
        prev, cur = steps[k - 2], steps[k - 1]
        if time.monotonic() >= deadline:
            links.append(_link(k, "undecided", "time budget exhausted"))
            break
        kp, kc = kind_of(prev), kind_of(cur)
        if kp != kc:
            links.append(_link(k, "fails", f"step {k} is {_article(kc)}, step {k - 1} "
                                           f"{_article(kp)}"))
        elif kp in ("equation", "inequality"):
            links.append(_equation_link(k, prev, cur, policy, deadline))
        else:
            v = decide(cur, prev, policy, max(deadline - time.monotonic(), 1e-3))
            status = {"equivalent": "equivalence", "different": "fails",
                      "undecided": "undecided"}[v.status]
            links.append(_link(k, status, _named(v.reason, k), v.counterexample,
                               _named(v.caveat, k)))
        if links[-1].status == "fails":
            break
    return StepsVerdict.from_links(tuple(steps), tuple(links))


def _named(text: str, k: int) -> str:
    """``text`` about an answer and an expected answer, about steps ``k`` and ``k - 1``."""
    return text.replace("the expected answer", f"step {k - 1}").replace("the answer",
                                                                         f"step {k}")


# ---------------------------------------------------------------------------
# the public check (the caller's side)


def _warm_up() -> None:
    """Run one small chain in a fresh worker, outside any budget."""
    w = sympy.Symbol("w", real=True)
    check_chain([sympy.Eq(w**2, w), sympy.Eq(w, 1)], Policy(), 60.0)


def _chain(steps: list[Frozen], policy: Policy, timeout: float) -> StepsVerdict:
    """:func:`check_chain` on written forms sent frozen (they must not evaluate)."""
    return check_chain([thaw(step) for step in steps], policy, timeout)


def _named_step(role: str, error: Exception) -> Exception:
    return type(error)(f"{role}: {error}")


def check_steps(
    steps: Iterable[Any],
    *,
    latex: bool = False,
    symbols: SymbolsArg = None,
    timeout: float = DEFAULT_TIMEOUT,
    strict: bool = False,
) -> StepsVerdict:
    r"""Check a multi-step answer: does each step follow from the one before?

    Each step is an expression or an equation (text, LaTeX with ``latex=True``
    or SymPy). Expressions must each equal the one before (under the domain
    policy of :func:`symreg.check.equivalent`); an equation follows from the
    one before when every solution of that one solves it. Each link is
    reported as an equivalence, an implication (the step has more solutions:
    squaring both sides) or a failure with a counterexample; checking stops at
    the first failure. ``timeout`` is the budget of the whole chain, reading
    the steps included.

    Raises:
        ParseError: a step is refused by :func:`symreg.check.parse` (the
            message names it), or reading the steps took the whole budget.
        InvalidParameterError: fewer than two steps, or a bad ``timeout``.

    >>> v = check_steps(["w^2 = w", "w^2 - w = 0", "w (w - 1) = 0", "w = 1"])
    >>> v.status, v.first_failure, [link.status for link in v.links]
    ('invalid', 4, ['equivalence', 'equivalence', 'fails'])
    >>> v.links[-1].counterexample
    ((w, 0),)
    >>> [link.status for link in check_steps(["w = 1", "w^2 = 1"]).links]
    ['implication']
    """
    started = time.monotonic()
    timeout = check_timeout(timeout)
    given = list(steps)
    if len(given) < 2:
        raise InvalidParameterError(f"a chain needs at least two steps, got {len(given)}")
    answers, read_s = read([(step, f"step {n}", latex) for n, step in enumerate(given, start=1)],
                           symbols=resolve_symbols(symbols), timeout=timeout,
                           label=_named_step, what="the steps")
    written = tuple(answer.written for answer in answers)
    notes = tuple(dict.fromkeys(note for answer in answers for note in answer.warnings))
    left = max(timeout - read_s, 1e-3)
    kind, value = _budget.run(_chain, ([freeze(step) for step in written],
                                       Policy(strict=bool(strict)), left),
                              left, warmup=_warm_up)
    elapsed = time.monotonic() - started
    if kind == "ok":
        out: StepsVerdict = value
        return StepsVerdict(status=out.status, steps=written, links=out.links,
                            first_failure=out.first_failure, warnings=notes, elapsed=elapsed)
    why = "time budget exhausted" if kind == "timeout" else f"SymPy could not decide: {value}"
    return StepsVerdict(status="undecided", steps=written,
                        links=(StepLink(step=2, status="undecided", reason=why),),
                        warnings=notes, elapsed=elapsed)
