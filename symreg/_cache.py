"""The on-disk cache of verified facts, shared by every process of one user.

An entry records that one exact claim was proved (or one figure file was
drawn from one exact set of data). Entries are found by a key: the SHA-256 of
the caller's serialisation of the claim, together with the cache format, the
versions of symreg and SymPy, and a fingerprint of the source code that
decided the claim. Only an exact key match is used.

Each entry carries an HMAC-SHA256 of its key and content, made with a random
secret kept in the cache directory (``key``, readable by its owner only). An
entry whose MAC does not match (a truncated file, a flipped byte, a hand
edit) is counted as rejected, ignored, and overwritten when the claim has
been decided again. Writes go to a temporary file in the same directory and
are renamed into place (``os.replace``), so concurrent processes (pytest-xdist
workers, report workers) share one directory safely: a reader sees a whole
entry or none.

Where the cache lives is read at each use, not at import:

* ``SYMREG_NO_CACHE=1`` (or any value but ``""`` and ``"0"``) turns it off;
* ``SYMREG_CACHE_DIR`` names the directory;
* otherwise the platform's user cache directory: ``$XDG_CACHE_HOME/symreg``
  (default ``~/.cache/symreg``) on Linux, ``~/Library/Caches/symreg`` on
  macOS, ``%LOCALAPPDATA%\\symreg\\Cache`` on Windows.

A cache that cannot be written (a read-only home) is silently skipped: the
work is then done in every run, as with the cache off.

>>> import os, tempfile
>>> before = os.environ.get("SYMREG_CACHE_DIR")
>>> with tempfile.TemporaryDirectory() as tmp:
...     os.environ["SYMREG_CACHE_DIR"] = tmp
...     try:
...         store = Store("demo", code=())
...         store.get(["2 + 2", "4"]) is None
...         store.put(["2 + 2", "4"], {"status": "proved"})
...         store.get(["2 + 2", "4"])
...     finally:
...         del os.environ["SYMREG_CACHE_DIR"]
...         if before is not None:
...             os.environ["SYMREG_CACHE_DIR"] = before
True
{'status': 'proved'}
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "REPORTS", "Stats", "Store", "cache_dir", "disabled", "enabled", "holds",
           "in_force", "stats"]

#: The layout of entries; a change of layout starts a fresh cache.
FORMAT = "symreg-cache-1"
#: The namespace of whole reports (:mod:`symreg.render._reportcache`).
REPORTS = "reports"

_KEY_FILE = "key"
_KEY_BYTES = 32


@dataclass
class Stats:
    """What the caches of this process did: lookups found, missed, rejected; entries stored."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0
    stored: int = 0
    by_namespace: dict[str, list[int]] = field(default_factory=dict)
    #: What the users of the cache report, by name: ``"steps proved"``, ``"steps
    #: taken"``, ``"derivations taken"``, ``"reports taken"`` (for the command's note).
    events: dict[str, int] = field(default_factory=dict)

    def count(self, namespace: str, what: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        row = self.by_namespace.setdefault(namespace, [0, 0, 0, 0])
        row[("hits", "misses", "rejected", "stored").index(what)] += 1

    def note(self, event: str) -> None:
        """Count one ``event`` (a proof made or taken, a derivation or report taken).

        >>> Stats().note("steps proved")
        """
        self.events[event] = self.events.get(event, 0) + 1

    def events_of(self, event: str) -> int:
        """How many times ``event`` was noted in this process."""
        return self.events.get(event, 0)


_STATS = Stats()


def stats() -> Stats:
    """The counters of this process (see :class:`Stats`)."""
    return _STATS


def enabled() -> bool:
    """Whether the cache is on: ``SYMREG_NO_CACHE`` unset, empty or ``0``.

    >>> with disabled():
    ...     enabled()
    False
    """
    return os.environ.get("SYMREG_NO_CACHE", "") in ("", "0")


def holds(namespace: str) -> bool:
    """Whether the cache is on and has kept something in ``namespace`` (any code, any version).

    A cheap look before any work: False means that nothing of ``namespace``
    can come from the cache in this run.

    >>> with disabled():
    ...     holds("reports")
    False
    """
    return enabled() and (cache_dir() / FORMAT / namespace).is_dir()


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Turn the cache off inside the block (for this process and the workers it starts).

    >>> with disabled():
    ...     enabled()
    False
    >>> enabled() == (os.environ.get("SYMREG_NO_CACHE", "") in ("", "0"))
    True
    """
    with in_force(None):
        yield


@contextlib.contextmanager
def in_force(directory: str | None) -> Iterator[None]:
    """Inside the block, the cache in ``directory``, or off when None (as another process
    of the same run has it: a worker may have been started under other settings).

    >>> with in_force("/tmp/elsewhere"):
    ...     enabled(), cache_dir().as_posix()
    (True, '/tmp/elsewhere')
    """
    names = ("SYMREG_CACHE_DIR", "SYMREG_NO_CACHE")
    before = {name: os.environ.get(name) for name in names}
    os.environ.pop("SYMREG_NO_CACHE", None)
    if directory is None:
        os.environ["SYMREG_NO_CACHE"] = "1"
    else:
        os.environ["SYMREG_CACHE_DIR"] = directory
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def cache_dir() -> Path:
    """The cache directory in force now (``SYMREG_CACHE_DIR``, else the platform's).

    >>> cache_dir().name in ("symreg", "Cache") or "SYMREG_CACHE_DIR" in os.environ
    True
    """
    chosen = os.environ.get("SYMREG_CACHE_DIR", "")
    if chosen:
        return Path(chosen).expanduser()
    home = Path.home()
    if sys.platform == "win32":  # pragma: no cover - not the CI platform
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "symreg" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover - not the CI platform
        return home / "Library" / "Caches" / "symreg"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if xdg else home / ".cache") / "symreg"


@functools.cache
def _versions() -> tuple[str, str]:
    import sympy

    from symreg._version import __version__

    return __version__, str(sympy.__version__)


@functools.cache
def fingerprint(files: tuple[str, ...]) -> str:
    """The SHA-256 of the contents of ``files``, in the order given (a missing file counts).

    A development install keeps its version number while its code changes;
    the fingerprint of the deciding code keeps such a change from reusing an
    entry made by the code before it.
    """
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0")
        try:
            digest.update(Path(name).read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def _secret(root: Path) -> bytes:
    """The MAC key of the cache at ``root``, created once (the first writer wins)."""
    path = root / _KEY_FILE
    with contextlib.suppress(FileNotFoundError):
        key = path.read_bytes()
        if len(key) == _KEY_BYTES:
            return key
    root.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".key.", dir=root)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(_KEY_BYTES))
        os.chmod(partial, 0o600)
        try:
            os.link(partial, path)  # never replaces a key another process made
        except FileExistsError:
            pass
        except OSError:  # pragma: no cover - a file system without hard links
            if not path.exists():
                os.replace(partial, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(partial)
    key = path.read_bytes()
    if len(key) != _KEY_BYTES:
        # A damaged key: replace it; entries made with the old one are then rejected.
        _atomic_write(path, secrets.token_bytes(_KEY_BYTES))
        key = path.read_bytes()
    return key


def _mac(secret: bytes, digest: str, content: Any) -> str:
    text = json.dumps([digest, content], sort_keys=True, separators=(",", ":"))
    return hmac.new(secret, text.encode(), hashlib.sha256).hexdigest()


class Store:
    """Entries of one kind (a namespace) in the cache directory in force.

    Args:
        namespace: a short name (``"steps"``, ``"figures"``); a directory.
        code: the source files whose behaviour decides an entry (their
            fingerprint is part of every key).
    """

    def __init__(self, namespace: str, *, code: Iterable[str | os.PathLike[str]]) -> None:
        self.namespace = namespace
        self._code = tuple(str(Path(c)) for c in code)

    def key(self, parts: Sequence[str]) -> str:
        """The hex digest that names the entry of ``parts`` (and of versions and code)."""
        own, sympy_version = _versions()
        payload = json.dumps([FORMAT, self.namespace, own, sympy_version,
                              fingerprint(self._code), list(parts)], separators=(",", ":"))
        return hashlib.sha256(payload.encode()).hexdigest()

    def _path(self, root: Path, digest: str) -> Path:
        return root / FORMAT / self.namespace / digest[:2] / f"{digest}.json"

    def get(self, parts: Sequence[str]) -> Any:
        """The content stored under ``parts``, or None (no entry, cache off, entry rejected)."""
        if not enabled():
            return None
        root = cache_dir()
        digest = self.key(parts)
        try:
            raw = self._path(root, digest).read_bytes()
        except OSError:
            _STATS.count(self.namespace, "misses")
            return None
        try:
            entry = json.loads(raw)
            secret = _secret(root)
            good = (isinstance(entry, dict) and entry.get("key") == digest
                    and isinstance(entry.get("mac"), str)
                    and hmac.compare_digest(entry["mac"], _mac(secret, digest,
                                                               entry.get("content"))))
        except (ValueError, OSError):
            good = False
        if not good:
            _STATS.count(self.namespace, "rejected")
            return None
        _STATS.count(self.namespace, "hits")
        return entry["content"]

    def put(self, parts: Sequence[str], content: Any) -> None:
        """Store ``content`` (JSON data) under ``parts`` (skipped when it cannot be written)."""
        if not enabled():
            return
        root = cache_dir()
        digest = self.key(parts)
        try:
            entry = {"key": digest, "content": content,
                     "mac": _mac(_secret(root), digest, content)}
            data = json.dumps(entry, sort_keys=True, separators=(",", ":")).encode()
            _atomic_write(self._path(root, digest), data)
        except OSError:
            return
        _STATS.count(self.namespace, "stored")

    def path(self, parts: Sequence[str]) -> Path:
        """Where the entry of ``parts`` is (or would be) stored."""
        return self._path(cache_dir(), self.key(parts))
