"""The links of one derivation proved by two processes: this one and a fork of it.

Proving the links of a derivation is most of the work of ``symreg derive
NAME``, and each link is proved on its own. Inside :func:`in_two_processes`
(the command uses it when the process may run on two cores), a derivation
with several links left to prove forks: this process takes the links from
the first on, the fork from the last back, each marking a link as taken
before it starts on it, until they meet. The fork sends each outcome back
through a pipe and ends; this process then has every outcome, and
:meth:`~symreg.derivation.Derivation.verify` goes through them in order, as
if it had proved them itself: the first link that fails is the one named.
A link that the fork did not finish (it stopped, or both took it at once)
is proved here. Nothing is forked where threads run (a fork would copy a
lock held by one of them), or on one core.

An entry of the catalogue builds several derivations, each on the ones
before (a descent on a proximal operator). Inside :func:`one_batch` as well,
``verify()`` of each only records it; at the end of the block the links of
all of them, each once, are shared between the two processes in one fork,
and each derivation is then verified in the order it was recorded, with
those outcomes: the first false link is the one a derivation verified at
once would have named. A block left by an error verifies what it recorded
first, so a false link recorded before the error is still the failure
reported; an interrupted block (``KeyboardInterrupt``) verifies nothing. When
the batch is not verified, every memoised result of the package is forgotten
(:func:`symreg._memo.forget_results`): one may hold a derivation that was
recorded but not verified.

>>> with in_two_processes():
...     enabled()
True
>>> enabled()
False
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from symreg import _budget
from symreg._memo import forget_results
from symreg.proof import Proof

__all__ = ["MIN_LINKS", "defer", "enabled", "in_two_processes", "one_batch", "outcomes",
           "recorded"]

#: Fewer links than this are proved here alone: a fork costs about as much as a short link.
MIN_LINKS = 6

Link = TypeVar("Link")

_ENABLED: ContextVar[bool] = ContextVar("symreg_two_processes", default=False)
_FREE, _HERE, _FORK = 0, 1, 2


_BATCH: ContextVar[list[Any] | None] = ContextVar("symreg_batch", default=None)


@contextmanager
def one_batch(verify_together: Callable[[list[Any]], None]) -> Iterator[None]:
    """Inside :func:`in_two_processes`: the derivations recorded by :func:`defer` in the
    block are verified at its end, by ``verify_together``; elsewhere the block does nothing.

    >>> with in_two_processes(), one_batch(lambda recorded: print(recorded)):
    ...     defer("a"), defer("b"), defer("a")
    (True, True, True)
    ['a', 'b']
    >>> defer("a")
    False
    """
    if not enabled():
        yield
        return
    recorded: list[Any] = []
    token = _BATCH.set(recorded)
    try:
        yield
    except Exception:
        _BATCH.reset(token)
        _settle(verify_together, recorded)  # a false link recorded earlier is the failure
        raise
    except BaseException:  # interrupted: nothing is verified
        _BATCH.reset(token)
        forget_results()
        raise
    _BATCH.reset(token)
    _settle(verify_together, recorded)


def _settle(verify_together: Callable[[list[Any]], None], recorded: list[Any]) -> None:
    """``verify_together(recorded)``; when it fails, every memoised result is forgotten (one
    may hold a derivation of the batch that is not verified)."""
    try:
        verify_together(recorded)
    except BaseException:
        forget_results()
        raise


def defer(derivation: Any) -> bool:
    """Record ``derivation`` to be verified at the end of the :func:`one_batch` block it is
    built in; False outside one (it is to be verified at once)."""
    recorded = _BATCH.get()
    if recorded is None:
        return False
    if derivation not in recorded:
        recorded.append(derivation)
    return True


def recorded(derivation: Any) -> bool:
    """Whether ``derivation`` waits to be verified at the end of the :func:`one_batch` block."""
    waiting = _BATCH.get()
    return waiting is not None and derivation in waiting


@contextmanager
def in_two_processes() -> Iterator[None]:
    """Let :meth:`~symreg.derivation.Derivation.verify` prove links in a fork too, in the block."""
    token = _ENABLED.set(True)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def enabled() -> bool:
    """Whether links may be proved in a fork (inside :func:`in_two_processes`)."""
    return _ENABLED.get()


def _forkable(count: int) -> bool:
    return (enabled() and count >= MIN_LINKS and hasattr(os, "fork") and _alone()
            and _budget.cores() >= 2)


def _alone() -> bool:
    """Whether this process runs one thread (a fork copies no lock another one holds)."""
    return threading.active_count() == 1


def outcomes(links: Sequence[Link], prove: Callable[[Link], Proof]) -> list[Proof] | None:
    """The outcome of ``prove`` on each link, proved here and in a fork; None if not forked.

    >>> outcomes(["a"], lambda link: Proof(status="proved")) is None  # too few links
    True
    """
    if not _forkable(len(links)):
        return None
    taken = mmap.mmap(-1, len(links))  # shared with the fork: who took each link
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the fork's side, measured through its outcomes
        os.close(reading)
        try:
            with os.fdopen(writing, "wb") as out:
                for index in reversed(range(len(links))):
                    if taken[index] != _FREE:
                        break
                    taken[index] = _FORK
                    pickle.dump((index, prove(links[index])), out)
                    out.flush()
        finally:
            os._exit(0)
    os.close(writing)
    found: list[Proof | None] = [None] * len(links)
    try:
        for index in range(len(links)):
            if taken[index] != _FREE:
                break
            taken[index] = _HERE
            found[index] = prove(links[index])
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # nothing it finds is needed now
        raise
    finally:
        _collect(reading, found)
        os.waitpid(pid, 0)
        taken.close()
    return [proof if proof is not None else prove(link) for link, proof in zip(
        links, found, strict=True)]


def _collect(reading: int, found: list[Proof | None]) -> None:
    """The fork's outcomes, for the links this process has none for."""
    with os.fdopen(reading, "rb") as inp:
        while True:
            try:
                index, proof = pickle.load(inp)
            except (EOFError, pickle.UnpicklingError):
                return
            if found[index] is None and isinstance(proof, Proof):
                found[index] = proof
