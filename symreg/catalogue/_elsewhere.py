"""Catalogue entries built and verified in a worker process while the caller works on.

A report builds the whole catalogue, and its process has other work too (the
results its figures plot). On a machine with more than one core, :func:`start`
sets a worker process of :mod:`symreg._budget` building and verifying some
entries meanwhile (:func:`build`), under the caller's notation, LaTeX macros
and cache. The worker sends each verified derivation back as data
(:func:`symreg.catalogue._built.faithful`: it is sent only when it comes back
from the data exactly as it was verified), and :meth:`Building.adopt` makes
each the derivation that :func:`~symreg.catalogue.get` returns here, recorded
as verified (:func:`~symreg.catalogue.registry.adopt`); the proximal operators
the worker derived on the way come back too (:func:`symreg.prox.adopt`), for
the rest of the report. The worker runs this package's own builders on the
same inputs, so what it verified is what this process would have built; an
entry whose data did not come back, or a worker that failed for a reason that
is not symreg's, leaves the entry to be built here as usual. A
:class:`~symreg.errors.VerificationError` in the worker (a step that fails)
is raised here as it is, naming the step.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from symreg import _budget, _cache, printing, prox
from symreg.catalogue import _built, registry

__all__ = ["Building", "build", "start", "warm"]


def build(names: Sequence[str], notation: Mapping[Any, str], macros: bool,
          cache: str | None) -> tuple[tuple[tuple[str, Any], ...], list[Any]]:
    """Build and verify the entries ``names`` (run in the worker).

    Returns each entry's name with its data (or None), and the prox derivations
    made meanwhile (:func:`symreg.prox.transfers`), which the caller takes too.
    ``cache`` is the caller's cache directory, or None when its cache is off.

    >>> found, proxes = build(["value-crossover"], {}, False, None)
    >>> [(name, data is not None) for name, data in found]
    [('value-crossover', True)]
    """
    found = []
    with _cache.in_force(cache), printing.notation(notation), printing.macros(macros), \
            prox.in_this_process():
        for name in names:
            found.append((name, _built.faithful(registry.get(name))))
    return tuple(found), prox.transfers()


def warm() -> None:
    """Load what building the entries loads on first use: the warm-up of their worker.

    SymPy imports its units on the first ``simplify`` and its tensor module on
    the first sum of some kinds; a worker forked from a template that has them
    does not import them again.
    """
    import sympy.physics.units
    import sympy.tensor.tensor  # noqa: F401


class Building:
    """Entries being built in a worker process: :meth:`adopt` takes them, :meth:`stop` ends it."""

    def __init__(self, names: Sequence[str]) -> None:
        cache = str(_cache.cache_dir()) if _cache.enabled() else None
        #: The task in its worker (a caller may give that worker more work after it).
        self.task = _budget.start(build, (tuple(names), dict(printing.current_notation()),
                                           printing.macros_enabled(), cache), math.inf,
                                  warmup=warm)

    def adopt(self) -> int:
        """Wait for the worker; take each entry it sent. Returns how many were taken.

        Raises what :func:`build` raised in the worker when it is symreg's own
        error (a step that fails to verify).
        """
        kind, value = self.task.outcome()
        if kind != "ok":
            return 0
        found, proxes = value
        prox.adopt(proxes)
        taken = 0
        for name, data in found:
            derivation = _built.received(data, name)
            if derivation is not None:
                registry.adopt(name, derivation)
                _cache.stats().note("derivations verified by workers")
                taken += 1
        return taken

    def stop(self) -> None:
        """Stop the worker (when the caller no longer needs the entries)."""
        self.task.stop()


def start(names: Sequence[str]) -> Building | None:
    """Start building and verifying the catalogue entries ``names`` in a worker process.

    Entries that this process has built already are left out, and those that the
    cache holds built and verified by an earlier run are taken from it here
    instead; None when that leaves nothing to build.
    """
    left = []
    for name in names:
        entry = registry.entry(name)  # an unknown name is refused here, not in the worker
        if registry.built(name):  # this process has it already
            continue
        kept = _built.load(name, entry.topic) if entry.topic else None
        if kept is None:
            left.append(name)
        else:
            registry.adopt(name, kept)
    return Building(left) if left else None
