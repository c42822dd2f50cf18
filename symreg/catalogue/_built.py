"""Built catalogue derivations remembered on disk: an unchanged entry is not built again.

A catalogue entry's derivation is a function of the notation in force (a
text that printed its mathematics when it was built would depend on it;
symreg's own entries write theirs with :func:`symreg.printing.words`, printed
when shown), of the versions of Python and SymPy, and of the
code that builds and verifies it: the entry's own topic
module, the catalogue's shared modules and every module below the catalogue
(the models, the calculus, the derivations, the prover, the printer), but not
the other topic modules nor the layers above (renderers, the answer checker,
the command line). :func:`load` looks the derivation up in
:class:`symreg._cache.Store` under the fingerprint of exactly those files;
an entry is MAC-checked by the store before anything in it is read. So a
report whose format, width or renderers changed, or whose other entries were
edited, builds only what changed.

A derivation is stored as data (nested lists of SymPy class names and
atoms, JSON), never pickled: SymPy's pickles rebuild expressions with
evaluation, which would turn a written form like ``Abs(w)**2`` into ``w**2``.
Thawing rebuilds each node without evaluation, and a derivation is stored only
when thawing gives back exactly the derivation that was verified (the same
steps, claim, results and witness), so a kept derivation renders exactly as
a built one. Classes are looked up only in SymPy and symreg. A derivation that does not
survive the trip (an expression with a dummy symbol, a float, a function with
assumptions) is simply built every time; a function named without assumptions
(``phi(w)``) is kept by its name.

>>> import sympy
>>> from symreg.symbols import w
>>> form = sympy.Pow(sympy.Abs(w), 2, evaluate=False)
>>> thaw(freeze(form)), sympy.srepr(thaw(freeze(form))) == sympy.srepr(form)
(Abs(w)**2, True)
"""

from __future__ import annotations

import functools
import importlib
import sys
from pathlib import Path
from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.core.symbol import Str

from symreg import _cache, printing
from symreg._written import rebuild
from symreg.convention import Convention
from symreg.derivation import Chain, Derivation, Step
from symreg.derivation._derivation import record_verified
from symreg.printing._words import text_data, text_from_data

__all__ = ["faithful", "freeze", "load", "notation_key", "received", "save", "taken", "thaw"]

_PACKAGE = Path(__file__).resolve().parent.parent
_HERE = Path(__file__).resolve().parent
#: Topic modules: each builds its own entries and imports no other topic module.
TOPICS = ("bayes", "conventions", "crossovers", "families", "proximal", "steps")
# Modules and packages above the catalogue in the layers contract: a derivation
# cannot depend on them (the contract forbids importing upward).
_ABOVE = ("render", "parse", "export", "cli.py", "__main__.py", "_cli_check.py",
          "_cli_grade.py", "pytest_plugin.py", "testing.py", "_implements.py", "grade.py",
          "check.py", "_steps.py", "_reading.py", "_compare.py", "_decide.py", "_verdict.py",
          "_caveat.py", "_answers.py")


def taken() -> int:
    """How many catalogue derivations this process took from the cache, built and verified.

    >>> taken() >= 0
    True
    """
    return _cache.stats().events_of("derivations taken")


class _NotFaithful(Exception):
    """An object that the frozen form cannot carry exactly."""


@functools.cache
def _sources(topic: str) -> tuple[str, ...]:
    """The source files a derivation of the topic module ``topic`` is built and verified by."""
    chosen = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        relative = path.relative_to(_PACKAGE)
        if relative.parts[0] in _ABOVE:
            continue
        if path.parent == _HERE and path.stem in TOPICS and path.stem != topic:
            continue
        chosen.append(str(path))
    return tuple(chosen)


def _store(topic: str) -> _cache.Store:
    return _cache.Store("derivations", code=_sources(topic))


def _key(name: str) -> list[str]:
    """The entry's name, Python's version and the notation in force.

    A text that printed its mathematics when it was built depends on the notation.
    """
    return [name, f"python {sys.version}", repr(notation_key())]


def notation_key() -> tuple[tuple[str, str], ...]:
    """The notation (and the macros, if on) in force: what a derivation is built under.

    >>> notation_key()
    ()
    """
    return printing.in_force()


