r"""The one registry of the catalogue: each entry's name, title and builder, in report order.

Each builder takes the entry's title and returns its derivation; :func:`get`
verifies it before anyone sees it, so a step that fails stops :func:`get` with
the step named.

>>> names()[:3]
('subdifferential', 'value-crossover', 'gradient-crossover')
>>> get("value-crossover").results["l2"]
{1}
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from symreg.derivation import Derivation, verified_together
from symreg.errors import InvalidParameterError

__all__ = ["Entry", "adopt", "built", "derivations", "entry", "get", "names", "title"]

#: Derivations verified by a worker process of this run, by (name, notation): see :func:`adopt`.
_ADOPTED: dict[tuple[str, tuple[tuple[str, str], ...]], Derivation] = {}
#: The (name, notation) of every entry this process has built or taken: see :func:`built`.
_BUILT: set[tuple[str, tuple[tuple[str, str], ...]]] = set()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One named theorem of the catalogue: its name, its title and how to build it.

    >>> _REGISTRY["prox"].name
    'prox'
    """

    name: str
    title: str
    build: Callable[[str], Derivation]
    #: The topic module of ``build`` (``"proximal"``): its verified derivation is then kept
    #: in the cache of built derivations (:mod:`symreg.catalogue._built`); empty for none.
    topic: str = ""


def _lazy(module: str, function: str) -> Callable[[str], Derivation]:
    """The builder ``function`` of the topic module ``module``, imported when first called.

    So ``symreg derive NAME`` loads only the models NAME is built from.

    >>> _lazy("proximal", "proximal_steps").__qualname__
    'proximal.proximal_steps'
    """
    def build(title: str) -> Derivation:
        builder: Callable[[str], Derivation] = getattr(
            importlib.import_module(f"symreg.catalogue.{module}"), function)
        return builder(title)

    build.__qualname__ = f"{module}.{function}"
    build.__doc__ = f"Build with :func:`symreg.catalogue.{module}.{function}`."
    return build


# The one registry, in report order.
_REGISTRY: MappingProxyType[str, Entry] = MappingProxyType({entry.name: entry for entry in (
    Entry(name="subdifferential",
          title="Subdifferential of L1, gradients of L2",
          build=_lazy("crossovers", "subdifferential"), topic="crossovers"),
    Entry(name="value-crossover",
          title="Where the two penalties are equal, and which is larger",
          build=_lazy("crossovers", "value_crossover"), topic="crossovers"),
    Entry(name="gradient-crossover",
          title="Where the gradients are equal, under both L2 conventions",
          build=_lazy("crossovers", "gradient_crossover"), topic="crossovers"),
    Entry(name="epsilon-step",
          title="The decrease earned by one step toward zero",
          build=_lazy("steps", "epsilon_step"), topic="steps"),
    Entry(name="worked-example",
          title="A large and a small weight, one small step",
          build=_lazy("steps", "worked_example"), topic="steps"),
    Entry(name="near-zero",
          title="Near zero: the pull per unit of step",
          build=_lazy("steps", "near_zero"), topic="steps"),
    Entry(name="prox",
          title="Proximal steps: soft thresholding and shrinkage",
          build=_lazy("proximal", "proximal_steps"), topic="proximal"),
    Entry(name="descent",
          title="Repeated steps: the regimes of L2 gradient steps, exact zeros for L1",
          build=_lazy("proximal", "repeated_steps"), topic="proximal"),
    Entry(name="map",
          title="Gaussian and Laplace priors give L2 and L1",
          build=_lazy("bayes", "map_priors"), topic="bayes"),
    Entry(name="lp-family",
          title="The Lp family and the elastic net",
          build=_lazy("families", "lp_family"), topic="families"),
)})


def entry(name: str) -> Entry:
    """The registry's entry called ``name``.

    >>> entry("map").topic
    'bayes'
    """
    _check_name(name)
    return _REGISTRY[name]


def title(name: str) -> str:
    """The title of a catalogue entry, without building it.

    >>> title("prox")
    'Proximal steps: soft thresholding and shrinkage'
    """
    _check_name(name)
    return _REGISTRY[name].title


def _check_name(name: str) -> None:
    if name not in _REGISTRY:
        raise InvalidParameterError(
            f"unknown derivation {name!r}; known: {', '.join(_REGISTRY)}")


def names() -> tuple[str, ...]:
    """Names of the catalogue's derivations, in report order.

    >>> len(names())
    10
    """
    return tuple(_REGISTRY)


def get(name: str) -> Derivation:
    """Build and verify the derivation called ``name``.

    Raises:
        InvalidParameterError: for an unknown name.
        VerificationError: if a step fails (naming the step).

    >>> [c.expr for c in get("gradient-crossover").conventions]
    [lam*Abs(w), lam*w**2, lam*w**2/2]
    """
    from symreg.catalogue import _built

    _check_name(name)
    return _get(name, _built.notation_key())


@functools.cache
def _get(name: str, notation: tuple[tuple[str, str], ...]) -> Derivation:
    """The derivation ``name`` built under ``notation``, once (see :func:`_built.notation_key`)."""
    from symreg.catalogue import _built

    _BUILT.add((name, notation))
    adopted = _ADOPTED.pop((name, notation), None)
    if adopted is not None and adopted.verified:  # (a record of verified ones may be cleared)
        return adopted
    entry = _REGISTRY[name]
    if entry.topic:
        # Built and verified by an earlier run of exactly the same code: see _built.
        kept = _built.load(name, entry.topic)
        if kept is not None:
            return kept
    # Where links are proved by two processes, those of every derivation the entry
    # builds are proved together, at the end (see symreg.derivation._shared).
    with verified_together():
        derivation = entry.build(entry.title).verify()
    if entry.topic:
        _built.save(name, entry.topic, derivation)
    return derivation


def built(name: str) -> bool:
    """Whether this process has built entry ``name`` (or taken it) under the notation in force.

    >>> _ = get("value-crossover")
    >>> built("value-crossover")
    True
    """
    from symreg.catalogue import _built

    _check_name(name)
    return (name, _built.notation_key()) in _BUILT


def adopt(name: str, derivation: Derivation) -> None:
    """Take ``derivation`` as entry ``name`` under the notation in force, unless built already.

    Only for a derivation that this package built with the entry's own builder
    under the same notation and verified: in a worker process of this run (see
    :mod:`symreg.catalogue._elsewhere`) or in an earlier run that the cache
    kept it from (:func:`symreg.catalogue._built.load`). :func:`get` then
    returns it instead of building the entry again.
    """
    from symreg.catalogue import _built

    _check_name(name)
    _ADOPTED[(name, _built.notation_key())] = derivation


def derivations() -> tuple[Derivation, ...]:
    """Every derivation of the catalogue, verified, in report order.

    >>> [d.name for d in derivations()][-2:]
    ['map', 'lp-family']
    """
    return tuple(get(name) for name in _REGISTRY)
