"""Figure files remembered on disk, keyed by the hash of the data they are drawn from.

A figure is a function of its symbolic data (the penalties, crossovers,
proximal maps and descents it plots, written with ``sympy.srepr``), the
plotting parameters, the reader's notation, the format, and the versions of
matplotlib and numpy and of the code that draws it. :func:`figure_files`
looks each figure up in :class:`symreg._cache.Store` under all of that; a hit
writes the stored bytes (MAC-checked by the store) and needs no matplotlib at
all, a miss draws the figure and stores it. ``SYMREG_NO_CACHE=1`` draws
every figure.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from symreg import _cache

__all__ = ["figure_files"]

_HERE = Path(__file__).resolve().parent
# The code that draws a figure: the figures module, its data, and the printer (a package).
_STORE = _cache.Store("figures", code=(
    str(_HERE / "figures.py"), str(_HERE / "_figdata.py"),
    *sorted(str(p) for p in (_HERE.parent / "printing").glob("*.py"))))

#: A drawn figure: (name, file name, caption).
Drawn = tuple[str, str, str]


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - matplotlib is a dependency
        return "absent"


def data_digest(parts: Sequence[str]) -> str:
    """The SHA-256 of the exact data of the figures, with the drawing libraries' versions.

    >>> len(data_digest(["Symbol('w', real=True)"]))
    64
    """
    text = "\0".join([*parts, _version("matplotlib"), _version("numpy")])
    return hashlib.sha256(text.encode()).hexdigest()


def _stored(content: object, outdir: Path) -> Drawn | None:
    """Write a stored figure's file into ``outdir``; None when the entry is not one."""
    if not isinstance(content, dict):
        return None
    name, file, caption, data = (content.get(k) for k in ("name", "file", "caption", "data"))
    if not (isinstance(name, str) and isinstance(file, str) and isinstance(caption, str)
            and isinstance(data, str)) or Path(file).name != file:
        return None
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError:
        return None
    (outdir / file).write_bytes(raw)
    return name, file, caption


def figure_files(outdir: Path, fmt: str, digest: str,
                 makers: Sequence[tuple[str, Callable[[], Drawn]]],
                 style: Callable[[], AbstractContextManager[None]]) -> Iterator[Drawn]:
    """Each figure of ``makers`` (name, drawing function), from the cache or drawn in ``style``.

    ``digest`` is :func:`data_digest` of everything the figures are drawn
    from; the figures are yielded in the order of ``makers``.
    """
    with contextlib.ExitStack() as stack:
        styled = False
        for name, draw in makers:
            parts = (digest, fmt, name)
            found = _stored(_STORE.get(parts), outdir)
            if found is not None:
                yield found
                continue
            if not styled:
                stack.enter_context(style())
                styled = True
            drawn = draw()
            raw = (outdir / drawn[1]).read_bytes()
            _STORE.put(parts, {"name": drawn[0], "file": drawn[1], "caption": drawn[2],
                               "data": base64.b64encode(raw).decode("ascii")})
            yield drawn