# ---------------------------------------------------------------------------
# SymPy objects as JSON data, rebuilt without evaluation


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not any(module == top or module.startswith(f"{top}.") for top in ("sympy", "symreg")):
        raise _NotFaithful(f"not a class of SymPy or symreg: {name}")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not (isinstance(found, type) and issubclass(found, sympy.Basic)):
        raise _NotFaithful(f"not a SymPy expression class: {name}")
    return found


def freeze(obj: Any) -> Any:
    """JSON data for a SymPy object (class names and atoms), or ``obj`` for plain JSON values.

    Raises _NotFaithful for what the data cannot carry (dummies, floats, functions
    with assumptions); a caller then keeps nothing.
    """
    if obj is None or isinstance(obj, (str, bool)):
        return obj
    if not isinstance(obj, sympy.Basic):
        raise _NotFaithful(f"not a SymPy object: {type(obj).__name__}")
    if isinstance(obj, (sympy.Dummy, sympy.Wild, sympy.Float)):
        raise _NotFaithful(type(obj).__name__)
    cls = type(obj)
    if isinstance(obj, AppliedUndef):  # a function named in a step (the prior's density)
        if getattr(cls, "_kwargs", None) != {}:
            raise _NotFaithful(f"the function {cls.__name__} has assumptions")
        return {"function": cls.__name__, "args": [freeze(a) for a in obj.args]}
    if cls is sympy.Symbol:
        return {"symbol": obj.name,
                "assumptions": sorted([k, v] for k, v in obj._assumptions_orig.items())}
    if isinstance(obj, sympy.Integer):
        return {"integer": str(obj)}
    if isinstance(obj, sympy.Rational):
        return {"rational": [str(obj.p), str(obj.q)]}
    if cls is Str:  # a name (of a random symbol, a matrix symbol)
        return {"str": obj.name}
    if not obj.args:
        return {"atom": _class_name(cls)}
    return {"node": _class_name(cls), "args": [freeze(a) for a in obj.args]}


def thaw(data: Any) -> Any:
    """The SymPy object of :func:`freeze`, each node built without evaluation."""
    if data is None or isinstance(data, (str, bool)):
        return data
    if not isinstance(data, dict):
        raise _NotFaithful("not frozen data")
    if "symbol" in data:
        return sympy.Symbol(data["symbol"], **{k: v for k, v in data["assumptions"]})
    if "integer" in data:
        return sympy.Integer(int(data["integer"]))
    if "rational" in data:
        p, q = data["rational"]
        return sympy.Rational(int(p), int(q))
    if "str" in data:
        return Str(data["str"])
    if "atom" in data:
        return _class(data["atom"])()
    if "function" in data:
        return sympy.Function(data["function"])(*[thaw(a) for a in data["args"]])
    return rebuild(_class(data["node"]), [thaw(a) for a in data["args"]])


def _freeze_step(step: Step) -> dict[str, Any]:
    return {"lhs": freeze(step.lhs), "rhs": freeze(step.rhs),
            "reason": text_data(step.reason, freeze),
            "relation": step.relation, "where": freeze(step.where),
            "variable": freeze(step.variable), "domain": freeze(step.domain)}


def _thaw_step(data: dict[str, Any]) -> Step:
    return Step(thaw(data["lhs"]), thaw(data["rhs"]), reason=text_from_data(data["reason"], thaw),
                relation=data["relation"], where=thaw(data["where"]),
                variable=thaw(data["variable"]), domain=thaw(data["domain"]))


def _freeze_derivation(derivation: Derivation) -> dict[str, Any]:
    return {
        "name": derivation.name, "title": text_data(derivation.title, freeze),
        "prose": text_data(derivation.prose, freeze),
        "remarks": [text_data(remark, freeze) for remark in derivation.remarks],
        "conventions": [[c.label, freeze(c.expr)] for c in derivation.conventions],
        "chains": [[_freeze_step(s) for s in chain.steps] for chain in derivation.chains],
        "hypotheses": freeze(derivation.hypotheses),
        "statements": [freeze(s) for s in derivation.statements],
        "results": [[k, freeze(v)] for k, v in derivation.results.items()],
        "witness": [[freeze(s), freeze(v)] for s, v in derivation.witness],
    }


def _thaw_derivation(data: dict[str, Any]) -> tuple[Derivation, tuple[tuple[Any, Any], ...]]:
    derivation = Derivation(
        name=data["name"], title=text_from_data(data["title"], thaw),
        prose=text_from_data(data["prose"], thaw),
        remarks=tuple(text_from_data(remark, thaw) for remark in data["remarks"]),
        conventions=tuple(Convention(label=label, expr=thaw(expr))
                          for label, expr in data["conventions"]),
        steps=tuple(Chain(tuple(_thaw_step(s) for s in chain)) for chain in data["chains"]),
        hypotheses=thaw(data["hypotheses"]),
        claim=[thaw(s) for s in data["statements"]],
        results={k: thaw(v) for k, v in data["results"]},
    )
    witness = tuple((thaw(s), thaw(v)) for s, v in data["witness"])
    return derivation, witness


def _same(a: Derivation, b: Derivation) -> bool:
    """Equal as data, and every expression written the same (``srepr``)."""
    if a != b or a.statements != b.statements or _texts(a) != _texts(b):
        return False
    return bool(sympy.srepr(_every_expression(a)) == sympy.srepr(_every_expression(b)))


def _texts(d: Derivation) -> list[Any]:
    """Every text of ``d`` as data, its math written out (``srepr``)."""
    texts = [d.title, d.prose, *d.remarks, *(s.reason for chain in d.chains for s in chain.steps)]
    return [text_data(text, sympy.srepr) for text in texts]


def _every_expression(d: Derivation) -> sympy.Tuple:
    parts: list[Any] = [d.hypotheses, *d.statements, *d.results.values(),
                        *(c.expr for c in d.conventions)]
    for chain in d.chains:
        for s in chain.steps:
            parts += [s.lhs, s.rhs, s.where, s.variable, s.domain]
    return sympy.Tuple(*[sympy.S.NaN if p is None else p for p in parts])


# ---------------------------------------------------------------------------
# the cache


def load(name: str, topic: str) -> Derivation | None:
    """The verified derivation of entry ``name`` (of module ``topic``) kept by an earlier run.

    None when the cache is off, holds no entry for exactly this code, or the
    entry is rejected (its MAC fails) or malformed.
    """
    if not _cache.enabled():
        return None
    derivation = received(_store(topic).get(_key(name)), name)
    if derivation is not None:
        _cache.stats().note("derivations taken")
    return derivation


def received(content: Any, name: str) -> Derivation | None:
    """The verified derivation of entry ``name`` from its data (:func:`faithful`), or None.

    For data kept by this package, by an earlier run (its MAC checked) or by a
    worker process of this run, that :meth:`~symreg.Derivation.verify` accepted;
    None when the data is malformed or of another entry.
    """
    if not isinstance(content, dict):
        return None
    try:
        derivation, witness = _thaw_derivation(content)
    except (_NotFaithful, KeyError, TypeError, ValueError, AttributeError, ImportError):
        return None
    if derivation.name != name:
        return None
    return record_verified(derivation, witness)


def faithful(derivation: Derivation) -> dict[str, Any] | None:
    """The verified ``derivation`` as data, if it comes back from the data exactly; else None.

    >>> from symreg.derivation import Step
    >>> from symreg.symbols import w
    >>> square = Derivation(name="sq", title="Square", steps=(
    ...     Step((w - 1)**2, w**2 - 2*w + 1, reason="expand"),)).verify()
    >>> received(faithful(square), "sq") == square
    True
    """
    try:
        data = _freeze_derivation(derivation)
        thawed, witness = _thaw_derivation(data)
    except (_NotFaithful, TypeError, ValueError):
        return None
    if not (_same(thawed, derivation) and witness == derivation.witness
            and sympy.srepr(sympy.Tuple(*(x for pair in witness for x in pair)))
            == sympy.srepr(sympy.Tuple(*(x for pair in derivation.witness for x in pair)))):
        return None
    return data


def save(name: str, topic: str, derivation: Derivation) -> bool:
    """Keep the verified ``derivation`` of entry ``name``; whether it could be kept exactly."""
    if not _cache.enabled():
        return False
    data = faithful(derivation)
    if data is None:
        return False
    _store(topic).put(_key(name), data)
    return True
